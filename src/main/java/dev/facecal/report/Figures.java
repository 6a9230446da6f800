package dev.facecal.report;

import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Line;
import tech.tablesaw.plotly.components.TickSettings;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/**
 * Plotly figures of a calibration run, built with Tablesaw's Plotly API in the spirit of its
 * {@code tech.tablesaw.plotly.api} package: each method is a pure function of its arguments that
 * returns a new {@link Figure}; nothing is displayed or written (see {@link HtmlPage} for that).
 *
 * <p>Curves with more than {@link Downsample#DISPLAY_POINTS} vertices are thinned with
 * {@link Downsample#lttb} before they go into the figure, so a ROC over 10 million pairs still
 * gives a page that opens quickly. Colours come from {@link Palette}.
 */
public final class Figures {

    /** Candidate DET tick probabilities, fine (used when few fit the axis range). */
    private static final double[] DET_TICKS_FINE = {
        1e-6, 1e-5, 1e-4, 1e-3, 2e-3, 5e-3, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8,
        0.9, 0.95, 0.98, 0.99, 0.995, 0.998, 0.999, 1 - 1e-4, 1 - 1e-5, 1 - 1e-6
    };
    /** Candidate DET tick probabilities, coarse (used when the fine ones would crowd). */
    private static final double[] DET_TICKS_COARSE = {
        1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.05, 0.2, 0.5, 0.8, 0.95, 0.99, 0.999, 1 - 1e-4, 1 - 1e-5, 1 - 1e-6
    };
    private static final int DET_MAX_TICKS = 12;

    /** DET rates are clipped to [DET_CLIP, 1 - DET_CLIP] before the probit transform. */
    public static final double DET_CLIP = 1e-6;

    private Figures() {
    }

    /**
     * The two distance distributions of DeepFace's Fine-Tuning-Threshold notebook
     * ({@code df[df.decision == "Yes"].distance.plot.kde()} and the same for "No"): a Gaussian KDE
     * of the same-person distances and one of the different-person distances, each on its own
     * pandas grid (see {@link Kde}), with one vertical dashed line per threshold.
     *
     * @param title      figure title
     * @param positives  distances of same-person pairs (at least 2 distinct values)
     * @param negatives  distances of different-person pairs (at least 2 distinct values)
     * @param thresholds thresholds to mark, possibly empty
     * @throws IllegalArgumentException as {@link Kde#of(double[])} for degenerate samples
     */
    public static Figure distanceKde(String title, double[] positives, double[] negatives, List<Marker> thresholds) {
        return distanceKde(title, Kde.of(positives), Kde.of(negatives), thresholds);
    }

    /** {@link #distanceKde(String, double[], double[], List)} from curves already estimated. */
    public static Figure distanceKde(String title, Kde.Curve positives, Kde.Curve negatives, List<Marker> thresholds) {
        requireTitle(title);
        List<Marker> marks = List.copyOf(thresholds);
        double top = 1.05 * Math.max(positives.max(), negatives.max());
        List<Trace> traces = new ArrayList<>();
        traces.add(line(positives.x(), positives.density(), "same person", Palette.SAME, Line.Dash.SOLID));
        traces.add(line(negatives.x(), negatives.density(), "different persons", Palette.DIFFERENT, Line.Dash.SOLID));
        for (int i = 0; i < marks.size(); i++) {
            Marker m = marks.get(i);
            traces.add(line(new double[] {m.value(), m.value()}, new double[] {0, top}, m.label(),
                    Palette.marker(i), Line.Dash.DASH));
        }
        Layout layout = Layout.builder()
                .title(title)
                .showLegend(true)
                .xAxis(Axis.builder().title("distance").build())
                .yAxis(Axis.builder().title("density").range(0, top).build())
                .build();
        return new Figure(layout, traces.toArray(Trace[]::new));
    }

