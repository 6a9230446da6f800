package dev.facecal.distance;

/**
 * The sums and formulas behind every distance, in one place so that {@link DistanceMetric#of},
 * {@link PairDistances} and {@link AllPairs} compute each pair with the same operations in the same order and
 * therefore give bit-identical doubles.
 *
 * <p>Sums run left to right over the dimensions in double, each product or squared difference rounded before it
 * is added (no fused multiply-add), which is also the order of the reference BLAS {@code ddot}. NumPy's
 * {@code np.dot} calls the installed BLAS, whose summation order differs (OpenBLAS sums in SIMD lanes), so facecal
 * agrees with DeepFace to about 1e-15 relative, not bit for bit.
 */
final class VectorMath {
    /** DeepFace's {@code l2_normalize} epsilon: {@code x / (norm(x) + 1e-10)}. */
    static final double L2_EPSILON = 1e-10;

    private VectorMath() {}

    static double dot(float[] a, float[] b) {
        double s = 0.0;
        for (int k = 0; k < a.length; k++) {
            s += (double) a[k] * (double) b[k];
        }
        return s;
    }

    static double dot(double[] a, double[] b) {
        double s = 0.0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }

    static double squaredDistance(float[] a, float[] b) {
        double s = 0.0;
        for (int k = 0; k < a.length; k++) {
            double d = (double) a[k] - (double) b[k];
            s += d * d;
        }
        return s;
    }

    static double squaredDistance(double[] a, double[] b) {
        double s = 0.0;
        for (int k = 0; k < a.length; k++) {
            double d = a[k] - b[k];
            s += d * d;
        }
        return s;
    }

    /** DeepFace's {@code l2_normalize(x)}: every component divided by {@code sqrt(x.x) + 1e-10}. */
    static double[] l2Normalised(float[] a) {
        double scale = Math.sqrt(dot(a, a)) + L2_EPSILON;
        double[] u = new double[a.length];
        for (int k = 0; k < a.length; k++) {
            u[k] = a[k] / scale;
        }
        return u;
    }

    static double[] l2Normalised(double[] a) {
        double scale = Math.sqrt(dot(a, a)) + L2_EPSILON;
        double[] u = new double[a.length];
        for (int k = 0; k < a.length; k++) {
            u[k] = a[k] / scale;
        }
        return u;
    }

    /**
     * Cosine similarity from the dot product and the two squared norms: {@code dot / sqrt(aa * bb)}. DeepFace
     * writes {@code dot / (sqrt(aa) * sqrt(bb))}; the two differ by about one ulp, and this form gives exactly 1
     * for identical vectors (the square root of a rounded square is the number itself), where DeepFace's can give
     * 1 + 2^-52 and then NaN from {@code arccos}.
     */
    static double similarity(double dot, double aa, double bb) {
        return dot / Math.sqrt(aa * bb);
    }

    static double cosine(double dot, double aa, double bb) {
        return 1.0 - similarity(dot, aa, bb);
    }

    /** {@code arccos(clip(similarity, -1, 1)) / pi}; NaN stays NaN (a zero vector). */
    static double angular(double dot, double aa, double bb) {
        return angularFromSimilarity(similarity(dot, aa, bb));
    }

    /** {@code arccos(clip(c, -1, 1)) / pi} of a cosine similarity; NaN stays NaN. */
    static double angularFromSimilarity(double c) {
        c = Math.max(-1.0, Math.min(1.0, c));
        return Math.acos(c) / Math.PI;
    }

    static void requireSameLength(int la, int lb) {
        if (la != lb) {
            throw new IllegalArgumentException("embeddings differ in length: " + la + " and " + lb + " values");
        }
    }
}
