package dev.facecal.calibrate;

/**
 * C4.5's gain ratio of a binary split, computed term by term as chefboost 0.0.19 computes it
 * ({@code training/Training.py: calculateEntropy} and {@code training/Preprocess.py: processContinuousFeatures}),
 * so that ties and near-ties between candidate splits resolve the same way.
 *
 * <p>Entropy is {@code 0 - p1*log2(p1) - p2*log2(p2)} with the more frequent class first (pandas'
 * {@code value_counts()} order; with equal counts both terms are equal), and {@code log2(p)} is
 * {@code log(p)/log(2)} as Python's {@code math.log(p, 2)}.
 */
final class GainRatio {
    private static final double LN2 = Math.log(2.0);

    private GainRatio() {}

    static double log2(double p) {
        return Math.log(p) / LN2;
    }

    /** Entropy of a node holding {@code a} positives and {@code b} negatives (both may be 0, not both). */
    static double entropy(long a, long b) {
        long rows = a + b;
        long first = Math.max(a, b);
        long second = Math.min(a, b);
        double e = 0.0;
        double p1 = (double) first / rows;
        e = e - p1 * log2(p1);
        if (second > 0) {
            double p2 = (double) second / rows;
            e = e - p2 * log2(p2);
        }
        return e;
    }

    /**
     * Gain ratio of splitting a node ({@code pos} positives, {@code neg} negatives, entropy {@code parentEntropy})
     * into {@code distance <= t} holding {@code pos1} positives and {@code neg1} negatives, and the rest.
     * Both sides must be non-empty.
     */
    static double of(double parentEntropy, long pos, long neg, long pos1, long neg1) {
        long total = pos + neg;
        long rows1 = pos1 + neg1;
        long rows2 = total - rows1;
        double p1 = (double) rows1 / total;
        double p2 = (double) rows2 / total;
        double gain = parentEntropy - p1 * entropy(pos1, neg1) - p2 * entropy(pos - pos1, neg - neg1);
        double splitInfo = -p1 * log2(p1) - p2 * log2(p2);
        return gain / splitInfo;
    }
}
