package dev.facecal.calibrate;

/**
 * Sums, means and standard deviations computed in exactly the order NumPy and pandas compute them,
 * so that results agree with pandas to the last bit rather than merely to a tolerance.
 *
 * <p>NumPy sums a contiguous float64 array with pairwise summation ({@code pairwise_sum_DOUBLE} in
 * {@code numpy/core/src/umath/loops_utils.h.src}): blocks of at most 128 values are summed with eight
 * interleaved accumulators, longer runs are split in two at a multiple of eight. The reduction passes the
 * array to that loop in buffers of at most 8192 values and adds the buffer sums left to right ({@link #sum}).
 * pandas'
 * {@code Series.mean()} is {@code values.sum() / count}, and {@code Series.std(ddof)} (without the optional
 * bottleneck package, i.e. as pip installs pandas) is {@code sqrt(sum((avg - x)**2) / (count - ddof))}
 * with both sums pairwise ({@code pandas/core/nanops.py: nanvar}). A naive left-to-right loop differs
 * in the last bits, which can flip a value that is later rounded to 4 decimals or compared with a split point.
 */
public final class Reductions {
    private static final int BLOCK = 128;
    /** NumPy's default ufunc buffer size, the longest run a reduction's inner loop sees. */
    static final int NUMPY_BUFSIZE = 8192;

    private Reductions() {}

    /** NumPy's pairwise sum of {@code a[from .. from+n)}. */
    public static double pairwiseSum(double[] a, int from, int n) {
        if (n < 8) {
            double res = 0.0;
            for (int i = 0; i < n; i++) {
                res += a[from + i];
            }
            return res;
        } else if (n <= BLOCK) {
            double r0 = a[from], r1 = a[from + 1], r2 = a[from + 2], r3 = a[from + 3];
            double r4 = a[from + 4], r5 = a[from + 5], r6 = a[from + 6], r7 = a[from + 7];
            int i;
            int limit = n - (n % 8);
            for (i = 8; i < limit; i += 8) {
                int k = from + i;
                r0 += a[k];
                r1 += a[k + 1];
                r2 += a[k + 2];
                r3 += a[k + 3];
                r4 += a[k + 4];
                r5 += a[k + 5];
                r6 += a[k + 6];
                r7 += a[k + 7];
            }
            double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) {
                res += a[from + i];
            }
            return res;
        } else {
            int n2 = n / 2;
            n2 -= n2 % 8;
            return pairwiseSum(a, from, n2) + pairwiseSum(a, from + n2, n - n2);
        }
    }

    /**
     * NumPy's {@code np.sum(a)} for a contiguous float64 array. The ufunc reduction hands the inner loop at most
     * one buffer of {@value #NUMPY_BUFSIZE} elements ({@code np.getbufsize()}) at a time, so longer arrays are
     * summed pairwise per 8192-element block and the block sums are added left to right.
     */
    public static double sum(double[] a) {
        int n = a.length;
        double res = pairwiseSum(a, 0, Math.min(n, NUMPY_BUFSIZE));
        for (int from = NUMPY_BUFSIZE; from < n; from += NUMPY_BUFSIZE) {
            res += pairwiseSum(a, from, Math.min(NUMPY_BUFSIZE, n - from));
        }
        return res;
    }

    /** pandas' {@code Series.mean()}: pairwise sum divided by the count. */
    public static double mean(double[] a) {
        requireNonEmpty(a);
        return sum(a) / a.length;
    }

    /**
     * pandas' {@code Series.std(ddof=ddof)} without bottleneck: two passes, pairwise sums.
     * Returns NaN when {@code a.length <= ddof}, as pandas does.
     */
    public static double std(double[] a, int ddof) {
        return Math.sqrt(variance(a, ddof));
    }

    /** pandas' {@code Series.var(ddof=ddof)} without bottleneck (see {@link #std}). */
    public static double variance(double[] a, int ddof) {
        requireNonEmpty(a);
        if (a.length - ddof <= 0) {
            return Double.NaN;
        }
        double avg = sum(a) / a.length;
        double[] sq = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            double d = avg - a[i];
            sq[i] = d * d;
        }
        return sum(sq) / (a.length - ddof);
    }

    /** Smallest value (NaN-free input assumed). */
    public static double min(double[] a) {
        requireNonEmpty(a);
        double m = a[0];
        for (double v : a) {
            if (v < m) {
                m = v;
            }
        }
        return m;
    }

    /** Largest value (NaN-free input assumed). */
    public static double max(double[] a) {
        requireNonEmpty(a);
        double m = a[0];
        for (double v : a) {
            if (v > m) {
                m = v;
            }
        }
        return m;
    }

    private static void requireNonEmpty(double[] a) {
        if (a.length == 0) {
            throw new IllegalArgumentException("empty array");
        }
    }
}
