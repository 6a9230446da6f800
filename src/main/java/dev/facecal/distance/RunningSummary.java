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
     * sum without NaN, left to right.
     */
    double add(double[] values, int from, int len, int i, int jFrom, Certificate certificate) {
        double m = certificate.margin();
        double s = 0.0, lo = min, hi = max;
        for (int t = from; t < from + len; t++) {
            double v = values[t];
            if (v == v) {
                s += v;
                if (v - m < lo) lo = Math.min(lo, m == 0 ? v : certificate.exact(i, jFrom + (t - from)));
                if (v + m > hi) hi = Math.max(hi, m == 0 ? v : certificate.exact(i, jFrom + (t - from)));
            } else {
                nan++;
            }
        }
        min = lo;
        max = hi;
        return s;
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
