package dev.facecal.distance;

/**
 * Per-thread smallest and largest distance and NaN count of an all-pairs pass, merged at the end into an
 * {@link AllPairs.Summary}. Smallest and largest are reference doubles even where the values carry a margin
 * ({@link Certificate}): a value that could beat the current extreme by its margin is recomputed.
 */
final class RunningSummary {
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private long nan;

    /**
     * Updates with {@code values[from .. from + len)}, the pairs (i, jFrom), (i, jFrom + 1), ..., and returns their
     * sum without NaN: four running sums (value k into sum {@code k % 4}, so that the additions do not wait on each
     * other), then {@code (s0 + s1) + (s2 + s3)}; the same order whatever the thread.
     */
    double add(double[] values, int from, int len, int i, int jFrom, Certificate certificate) {
        double m = certificate.margin();
        double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, lo = min, hi = max;
        int t = from, end = from + len;
        for (; t + 3 < end; t += 4) {
            double v0 = values[t], v1 = values[t + 1], v2 = values[t + 2], v3 = values[t + 3];
            if (v0 != v0 || v1 != v1 || v2 != v2 || v3 != v3) break; // a NaN: the careful loop below
            s0 += v0;
            s1 += v1;
            s2 += v2;
            s3 += v3;
            if (Math.min(Math.min(v0, v1), Math.min(v2, v3)) - m < lo || Math.max(Math.max(v0, v1), Math.max(v2, v3))
                    + m > hi) {
                for (int k = t; k < t + 4; k++) {
                    double v = values[k];
                    if (v - m < lo) lo = Math.min(lo, m == 0 ? v : certificate.exact(i, jFrom + (k - from)));
                    if (v + m > hi) hi = Math.max(hi, m == 0 ? v : certificate.exact(i, jFrom + (k - from)));
                }
            }
        }
        for (; t < end; t++) {
            double v = values[t];
            if (v == v) {
                switch ((t - from) & 3) {
                    case 0 -> s0 += v;
                    case 1 -> s1 += v;
                    case 2 -> s2 += v;
                    default -> s3 += v;
                }
                if (v - m < lo) lo = Math.min(lo, m == 0 ? v : certificate.exact(i, jFrom + (t - from)));
                if (v + m > hi) hi = Math.max(hi, m == 0 ? v : certificate.exact(i, jFrom + (t - from)));
            } else {
                nan++;
            }
        }
        min = lo;
        max = hi;
        return (s0 + s1) + (s2 + s3);
    }

    void merge(RunningSummary o) {
        min = Math.min(min, o.min);
        max = Math.max(max, o.max);
        nan += o.nan;
    }

    /** The summary, the mean from the row sums added in row order (so it does not depend on the thread count). */
    AllPairs.Summary summary(DistanceMetric metric, int n, int dim, double[] rowSum) {
        double sum = 0.0;
        for (double s : rowSum) sum += s;
        long pairs = AllPairs.pairCount(n);
        long counted = pairs - nan;
        return new AllPairs.Summary(metric, n, dim, pairs, counted == 0 ? Double.NaN : min,
                counted == 0 ? Double.NaN : max, counted == 0 ? Double.NaN : sum / counted, nan);
    }
}
