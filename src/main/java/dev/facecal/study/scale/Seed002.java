package dev.facecal.study.scale;

import dev.facecal.calibrate.PrecisionRecallTable;

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
}
