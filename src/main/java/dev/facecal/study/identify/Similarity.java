package dev.facecal.study.identify;

import dev.facecal.distance.DistanceMetric;

/** Cosine similarity as seed 003 (MagFace) scores pairs: {@code 1 - cosine distance}, in [-1, 1]. */
public final class Similarity {
    private Similarity() {}

    /** {@code 1 - DistanceMetric.COSINE.of(a, b)}, unrounded. */
    public static double cosine(float[] a, float[] b) {
        return 1.0 - DistanceMetric.COSINE.of(a, b);
    }

    /** DeepFace's dlib threshold on the cosine distance ({@code verification.py}: Dlib cosine 0.07). */
    public static final double DEEPFACE_DLIB_COSINE_DISTANCE = 0.07;
    /** The same threshold as a similarity, {@code 1 - 0.07}: verified when similarity &gt;= 0.93. */
    public static final double DEEPFACE_DLIB_SIMILARITY = 0.93;

    /**
     * {@code 1 - d} for every cosine distance, rounded to 6 decimals: the distances DeepFace reports have 6
     * decimals, so the similarity does too, and rounding only removes the binary residue
     * ({@code 1 - 0.079625 = 0.9203749999999999} becomes {@code 0.920375}); the order of the pairs is kept.
     */
    public static double[] fromCosineDistances(double[] distances) {
        double[] s = new double[distances.length];
        for (int i = 0; i < s.length; i++) s[i] = Math.round((1.0 - distances[i]) * 1e6) / 1e6;
        return s;
    }
}
