package dev.facecal.distance;

/**
 * Receives runs of one row's distances from the certified all-pairs pass ({@link AllPairs#certified}): values that
 * are either the reference doubles ({@link DistanceMetric#of}, bit for bit) or within a proven margin of them, with
 * the means to recompute any pair exactly. A consumer that only needs to know on which side of some boundaries each
 * distance lies (a float32 rounding, a histogram bin, a cutoff) decides from the value where the margin allows and
 * asks {@link Certificate#exact} for the rest, so its result is the one the reference doubles give.
 */
@FunctionalInterface
interface CertifiedConsumer {
    /**
     * Pairs (i, jFrom), (i, jFrom + 1), ..., (i, jFrom + count - 1): {@code values[offset .. offset + count)}, each
     * within {@code certificate.margin()} of the reference distance (NaN exactly where the reference is NaN). Called
     * on the worker threads as {@link AllPairs.SegmentConsumer#accept}; the certificate belongs to the calling thread.
     */
    void accept(int i, int jFrom, double[] values, int offset, int count, Certificate certificate);
}
