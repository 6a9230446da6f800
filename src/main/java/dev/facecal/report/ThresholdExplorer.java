package dev.facecal.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facecal.calibrate.Confusion;
import dev.facecal.calibrate.OperatingCurve;
import dev.facecal.report.PlotlyTrace.Dash;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.DoubleUnaryOperator;

/**
 * The threshold explorer: one Plotly figure in which a slider moves the decision threshold across the two distance
 * distributions (same person, different persons) and a table beside them shows, at each position, what that
 * threshold decides: the four confusion counts, precision, recall, F1, accuracy, FAR, FRR and the confidence a pair
 * at exactly that distance gets. Each method's threshold (C4.5, F1-max, EER, sigma, ...) and the published ones a
 * study has are marked as dashed and dotted lines, and the slider has a stop at each of them.
 *
 * <p>Everything is computed here, ahead of time, for every slider position (the counts from
 * {@link OperatingCurve#confusionAt}, accepted = distance at or below the threshold, as DeepFace decides), and stored
 * in the figure's JSON as plotly.js slider steps ({@code method: "update"} of the table's cells and of the line
 * marking the threshold, keeping the figure's height). So the explorer needs no kernel and no custom JavaScript: it
 * works in JupyterLab, the classic Notebook, the HTML export and any page with plotly.js, offline, on every Java
 * kernel.
 *
 * <pre>{@code
 * PlotlyFigure f = ThresholdExplorer.builder("dlib cosine distance", distances, positive)
 *         .metric("cosine").methods(markers).published(List.of(new Marker("DeepFace notebook", 0.3147)))
 *         .confidence(model::confidence).start(c45).build();
 * }</pre>
 */
public final class ThresholdExplorer {

    /** Rows of the table, in order. */
    public static final List<String> ROWS = List.of("threshold", "same person, accepted (TP)",
            "same person, rejected (FN)", "different, accepted (FP)", "different, rejected (TN)", "precision", "recall",
            "F1", "accuracy", "FAR (false accepts)", "FRR (false rejects)", "confidence at this distance");

    /** Default number of evenly spaced slider positions (method and published thresholds are added to them). */
    public static final int DEFAULT_STEPS = 121;

    /** The figure's height in pixels (its width follows the output area). */
    public static final int HEIGHT = 600;

    private ThresholdExplorer() {
    }

    /** A builder for the explorer of {@code distances} labelled {@code positive} (same person). */
    public static Builder builder(String title, double[] distances, boolean[] positive) {
        return new Builder(title, distances, positive);
    }

    /** The table values at {@code threshold}, in {@link #ROWS} order, formatted for people (4 significant digits). */
    public static List<String> values(OperatingCurve curve, double threshold, DoubleUnaryOperator confidence) {
        Confusion c = curve.confusionAt(threshold);
        return List.of(Format.significant(threshold, 4), Long.toString(c.tp()), Long.toString(c.fn()),
                Long.toString(c.fp()), Long.toString(c.tn()), Format.percentOf(c.precision(), 4),
                Format.percentOf(c.recall(), 4), Format.percentOf(c.f1(), 4), Format.percentOf(c.accuracy(), 4),
                Format.percentOf(c.far(), 4), Format.percentOf(c.frr(), 4),
                confidence == null ? "(no confidence model)" : Format.significant(confidence.applyAsDouble(threshold), 4));
    }

    /** Builds the explorer; every setter returns this builder. */
    public static final class Builder {
        private final String title;
        private final OperatingCurve curve;
        private final double[] positives;
        private final double[] negatives;
        private String metric = "distance";
        private List<Marker> methods = List.of();
        private List<Marker> published = List.of();
        private DoubleUnaryOperator confidence;
        private Double start;
        private int steps = DEFAULT_STEPS;

        private Builder(String title, double[] distances, boolean[] positive) {
            if (title == null || title.isBlank()) {
                throw new IllegalArgumentException("the explorer needs a title");
            }
            this.title = title;
            this.curve = OperatingCurve.of(distances, positive);
            if (curve.positives() < 2 || curve.negatives() < 2) {
                throw new IllegalArgumentException("the explorer needs at least 2 pairs of each class, got "
                        + curve.positives() + " same-person and " + curve.negatives() + " different-person pairs");
            }
            this.positives = curve.sortedPositives();
            this.negatives = curve.sortedNegatives();
        }

        /** The distance's name, for the axis (default "distance"). */
        public Builder metric(String name) {
            this.metric = Objects.requireNonNull(name, "metric");
            return this;
        }

        /** Thresholds computed by the methods (drawn dashed, each a slider stop). */
        public Builder methods(List<Marker> markers) {
            this.methods = List.copyOf(markers);
            return this;
        }

        /** Thresholds a study published (drawn dotted, each a slider stop). */
        public Builder published(List<Marker> markers) {
            this.published = List.copyOf(markers);
            return this;
        }

        /** The confidence a pair at a distance gets (e.g. {@code ConfidenceModel::confidence}); none by default. */
        public Builder confidence(DoubleUnaryOperator confidence) {
            this.confidence = confidence;
            return this;
        }

        /** Where the slider starts (default: the first method's threshold, else the middle of the range). */
        public Builder start(double threshold) {
            if (!Double.isFinite(threshold)) {
                throw new IllegalArgumentException("start must be finite, got " + threshold);
            }
            this.start = threshold;
            return this;
        }

