package dev.facecal.study.scale;

import dev.facecal.calibrate.PrecisionRecallTable;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

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

    /** The published table. */
    public static Table published() {
        return Table.create(LABEL, DoubleColumn.create("cutoff", CUTOFFS), DoubleColumn.create("precision", PRECISION),
                DoubleColumn.create("recall", RECALL));
    }

    /**
     * Ours beside the published table: cutoff, our precision and recall (rounded to 2 decimals as the seed prints
     * them, and unrounded), the published precision and recall. {@code ours} must use seed 002's cutoffs.
     */
    public static Table compare(String name, String oursLabel, PrecisionRecallTable ours) {
        List<PrecisionRecallTable.Row> rows = ours.rows();
        if (rows.size() != CUTOFFS.length) {
            throw new IllegalArgumentException("ours has " + rows.size() + " cutoffs, seed 002 has " + CUTOFFS.length);
        }
        double[] p = new double[CUTOFFS.length], r = new double[CUTOFFS.length];
        for (int i = 0; i < CUTOFFS.length; i++) {
            if (rows.get(i).cutoff() != CUTOFFS[i]) {
                throw new IllegalArgumentException("cutoff " + i + " is " + rows.get(i).cutoff() + ", seed 002's is "
                        + CUTOFFS[i]);
            }
            p[i] = rows.get(i).precision();
            r[i] = rows.get(i).recall();
        }
        return Table.create(name, DoubleColumn.create("cutoff", CUTOFFS),
                DoubleColumn.create("precision (" + oursLabel + ")", round2(p)),
                DoubleColumn.create("recall (" + oursLabel + ")", round2(r)),
                DoubleColumn.create("precision (" + LABEL + ")", PRECISION),
                DoubleColumn.create("recall (" + LABEL + ")", RECALL),
                DoubleColumn.create("precision, unrounded (" + oursLabel + ")", p),
                DoubleColumn.create("recall, unrounded (" + oursLabel + ")", r));
    }

    private static double[] round2(double[] v) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) o[i] = Math.round(v[i] * 100) / 100.0;
        return o;
    }

}