    /**
     * ROC curve: true positive rate against false positive rate as the threshold sweeps, with the
     * chance diagonal and the area under the curve in the legend (as scikit-learn's
     * {@code RocCurveDisplay} shows it).
     *
     * @param fpr false positive rates in [0, 1], one per threshold
     * @param tpr true positive rates in [0, 1], same length
     * @param auc area under the curve, in [0, 1]
     */
    public static Figure roc(double[] fpr, double[] tpr, double auc) {
        requirePoints("fpr", fpr, "tpr", tpr);
        requireRates("fpr", fpr);
        requireRates("tpr", tpr);
        if (!(auc >= 0 && auc <= 1)) {
            throw new IllegalArgumentException("auc must be in [0, 1], got " + auc);
        }
        int[] keep = Downsample.lttb(fpr, tpr, Downsample.DISPLAY_POINTS);
        Trace curve = line(Downsample.pick(fpr, keep), Downsample.pick(tpr, keep),
                "ROC (AUC = " + Format.fixed(auc, 4) + ")", Palette.SAME, Line.Dash.SOLID);
        Trace chance = line(new double[] {0, 1}, new double[] {0, 1}, "chance", Palette.REFERENCE, Line.Dash.DASH);
        Layout layout = Layout.builder()
                .title("ROC curve")
                .showLegend(true)
                .xAxis(Axis.builder().title("false positive rate").range(-0.01, 1.01).build())
                .yAxis(Axis.builder().title("true positive rate").range(-0.01, 1.01).build())
                .build();
        return new Figure(layout, curve, chance);
    }

    /**
     * DET curve: false reject rate against false accept rate on normal-deviate axes (Martin et
     * al., Eurospeech 1997; ISO/IEC 19795-1), where each rate r is shown at
     * {@code NormalQuantile.of(clip(r))} with clip to [{@value #DET_CLIP}, 1 - {@value #DET_CLIP}]
     * (rates of exactly 0 or 1 have no finite deviate). Tick labels are percentages. A grey
     * diagonal marks FAR = FRR; the curve crosses it at the equal error rate.
     *
     * @param far false accept rates in [0, 1], one per threshold
     * @param frr false reject rates in [0, 1], same length
     */
    public static Figure det(double[] far, double[] frr) {
        requirePoints("far", far, "frr", frr);
        requireRates("far", far);
        requireRates("frr", frr);
        double[] zx = probit(far);
        double[] zy = probit(frr);
        int[] keep = Downsample.lttb(zx, zy, Downsample.DISPLAY_POINTS);
        double[] xs = Downsample.pick(zx, keep);
        double[] ys = Downsample.pick(zy, keep);
        double[] xRange = detRange(xs);
        double[] yRange = detRange(ys);
        double lo = Math.min(xRange[0], yRange[0]);
        double hi = Math.max(xRange[1], yRange[1]);
        Trace curve = line(xs, ys, "DET", Palette.SAME, Line.Dash.SOLID);
        Trace eer = line(new double[] {lo, hi}, new double[] {lo, hi}, "FAR = FRR", Palette.REFERENCE, Line.Dash.DASH);
        Layout layout = Layout.builder()
                .title("DET curve")
                .showLegend(true)
                .xAxis(detAxis("false accept rate (FAR)", xRange))
                .yAxis(detAxis("false reject rate (FRR)", yRange))
                .build();
        return new Figure(layout, curve, eer);
    }

    /**
     * Precision and recall of the "same person" decision against the distance cutoff, the view
     * of seed 002 (face_recognition distances investigation): two lines over the cutoffs. Points
     * where precision (or recall) is NaN, because no pair was accepted, are left out of that line.
     *
     * @param cutoffs   distance cutoffs, finite
     * @param precision precision at each cutoff, in [0, 1] or NaN
     * @param recall    recall at each cutoff, in [0, 1] or NaN
     */
    public static Figure precisionRecall(double[] cutoffs, double[] precision, double[] recall) {
        requirePoints("cutoffs", cutoffs, "precision", precision);
        requirePoints("cutoffs", cutoffs, "recall", recall);
        for (double c : cutoffs) {
            if (!Double.isFinite(c)) {
                throw new IllegalArgumentException("cutoffs must be finite, got " + c);
            }
        }
        requireRatesOrNaN("precision", precision);
        requireRatesOrNaN("recall", recall);
        Layout layout = Layout.builder()
                .title("precision and recall by cutoff")
                .showLegend(true)
                .xAxis(Axis.builder().title("cutoff (distance)").build())
                .yAxis(Axis.builder().title("precision / recall").range(-0.01, 1.01).build())
                .build();
        return new Figure(layout,
                thinnedWithoutNaN(cutoffs, precision, "precision", Palette.SAME),
                thinnedWithoutNaN(cutoffs, recall, "recall", Palette.DIFFERENT));
    }

