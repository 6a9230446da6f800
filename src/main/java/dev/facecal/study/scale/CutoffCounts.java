package dev.facecal.study.scale;

import dev.facecal.calibrate.Confusion;
import dev.facecal.calibrate.PrecisionRecallTable;
import dev.facecal.distance.DistanceMetric;
import dev.facecal.report.Palette;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Line;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/**
 * What {@link CutoffCounter} counted over all pairs: the confusion matrix at each cutoff, a histogram and summary
 * statistics of each class, and how long the pass took.
 *
 * @param metric             the distance
 * @param embeddings         number of embeddings
 * @param pairs              number of pairs, {@code N (N - 1) / 2}
 * @param cutoffs            the cutoffs, in the order given
 * @param confusions         the confusion matrix at each cutoff (accept {@code distance <= cutoff})
 * @param binWidth           histogram bin width
 * @param sameHistogram      same-person pairs per bin {@code [k w, (k + 1) w)}, last entry: beyond the range or NaN
 * @param differentHistogram the same for different-person pairs
 * @param same               same-person distance statistics
 * @param different          different-person distance statistics
 * @param nanos              wall time of the all-pairs pass with counting
 * @param threads            threads used
 * @param vectorApi          whether the Vector API kernel ran
 */
public record CutoffCounts(DistanceMetric metric, int embeddings, long pairs, double[] cutoffs, Confusion[] confusions,
                           double binWidth, long[] sameHistogram, long[] differentHistogram, ClassStats same,
                           ClassStats different, long nanos, int threads, boolean vectorApi) {

    /**
     * Summary of one class's distances.
     *
     * @param count pairs (NaN included)
     * @param mean  mean, NaN left out
     * @param std   sample standard deviation (ddof 1, as pandas), NaN left out
     * @param min   smallest
     * @param max   largest
     * @param nan   NaN distances
     */
    public record ClassStats(long count, double mean, double std, double min, double max, long nan) {}

    /** Same-person pairs. */
    public long positives() {
        return same.count();
    }

    /** Different-person pairs. */
    public long negatives() {
        return different.count();
    }

    /** Wall time in seconds. */
    public double seconds() {
        return nanos / 1e9;
    }

    /** Pairs per second of wall time. */
    public double pairsPerSecond() {
        return pairs / seconds();
    }

    /**
     * Seed 002's table: precision and recall per cutoff, with the same convention as
     * {@link PrecisionRecallTable#of} (precision 1 when no pair is accepted).
     */
    public PrecisionRecallTable precisionRecall() {
        List<PrecisionRecallTable.Row> rows = new ArrayList<>();
        for (int q = 0; q < cutoffs.length; q++) {
            Confusion k = confusions[q];
            rows.add(new PrecisionRecallTable.Row(cutoffs[q], k.tp() + k.fp() == 0 ? 1.0 : k.precision(), k.recall(), k));
        }
        return new PrecisionRecallTable(rows);
    }

    /**
     * Whether every cutoff's confusion matrix equals {@code other}'s (same cutoffs in the same order): the check
     * that streaming counts and the stored-distance path agree.
     */
    public boolean matches(PrecisionRecallTable other) {
        var rows = other.rows();
        if (rows.size() != cutoffs.length) return false;
        for (int q = 0; q < cutoffs.length; q++) {
            if (rows.get(q).cutoff() != cutoffs[q] || !rows.get(q).confusion().equals(confusions[q])) return false;
        }
        return true;
    }

    /**
     * The two distributions from the bin counts, each as a density (count / (class total x bin width)), so that
     * 0.3 % of same-person pairs and 99.7 % of different ones are both visible, as in seed 002's figure; with
     * dashed lines at {@code markers} (e.g. face_recognition's tolerance 0.6).
     */
    public Figure histogramFigure(String title, double... markers) {
        int bins = sameHistogram.length - 1;
        double[] x = new double[bins];
        for (int k = 0; k < bins; k++) x[k] = (k + 0.5) * binWidth;
        double[] ys = density(sameHistogram, same.count()), yd = density(differentHistogram, different.count());
        int last = 0;
        for (int k = 0; k < bins; k++) {
            if (sameHistogram[k] + differentHistogram[k] > 0) last = k;
        }
        int end = Math.min(bins, last + 3);
        double top = 0;
        for (int k = 0; k < end; k++) top = Math.max(top, Math.max(ys[k], yd[k]));
        top *= 1.05;
        List<Trace> traces = new ArrayList<>();
        traces.add(step(java.util.Arrays.copyOf(x, end), java.util.Arrays.copyOf(ys, end),
                String.format(Locale.ROOT, "same person (%,d pairs)", same.count()), Palette.SAME, Line.Dash.SOLID));
        traces.add(step(java.util.Arrays.copyOf(x, end), java.util.Arrays.copyOf(yd, end),
                String.format(Locale.ROOT, "different persons (%,d pairs)", different.count()), Palette.DIFFERENT,
                Line.Dash.SOLID));
        for (int i = 0; i < markers.length; i++) {
            traces.add(step(new double[] {markers[i], markers[i]}, new double[] {0, top},
                    "cutoff " + markers[i], Palette.marker(i), Line.Dash.DASH));
        }
        Layout layout = Layout.builder().title(title).showLegend(true)
                .xAxis(Axis.builder().title(metric.deepfaceName() + " distance").build())
                .yAxis(Axis.builder().title("density (per class)").range(0, top).build())
                .build();
        return new Figure(layout, traces.toArray(Trace[]::new));
    }

    private double[] density(long[] h, long total) {
        double[] y = new double[h.length - 1];
        for (int k = 0; k < y.length; k++) y[k] = total == 0 ? 0 : h[k] / (total * binWidth);
        return y;
    }

    private static ScatterTrace step(double[] x, double[] y, String name, String colour, Line.Dash dash) {
        return ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.LINE).name(name).showLegend(true)
                .line(Line.builder().color(colour).width(2).dash(dash).build()).build();
    }
}
