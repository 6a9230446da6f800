package dev.facecal.study.scale;

import dev.facecal.calibrate.PrecisionRecallTable;
import dev.facecal.report.Palette;
import java.util.List;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Line;
import tech.tablesaw.plotly.components.Marker;
import tech.tablesaw.plotly.traces.ScatterTrace;

/**
 * Seed 002's published figures (J. Grimes, "Face recognition distances investigation", 2019,
 * github.com/jackgrimes/face_distance_investigation): face_recognition's euclidean distances over 81,875,206
 * pairs of 12,797 images of 5,467 people, precision and recall at ten cutoffs, two decimals as printed. Shown
 * beside facecal's numbers, always labelled as published.
 */
public final class Seed002 {
    private Seed002() {}

    /** Pairs of the published run. */
    public static final long PAIRS = 81_875_206L;
    /** Images of the published run. */
    public static final int IMAGES = 12_797;
    /** People of the published run. */
    public static final int PEOPLE = 5_467;
    /** The label every published column carries. */
    public static final String LABEL = "published, seed 002, 81.9 M pairs of LFW-like data";

    /** The published cutoffs ({@link PrecisionRecallTable#SEED_002_CUTOFFS}). */
    public static final double[] CUTOFFS = PrecisionRecallTable.SEED_002_CUTOFFS.clone();
    /** The published precision per cutoff. */
    public static final double[] PRECISION = {1.00, 1.00, 1.00, 0.98, 0.91, 0.71, 0.34, 0.00, 0.00, 0.00};
    /** The published recall per cutoff. */
    public static final double[] RECALL = {0.00, 0.02, 0.29, 0.59, 0.84, 0.96, 0.99, 1.00, 1.00, 1.00};

    /**
     * Precision and recall per cutoff: ours as solid lines with markers, seed 002's published values dashed, on
     * the same axes.
     */
    public static Figure compareFigure(String title, String oursLabel, PrecisionRecallTable ours) {
        double[] c = ours.rows().stream().mapToDouble(PrecisionRecallTable.Row::cutoff).toArray();
        double[] p = ours.rows().stream().mapToDouble(PrecisionRecallTable.Row::precision).toArray();
        double[] r = ours.rows().stream().mapToDouble(PrecisionRecallTable.Row::recall).toArray();
        Layout layout = Layout.builder().title(title).showLegend(true)
                .xAxis(Axis.builder().title("cutoff (euclidean distance)").build())
                .yAxis(Axis.builder().title("precision / recall").range(-0.02, 1.02).build())
                .build();
        return new Figure(layout,
                trace(c, p, "precision (" + oursLabel + ")", Palette.SAME, Line.Dash.SOLID),
                trace(c, r, "recall (" + oursLabel + ")", Palette.DIFFERENT, Line.Dash.SOLID),
                trace(CUTOFFS, PRECISION, "precision (published, seed 002)", Palette.SAME, Line.Dash.DASH),
                trace(CUTOFFS, RECALL, "recall (published, seed 002)", Palette.DIFFERENT, Line.Dash.DASH));
    }

    private static ScatterTrace trace(double[] x, double[] y, String name, String colour, Line.Dash dash) {
        return ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.LINE_AND_MARKERS).name(name).showLegend(true)
                .line(Line.builder().color(colour).width(2).dash(dash).build())
                .marker(Marker.builder().color(colour).size(6).build()).build();
    }
}
