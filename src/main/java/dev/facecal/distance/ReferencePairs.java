package dev.facecal.distance;

/**
 * The reference distance of any pair (i, j) of a set of embeddings: the double {@link DistanceMetric#of} gives, bit
 * for bit, with the per-embedding work (squared norms for cosine and angular, L2-normalised vectors for
 * euclidean_l2) done once. The correction pass of the certified all-pairs path ({@link Certificate#exact}) calls it
 * for the few pairs whose fast value cannot decide a rounding, bin or cutoff.
 */
final class ReferencePairs {
    private final DistanceMetric metric;
    private final float[][] embeddings;
    /** Squared norms (cosine, angular), else null. */
    private final double[] sq;
    /** L2-normalised embeddings (euclidean_l2), else null. */
    private final double[][] unit;

    private ReferencePairs(DistanceMetric metric, float[][] embeddings, double[] sq, double[][] unit) {
        this.metric = metric;
        this.embeddings = embeddings;
        this.sq = sq;
        this.unit = unit;
    }

    /**
     * Prepares {@code embeddings} (same lengths, checked by the caller) for {@code metric}; {@code unit}, when not
     * null, are their L2-normalised forms already computed (euclidean_l2).
     */
    static ReferencePairs of(DistanceMetric metric, float[][] embeddings, double[][] unit) {
        int n = embeddings.length;
        return switch (metric) {
            case COSINE, ANGULAR -> {
                double[] sq = new double[n];
                for (int i = 0; i < n; i++) sq[i] = VectorMath.dot(embeddings[i], embeddings[i]);
                yield new ReferencePairs(metric, embeddings, sq, null);
            }
            case EUCLIDEAN -> new ReferencePairs(metric, embeddings, null, null);
            case EUCLIDEAN_L2 -> {
                double[][] u = unit;
                if (u == null) {
                    u = new double[n][];
                    for (int i = 0; i < n; i++) u[i] = VectorMath.l2Normalised(embeddings[i]);
                }
                yield new ReferencePairs(metric, embeddings, null, u);
            }
        };
    }

    /** The reference distance of (i, j), as {@code metric.of(embeddings[i], embeddings[j])}. */
    double distance(int i, int j) {
        return switch (metric) {
            case COSINE -> VectorMath.cosine(VectorMath.dot(embeddings[i], embeddings[j]), sq[i], sq[j]);
            case ANGULAR -> VectorMath.angular(VectorMath.dot(embeddings[i], embeddings[j]), sq[i], sq[j]);
            case EUCLIDEAN -> Math.sqrt(VectorMath.squaredDistance(embeddings[i], embeddings[j]));
            case EUCLIDEAN_L2 -> Math.sqrt(VectorMath.squaredDistance(unit[i], unit[j]));
        };
    }
}