    private static Trace thinnedWithoutNaN(double[] x, double[] y, String name, String colour) {
        int n = 0;
        for (double v : y) {
            if (!Double.isNaN(v)) {
                n++;
            }
        }
        double[] xs = new double[n];
        double[] ys = new double[n];
        int k = 0;
        for (int i = 0; i < y.length; i++) {
            if (!Double.isNaN(y[i])) {
                xs[k] = x[i];
                ys[k++] = y[i];
            }
        }
        int[] keep = Downsample.lttb(xs, ys, Downsample.DISPLAY_POINTS);
        return line(Downsample.pick(xs, keep), Downsample.pick(ys, keep), name, colour, Line.Dash.SOLID);
    }

    /**
     * A confusion matrix as a heatmap with the counts written in the cells: rows are the truth (same person,
     * different persons), columns the decision at the threshold (verified = distance at or below it, as DeepFace).
     *
     * @param title     figure title
     * @param confusion counts at the threshold
     */
    public static Figure confusion(String title, dev.facecal.calibrate.Confusion confusion) {
        requireTitle(title);
        Object[] x = {"predicted same", "predicted different"};
        Object[] y = {"different persons", "same person"};
        double[][] z = {{confusion.fp(), confusion.tn()}, {confusion.tp(), confusion.fn()}};
        Trace heat = tech.tablesaw.plotly.traces.HeatmapTrace.builder(x, y, z).build();
        String[] labels = {"TP " + confusion.tp(), "FN " + confusion.fn(), "FP " + confusion.fp(), "TN " + confusion.tn()};
        Trace text = ScatterTrace.builder(tech.tablesaw.api.StringColumn.create("x", (String) x[0], (String) x[1], (String) x[0], (String) x[1]),
                        tech.tablesaw.api.StringColumn.create("y", (String) y[1], (String) y[1], (String) y[0], (String) y[0]))
                // the counts sit on white squares so they read on dark and light cells alike
                .mode(ScatterTrace.Mode.TEXT_AND_MARKERS).text(labels).showLegend(false)
                .marker(tech.tablesaw.plotly.components.Marker.builder().color("#ffffff").opacity(0.85).size(58)
                        .symbol(tech.tablesaw.plotly.components.Symbol.SQUARE).build())
                .build();
        Layout layout = Layout.builder().title(title).showLegend(false).height(380).width(560)
                .margin(tech.tablesaw.plotly.components.Margin.builder().left(140).right(40).top(60).bottom(70).build())
                .xAxis(Axis.builder().title("decision").build())
                .yAxis(Axis.builder().title("truth").build())
                .build();
        return new Figure(layout, heat, text);
    }

