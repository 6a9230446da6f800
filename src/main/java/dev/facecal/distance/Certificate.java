package dev.facecal.distance;

/**
 * The error bound of the values a {@link CertifiedConsumer} receives, and the exact recomputation of any pair: one
 * per worker thread, its margin set by the all-pairs pass for each run of values it hands over.
 *
 * <p><b>The guarantee.</b> For every value {@code v} handed over with margin {@code m}, the reference distance
 * {@code d} ({@link DistanceMetric#of}, a double) satisfies {@code v - m <= d <= v + m} in exact arithmetic; hence
 * also {@code fl(v - m) <= d <= fl(v + m)} for the rounded ends (a double at or above a real number is at or above
 * its rounding), so a monotone decision (a float32 rounding, a bin index, a comparison with a cutoff) that gives the
 * same answer at both computed ends gives that answer for {@code d}. Where it does not, {@link #exact} decides.
 * Exact paths hand over the reference doubles themselves with margin 0.
 *
 * <p><b>Where the margin comes from</b> (euclidean and euclidean_l2 through the Gram matrix, see
 * {@link AllPairsBlocked}): with {@code A = |a|^2} and {@code B = |b|^2} computed in dimension order, {@code G = a.b}
 * with one rounding per fused multiply-add, and {@code s~ = (A + B) - 2G}, the standard bounds for recursive
 * summation (Higham, <i>Accuracy and Stability of Numerical Algorithms</i>, 2nd ed., section 4.2, with
 * {@code gamma_k = k u / (1 - k u)}, {@code u = 2^-53}) give, against the reference's {@code s = sum (a_k - b_k)^2}
 * summed in dimension order, {@code |s~ - s| <= c_n (A + B) + eta}, where {@link #sumBound(int)} is {@code c_n} (about
 * {@code (4n + 7) u}) and {@code eta} covers underflow. Then for {@code v = fl(sqrt(s~)) >= floor}:
 * {@code |d - v| <= (1 + u) E / v + 2 u v} with {@code E} the bound on {@code s}. Values below the floor (near
 * duplicates, where the square root amplifies the error) are recomputed exactly before they are handed over.
 *
 * <p>Angular on the certified path: the similarity is the reference's bit for bit and only the arc cosine differs,
 * by a fixed margin ({@link AllPairsBlocked#ANGULAR_MARGIN}).
 */
final class Certificate {
    private static final double U = 0x1p-53;

    private final DistanceMetric metric;
    private final float[][] embeddings;
    private final ReferencePairs reference;
    /** The squared norms the Gram kernel used (bounded paths), else null. */
    private final double[] sq;
    private final double sumBound;
    private final double underflow;
    private double margin;
    private long exactCalls;

    private Certificate(DistanceMetric metric, float[][] embeddings, ReferencePairs reference, double[] sq, int dim) {
        this.metric = metric;
        this.embeddings = embeddings;
        this.reference = reference;
        this.sq = sq;
        this.sumBound = sumBound(dim);
        this.underflow = underflowBound(dim);
    }

    /** For values that are the reference doubles: margin 0 (exact recomputation goes through {@code metric.of}). */
    static Certificate ofExact(DistanceMetric metric, float[][] embeddings) {
        return new Certificate(metric, embeddings, null, null, Embeddings.dimension(embeddings));
    }

    /** For values within a fixed {@code margin} of the reference (angular through the Vector API's arc cosine). */
    static Certificate ofConstant(DistanceMetric metric, float[][] embeddings, ReferencePairs reference,
                                  double margin) {
        Certificate c = new Certificate(metric, embeddings, reference, null, Embeddings.dimension(embeddings));
        c.margin = margin;
        return c;
    }

    /** For values from the Gram kernel over vectors with squared norms {@code sq} (see the class comment). */
    static Certificate ofGram(DistanceMetric metric, float[][] embeddings, ReferencePairs reference, double[] sq,
                              int dim) {
        return new Certificate(metric, embeddings, reference, sq, dim);
    }

    /** Every value handed over with this certificate is within this of its reference distance. */
    double margin() {
        return margin;
    }

    void margin(double m) {
        this.margin = m;
    }

    /** The reference distance of (i, j), bit for bit {@link DistanceMetric#of}. */
    double exact(int i, int j) {
        exactCalls++;
        return reference != null ? reference.distance(i, j) : metric.of(embeddings[i], embeddings[j]);
    }

    /** How many pairs this thread recomputed (the correction pass's size). */
    long exactCalls() {
        return exactCalls;
    }

    /**
     * A margin for the single value {@code v} of pair (i, j), usually far tighter than {@link #margin()} (which holds
     * for a whole panel): {@code (1 + u) E_ij / v + 2 u v} with {@code E_ij = c_n (A_i + A_j) + eta}; infinite where
     * it cannot be given (v not positive and finite). 0 on exact paths.
     */
    double tightMargin(int i, int j, double v) {
        if (sq == null) return margin;
        if (!(v > 0) || v == Double.POSITIVE_INFINITY) return Double.POSITIVE_INFINITY;
        double e = sumBound * (sq[i] + sq[j]) + underflow;
        return e * (1 + 0x1p-20) / v + 0x1p-51 * v;
    }

    /**
     * {@code c_n}: {@code |s~ - s| <= c_n (A + B) + eta} for n dimensions, from {@code |A - sum a^2| <= gamma_n sum
     * a^2} (likewise B), {@code |G - a.b| <= gamma_n sum |a_k b_k| <= gamma_n (sum a^2 + sum b^2) / 2}, the two
     * roundings of {@code s~}, and {@code |s - sum (a_k - b_k)^2| <= gamma_(n+2) sum (a_k - b_k)^2 <= 2 gamma_(n+2)
     * (sum a^2 + sum b^2)}; the sums of squares are at most {@code (A + B) / (1 - gamma_n)}. Rounded up generously
     * (factor {@code 1 + 2^-20}) to cover the rounding of its own evaluation.
     */
    static double sumBound(int n) {
        double gn = gamma(n), gn2 = gamma(n + 2);
        double beta = 2 * gn + U * (1 + gn);
        return (beta * (1 + U) + 2 * U + 2 * gn2) / (1 - gn) * (1 + 0x1p-20);
    }

    /** Absolute error that subnormal results can add (each rounding at most half the smallest subnormal). */
    static double underflowBound(int n) {
        return (8.0 * n + 32) * Double.MIN_VALUE;
    }

    private static double gamma(int k) {
        double ku = k * U;
        return ku < 0.5 ? ku / (1 - ku) : Double.POSITIVE_INFINITY;
    }
}