        /** Evenly spaced slider positions across the distances (at least 2; default {@value #DEFAULT_STEPS}). */
        public Builder steps(int steps) {
            if (steps < 2 || steps > 2000) {
                throw new IllegalArgumentException("steps must be 2 to 2000, got " + steps);
            }
            this.steps = steps;
            return this;
        }

        /** The slider positions: the even grid, the marked thresholds in range, and the start. */
        public double[] positions() {
            double lo = Math.min(0, curve.min()), hi = curve.max();
            TreeSet<Double> at = new TreeSet<>();
            for (int i = 0; i < steps; i++) {
                at.add(lo + (hi - lo) * i / (steps - 1));
            }
            for (Marker m : all()) {
                if (m.value() >= lo && m.value() <= hi) {
                    at.add(m.value());
                }
            }
            at.add(startValue());
            return at.stream().mapToDouble(Double::doubleValue).toArray();
        }

        private List<Marker> all() {
            List<Marker> all = new ArrayList<>(methods);
            all.addAll(published);
            return all;
        }

        private double startValue() {
            if (start != null) {
                return start;
            }
            return methods.isEmpty() ? (curve.min() + curve.max()) / 2 : methods.get(0).value();
        }

        /** The figure. */
        public PlotlyFigure build() {
            double[] at = positions();
            double t0 = startValue();
            int active = java.util.Arrays.binarySearch(at, t0);
            Kde.Curve kp = Kde.of(positives), kn = Kde.of(negatives);
            double top = 1.05 * Math.max(kp.max(), kn.max());
            PlotlyFigure.Builder f = PlotlyFigure.builder(title)
                    .trace(PlotlyTrace.lines(kp.x(), kp.density()).name("same person (" + positives.length + " pairs)")
                            .colour(Palette.SAME).width(2))
                    .trace(PlotlyTrace.lines(kn.x(), kn.density()).name("different persons (" + negatives.length
                            + " pairs)").colour(Palette.DIFFERENT).width(2));
            int k = 0;
            for (Marker m : methods) {
                f.trace(PlotlyTrace.vertical(m.value(), 0, top).name(m.label()).colour(Palette.marker(k++)).width(1.5));
            }
            for (Marker m : published) {
                f.trace(PlotlyTrace.vertical(m.value(), 0, top).name(m.label() + " (published)")
                        .colour(Palette.marker(k++)).width(1.5).dash(Dash.DOT));
            }
            int table = methods.size() + published.size() + 2;
            f.trace(tableTrace(values(curve, t0, confidence)));
            f.xAxis(PlotlyAxis.titled(metric + " distance").set("domain", List.of(0.0, 0.6)))
                    .yAxis(PlotlyAxis.titled("density").range(0, top))
                    .height(HEIGHT)
                    .layout("legend", java.util.Map.of("x", 0.0, "y", -0.42, "orientation", "h"))
                    .layout("margin", java.util.Map.of("l", 60, "r", 20, "t", 60, "b", 40))
                    .layout("shapes", List.of(thresholdLine(t0)))
                    .layout("sliders", List.of(slider(at, active, table)));
            return f.build();
        }

        private static ObjectNode thresholdLine(double t) {
            ObjectNode s = PlotlyFigure.NODES.objectNode();
            s.put("type", "line").put("xref", "x").put("yref", "paper").put("x0", t).put("x1", t).put("y0", 0)
                    .put("y1", 1);
            s.putObject("line").put("color", "#222222").put("width", 2.5);
            return s;
        }

        private static PlotlyTrace tableTrace(List<String> values) {
            return PlotlyTrace.table(List.of("at the threshold", "value"), List.of(ROWS, values))
                    .set("domain", java.util.Map.of("x", List.of(0.64, 1.0), "y", List.of(0.0, 1.0)))
                    .set("columnwidth", List.of(2.2, 1.0));
        }

        private ObjectNode slider(double[] at, int active, int tableTrace) {
            ObjectNode s = PlotlyFigure.NODES.objectNode();
            s.put("active", active);
            s.putObject("currentvalue").put("prefix", "threshold = ").put("visible", true)
                    .putObject("font").put("size", 14).put("color", "#222222");
            s.putObject("font").put("color", "rgba(0,0,0,0)");   // no label under each of the many stops
            s.put("len", 0.6).put("x", 0.0).put("y", -0.12).put("ticklen", 0).put("minorticklen", 0);
            s.putObject("pad").put("t", 30);
            ArrayNode steps = s.putArray("steps");
            for (double t : at) {
                ObjectNode step = steps.addObject();
                step.put("label", Format.significant(t, 4)).put("method", "update");
                ArrayNode args = step.putArray("args");
                ArrayNode cellValues = args.addObject().putArray("cells.values").addArray();
                cellValues.add(PlotlyTrace.strings(ROWS));
                cellValues.add(PlotlyTrace.strings(values(curve, t, confidence)));
                // the height again, then autosize: JupyterLab's renderer resizes a figure with Plotly.Plots.resize,
                // which relayouts with autosize and drops layout.height; the full redraw a table update makes then
                // sizes the (responsive) figure's container to 100% of an output area with no height of its own,
                // and the figure collapses to nothing at the first move of the slider. Setting the height (which
                // turns autosize off) and then autosize restores the state the figure was drawn in: 600 px high,
                // the width following the output area.
                args.addObject().put("shapes[0].x0", t).put("shapes[0].x1", t).put("height", HEIGHT)
                        .put("autosize", true);
                args.addArray().add(tableTrace);
            }
            return s;
        }
    }
}