    /**
     * Overlaid histograms of several samples (e.g. confidence scores of same-person and different-person
     * pairs), {@code bins} bins each, semi-transparent.
     *
     * @param title  figure title
     * @param xTitle x axis title
     * @param series sample name to values, in legend order
     * @param bins   number of bins, at least 1
     */
    public static Figure histograms(String title, String xTitle, java.util.SequencedMap<String, double[]> series, int bins) {
        requireTitle(title);
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be at least 1, got " + bins);
        }
        List<Trace> traces = new ArrayList<>();
        int i = 0;
        for (var e : series.entrySet()) {
            traces.add(tech.tablesaw.plotly.traces.HistogramTrace.builder(e.getValue()).name(e.getKey()).nBinsX(bins)
                    .opacity(0.6).marker(tech.tablesaw.plotly.components.Marker.builder()
                            .color(i == 0 ? Palette.SAME : i == 1 ? Palette.DIFFERENT : Palette.marker(i)).build())
                    .showLegend(true).build());
            i++;
        }
        Layout layout = Layout.builder().title(title).showLegend(true).barMode(Layout.BarMode.OVERLAY)
                .xAxis(Axis.builder().title(xTitle).build())
                .yAxis(Axis.builder().title("pairs").build())
                .build();
        return new Figure(layout, traces.toArray(Trace[]::new));
    }

    private static ScatterTrace line(double[] x, double[] y, String name, String colour, Line.Dash dash) {
        return ScatterTrace.builder(x, y)
                .mode(ScatterTrace.Mode.LINE)
                .name(name)
                .showLegend(true)
                .line(Line.builder().color(colour).width(2).dash(dash).build())
                .build();
    }

    private static double[] probit(double[] rates) {
        double[] z = new double[rates.length];
        for (int i = 0; i < rates.length; i++) {
            z[i] = NormalQuantile.of(Math.min(1 - DET_CLIP, Math.max(DET_CLIP, rates[i])));
        }
        return z;
    }

    private static double[] detRange(double[] z) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        double min = NormalQuantile.of(DET_CLIP);
        double max = NormalQuantile.of(1 - DET_CLIP);
        lo = Math.max(min - 0.1, lo - 0.25);
        hi = Math.min(max + 0.1, hi + 0.25);
        if (hi - lo < 1) {
            double mid = (lo + hi) / 2;
            lo = mid - 0.5;
            hi = mid + 0.5;
        }
        return new double[] {lo, hi};
    }

    /** Tick probabilities of a DET axis spanning [lo, hi] in normal deviates (package-private for tests). */
    static double[] detTicks(double lo, double hi) {
        double[] ticks = ticksWithin(DET_TICKS_FINE, lo, hi);
        return ticks.length > DET_MAX_TICKS ? ticksWithin(DET_TICKS_COARSE, lo, hi) : ticks;
    }

    private static double[] ticksWithin(double[] candidates, double lo, double hi) {
        return java.util.Arrays.stream(candidates)
                .filter(p -> {
                    double z = NormalQuantile.of(p);
                    return z >= lo && z <= hi;
                })
                .toArray();
    }

    private static Axis detAxis(String title, double[] range) {
        double[] probabilities = detTicks(range[0], range[1]);
        double[] at = new double[probabilities.length];
        String[] labels = new String[probabilities.length];
        for (int i = 0; i < probabilities.length; i++) {
            at[i] = NormalQuantile.of(probabilities[i]);
            labels[i] = Format.percent(probabilities[i]);
        }
        return Axis.builder()
                .title(title)
                .range(range[0], range[1])
                .tickSettings(TickSettings.builder().tickMode(TickSettings.TickMode.ARRAY).arrayTicks(at, labels).build())
                .build();
    }

    private static void requireTitle(String title) {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("title must not be blank, got " + (title == null ? "null" : "'" + title + "'"));
        }
    }

    private static void requirePoints(String xName, double[] x, String yName, double[] y) {
        if (x == null || y == null) {
            throw new IllegalArgumentException(xName + " and " + yName + " must not be null");
        }
        if (x.length != y.length) {
            throw new IllegalArgumentException(xName + " and " + yName + " differ in length: " + x.length + " vs " + y.length);
        }
        if (x.length < 2) {
            throw new IllegalArgumentException("a curve needs at least 2 points, got " + x.length);
        }
    }

    private static void requireRates(String name, double[] rates) {
        for (int i = 0; i < rates.length; i++) {
            if (!(rates[i] >= 0 && rates[i] <= 1)) {
                throw new IllegalArgumentException(name + "[" + i + "] must be in [0, 1], got " + rates[i]);
            }
        }
    }

    private static void requireRatesOrNaN(String name, double[] rates) {
        int defined = 0;
        for (int i = 0; i < rates.length; i++) {
            if (Double.isNaN(rates[i])) {
                continue;
            }
            if (!(rates[i] >= 0 && rates[i] <= 1)) {
                throw new IllegalArgumentException(name + "[" + i + "] must be in [0, 1] or NaN, got " + rates[i]);
            }
            defined++;
        }
        if (defined < 2) {
            throw new IllegalArgumentException(name + " needs at least 2 values that are not NaN, got " + defined);
        }
    }
}
