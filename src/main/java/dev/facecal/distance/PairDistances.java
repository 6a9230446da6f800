package dev.facecal.distance;

/**
 * Distances of listed pairs of embeddings: pair {@code p} is {@code embeddings[first[p]]} and
 * {@code embeddings[second[p]]}. The result is the same double, bit for bit, as
 * {@code metric.of(embeddings[first[p]], embeddings[second[p]])} and as {@link AllPairs} for that pair; the squared
 * norms (cosine, angular) or L2-normalised vectors (euclidean_l2, which needs {@code 2 x} the float embeddings'
 * memory) are computed once per embedding used.
 */
public final class PairDistances {
    private static final int CHUNK = 4096;

    private PairDistances() {}

    /** As {@link #of(DistanceMetric, float[][], int[], int[], int)} on every available processor. */
    public static double[] of(DistanceMetric metric, float[][] embeddings, int[] first, int[] second) {
        return of(metric, embeddings, first, second, 0);
    }

    /**
     * The unrounded distances of the pairs, in pair order, computed on {@code threads} threads (0 = all
     * processors). Use {@link DistanceMetric#deepfaceRound(double[])} for DeepFace's 6 decimals.
     *
     * @throws IllegalArgumentException if the index arrays differ in length, an index is out of range, or the
     *     embeddings differ in length
     */
    public static double[] of(DistanceMetric metric, float[][] embeddings, int[] first, int[] second, int threads) {
        int nThreads = Parallel.threads(threads);
        if (first.length != second.length) {
            throw new IllegalArgumentException("first has " + first.length + " indices, second " + second.length);
        }
        int n = embeddings.length;
        Embeddings.dimension(embeddings); // same lengths, no nulls
        boolean[] used = new boolean[n];
        for (int p = 0; p < first.length; p++) {
            used[checkIndex(first[p], n, p)] = true;
            used[checkIndex(second[p], n, p)] = true;
        }
        double[] out = new double[first.length];
        int chunks = (first.length + CHUNK - 1) / CHUNK;
        switch (metric) {
            case COSINE, ANGULAR -> {
                double[] sq = new double[n];
                for (int i = 0; i < n; i++) {
                    if (used[i]) sq[i] = VectorMath.dot(embeddings[i], embeddings[i]);
                }
                boolean cosine = metric == DistanceMetric.COSINE;
                Parallel.forEach(chunks, nThreads, c -> {
                    for (int p = c * CHUNK, end = Math.min(out.length, p + CHUNK); p < end; p++) {
                        int i = first[p], j = second[p];
                        double dot = VectorMath.dot(embeddings[i], embeddings[j]);
                        out[p] = cosine ? VectorMath.cosine(dot, sq[i], sq[j]) : VectorMath.angular(dot, sq[i], sq[j]);
                    }
                });
            }
            case EUCLIDEAN -> Parallel.forEach(chunks, nThreads, c -> {
                for (int p = c * CHUNK, end = Math.min(out.length, p + CHUNK); p < end; p++) {
                    out[p] = Math.sqrt(VectorMath.squaredDistance(embeddings[first[p]], embeddings[second[p]]));
                }
            });
            case EUCLIDEAN_L2 -> {
                double[][] unit = new double[n][];
                for (int i = 0; i < n; i++) {
                    if (used[i]) unit[i] = VectorMath.l2Normalised(embeddings[i]);
                }
                Parallel.forEach(chunks, nThreads, c -> {
                    for (int p = c * CHUNK, end = Math.min(out.length, p + CHUNK); p < end; p++) {
                        out[p] = Math.sqrt(VectorMath.squaredDistance(unit[first[p]], unit[second[p]]));
                    }
                });
            }
        }
        return out;
    }

    private static int checkIndex(int index, int n, int pair) {
        if (index < 0 || index >= n) {
            throw new IllegalArgumentException("pair " + pair + ": embedding index " + index + " is outside 0.."
                    + (n - 1));
        }
        return index;
    }
}
