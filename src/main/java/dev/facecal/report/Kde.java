package dev.facecal.report;

import java.util.Arrays;

/**
 * Gaussian kernel density estimate of a one-dimensional sample, computed exactly as pandas'
 * {@code Series.plot.kde()} draws it, so that the distance plots of DeepFace's
 * Fine-Tuning-Threshold notebook can be reproduced number for number.
 *
 * <p>Reference: pandas 1.5 {@code KdePlot} ({@code pandas/plotting/_matplotlib/hist.py}) drops
 * missing values, builds {@code scipy.stats.gaussian_kde(y)} with its default bandwidth (Scott's
 * factor {@code n^(-1/5)} times the sample standard deviation, ddof = 1; D. W. Scott,
 * <i>Multivariate Density Estimation</i>, 1992) and evaluates it on
 * {@code np.linspace(min - 0.5*range, max + 0.5*range, 1000)}. scipy 1.10 evaluates
 * {@code sum_i (1/n) * phi((x - x_i) / h) / h} point by point ({@code gaussian_kernel_estimate});
 * {@link #exact} does the same arithmetic in the same order and agrees with scipy to about
 * 1e-15 relative (the test asserts 1e-12 against {@code reference/make_kde_fixture.py}).
 *
 * <p>Large samples: the exact sum costs {@code n * points} exponentials, too slow for the
 * 10 million pairs the CLI may see. Above {@link #EXACT_LIMIT} values {@link #of} switches to
 * {@link #binned}: the sample is linearly binned onto a regular grid over [min, max] (each value
 * splits its weight between the two neighbouring grid nodes in proportion to proximity; Wand &amp;
 * Jones, <i>Kernel Smoothing</i>, 1995, appendix D; Silverman's AS 176) and the density is summed
 * over the grid nodes instead of the values. The grid has at least {@link #MIN_BINS} nodes and is
 * refined (up to {@link #MAX_BINS}) until the node spacing is at most 1/128 of the bandwidth where
 * that cap allows. Linear binning errs by O((spacing/bandwidth)^2), about 1e-7 of the peak density
 * at 1/128: measured against scipy on the 30 000-value bimodal fixture (spacing 1/340 of the
 * bandwidth) the largest error is 4e-8 of the peak, and {@code KdeTest} asserts 1e-6 of the peak
 * there and on a skewed sample with a far outlier. Only an extreme outlier (range above about
 * 8000 bandwidths) hits the cap and coarsens the grid. The bandwidth is
 * still computed from the raw values, so it is exact. 10 million values take about 0.1 s.
 * The binned sum skips grid nodes more than 40 bandwidths away, whose kernel terms underflow to 0
 * in double precision anyway.
 *
 * <p>Input handling, like pandas: NaN values are dropped. Infinite values, fewer than two
 * remaining values, or a sample with zero variance (all values equal) make scipy fail
 * ({@code ValueError} / {@code LinAlgError}); here they throw {@link IllegalArgumentException}
 * with the offending count or value in the message. No spike is drawn in their place: a
 * degenerate distribution is a data problem the caller should see, not paper over.
 */
public final class Kde {

    /** pandas' default number of evaluation points ({@code ind=None}). */
    public static final int DEFAULT_POINTS = 1000;
    /** Samples larger than this are evaluated by {@link #binned} in {@link #of}. */
    public static final int EXACT_LIMIT = 20_000;
    /** Minimum number of grid nodes of the binned path. */
    public static final int MIN_BINS = 1 << 14;
    /** Maximum number of grid nodes of the binned path. */
    public static final int MAX_BINS = 1 << 20;

    private static final double BINS_PER_BANDWIDTH = 128.0;
    private static final double CUTOFF_BANDWIDTHS = 40.0;
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);

    private Kde() {
    }

    /** How a {@link Curve} was evaluated. */
    public enum Method {
        /** Sum over every value, as scipy does. */
        EXACT,
        /** Sum over linearly binned grid nodes (large samples). */
        BINNED
    }

    /**
     * A density curve: {@code density[i]} is the estimate at {@code x[i]}.
     *
     * @param x         evaluation points, strictly increasing
     * @param density   estimated density at each point, non-negative
     * @param n         number of values the estimate was built from (NaNs excluded)
     * @param bandwidth kernel standard deviation h = n^(-1/5) * std(ddof=1)
     * @param method    exact or binned evaluation
     */
    public record Curve(double[] x, double[] density, int n, double bandwidth, Method method) {
        /** Validates lengths and values and copies the arrays. */
        public Curve {
            if (x == null || density == null) {
                throw new IllegalArgumentException("x and density must not be null");
            }
            if (x.length != density.length) {
                throw new IllegalArgumentException(
                        "x and density differ in length: " + x.length + " vs " + density.length);
            }
            if (x.length < 2) {
                throw new IllegalArgumentException("a curve needs at least 2 points, got " + x.length);
            }
            if (n < 2) {
                throw new IllegalArgumentException("n must be at least 2, got " + n);
            }
            if (!(bandwidth > 0) || Double.isInfinite(bandwidth)) {
                throw new IllegalArgumentException("bandwidth must be positive and finite, got " + bandwidth);
            }
            if (method == null) {
                throw new IllegalArgumentException("method must not be null");
            }
            x = x.clone();
            density = density.clone();
        }

        /** Copy of the evaluation points. */
        @Override
        public double[] x() {
            return x.clone();
        }

        /** Copy of the density values. */
        @Override
        public double[] density() {
            return density.clone();
        }

        /** Equal when all components are equal, arrays compared element by element. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Curve c && n == c.n && method == c.method
                    && Double.compare(bandwidth, c.bandwidth) == 0
                    && Arrays.equals(x, c.x) && Arrays.equals(density, c.density);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * Arrays.hashCode(x) + Arrays.hashCode(density)) + Double.hashCode(bandwidth) + n;
        }

        @Override
        public String toString() {
            return "Curve[points=" + x.length + ", n=" + n + ", bandwidth=" + bandwidth + ", method=" + method + "]";
        }

        /** Largest density value (the curve's peak). */
        public double max() {
            double m = 0;
            for (double d : density) {
                m = Math.max(m, d);
            }
            return m;
        }
    }

    /** KDE on pandas' default 1000-point grid; exact up to {@link #EXACT_LIMIT} values, binned above. */
    public static Curve of(double[] values) {
        return of(values, DEFAULT_POINTS);
    }

    /** KDE on a {@code points}-point pandas grid; exact up to {@link #EXACT_LIMIT} values, binned above. */
    public static Curve of(double[] values, int points) {
        Sample s = Sample.of(values);
        return s.n() > EXACT_LIMIT ? binned(s, points) : exact(s, points);
    }

    /** Exact evaluation (scipy's sum over all values), whatever the sample size. */
    public static Curve exact(double[] values, int points) {
        return exact(Sample.of(values), points);
    }

    /** Binned evaluation (see the class comment), whatever the sample size. */
    public static Curve binned(double[] values, int points) {
        return binned(Sample.of(values), points);
    }

    /**
     * pandas' evaluation grid: {@code np.linspace(min - 0.5*range, max + 0.5*range, points)},
     * with numpy's formula {@code start + i*step} and the last point set to the stop value.
     */
    public static double[] pandasGrid(double min, double max, int points) {
        if (points < 2) {
            throw new IllegalArgumentException("points must be at least 2, got " + points);
        }
        double range = max - min;
        double start = min - 0.5 * range;
        double stop = max + 0.5 * range;
        return linspace(start, stop, points);
    }

    /** numpy.linspace(start, stop, num) with endpoint=True, bit for bit. */
    static double[] linspace(double start, double stop, int num) {
        double[] out = new double[num];
        int div = num - 1;
        double delta = stop - start;
        double step = delta / div;
        for (int i = 0; i < num; i++) {
            out[i] = step == 0 ? (i / (double) div) * delta + start : i * step + start;
        }
        out[num - 1] = stop;
        return out;
    }

    private static Curve exact(Sample s, int points) {
        double[] x = pandasGrid(s.min(), s.max(), points);
        // scipy: whitening = cholesky(inv_cov); points and x are scaled by it; norm = whitening / sqrt(2 pi).
        double whitening = Math.sqrt(1.0 / s.covariance());
        double norm = Math.pow(2 * Math.PI, -0.5) * whitening;
        double weight = 1.0 / s.n();
        double[] v = s.values();
        double[] scaled = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            scaled[i] = v[i] * whitening;
        }
        double[] xs = new double[points];
        for (int j = 0; j < points; j++) {
            xs[j] = x[j] * whitening;
        }
        double[] est = new double[points];
        for (double p : scaled) {
            for (int j = 0; j < points; j++) {
                double r = p - xs[j];
                est[j] += weight * (Math.exp(-(r * r) / 2) * norm);
            }
        }
        return new Curve(x, est, s.n(), s.bandwidth(), Method.EXACT);
    }

    private static Curve binned(Sample s, int points) {
        double[] x = pandasGrid(s.min(), s.max(), points);
        double h = s.bandwidth();
        double lo = s.min();
        double range = s.max() - lo;
        int bins = MIN_BINS;
        while (bins < MAX_BINS && range / (bins - 1) > h / BINS_PER_BANDWIDTH) {
            bins <<= 1;
        }
        double delta = range / (bins - 1);
        double[] counts = new double[bins];
        for (double v : s.values()) {
            double pos = (v - lo) / delta;
            int k = (int) pos;
            if (k >= bins - 1) {
                counts[bins - 1] += 1;
                continue;
            }
            double frac = pos - k;
            counts[k] += 1 - frac;
            counts[k + 1] += frac;
        }
        double norm = INV_SQRT_2PI / (h * s.n());
        int reach = (int) Math.ceil(CUTOFF_BANDWIDTHS * h / delta);
        double[] est = new double[points];
        for (int j = 0; j < points; j++) {
            double centre = (x[j] - lo) / delta;
            int from = Math.max(0, (int) Math.floor(centre) - reach);
            int to = Math.min(bins - 1, (int) Math.ceil(centre) + reach);
            double sum = 0;
            for (int k = from; k <= to; k++) {
                double c = counts[k];
                if (c != 0) {
                    double z = (x[j] - (lo + k * delta)) / h;
                    sum += c * Math.exp(-0.5 * z * z);
                }
            }
            est[j] = sum * norm;
        }
        return new Curve(x, est, s.n(), h, Method.BINNED);
    }

    /** Neumaier's compensated summation (Kahan-Babuska). */
    private static final class Sum {
        private double sum;
        private double compensation;

        void add(double v) {
            double t = sum + v;
            if (Math.abs(sum) >= Math.abs(v)) {
                compensation += (sum - t) + v;
            } else {
                compensation += (v - t) + sum;
            }
            sum = t;
        }

        double value() {
            return sum + compensation;
        }
    }

    /** The finite values of a sample with the statistics both paths need. */
    private record Sample(double[] values, double min, double max, double covariance) {

        static Sample of(double[] raw) {
            if (raw == null) {
                throw new IllegalArgumentException("values must not be null");
            }
            int n = 0;
            for (double v : raw) {
                if (Double.isInfinite(v)) {
                    throw new IllegalArgumentException("values must be finite, got " + v);
                }
                if (!Double.isNaN(v)) {
                    n++;
                }
            }
            double[] values = n == raw.length ? raw : dropNaN(raw, n);
            if (n < 2) {
                throw new IllegalArgumentException(
                        "a kernel density estimate needs at least 2 non-NaN values, got " + n);
            }
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double v : values) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            // Compensated sums: numpy's pairwise sums are accurate to a few ulps, a naive loop over
            // millions of values is not, and the tails of the density are sensitive to the variance.
            Sum sum = new Sum();
            for (double v : values) {
                sum.add(v);
            }
            double mean = sum.value() / n;
            Sum ss = new Sum();
            for (double v : values) {
                double d = v - mean;
                ss.add(d * d);
            }
            double variance = ss.value() / (n - 1);
            if (!(variance > 0) || min == max) {
                throw new IllegalArgumentException(
                        "a kernel density estimate needs values that are not all equal; all "
                                + n + " values are " + min);
            }
            // scipy: factor = neff^(-1/5) with neff = 1/sum(w^2) = n for unit weights;
            // covariance = var * factor^2.
            double factor = Math.pow(n, -1.0 / 5);
            return new Sample(values, min, max, variance * factor * factor);
        }

        private static double[] dropNaN(double[] raw, int n) {
            double[] out = new double[n];
            int i = 0;
            for (double v : raw) {
                if (!Double.isNaN(v)) {
                    out[i++] = v;
                }
            }
            return out;
        }

        int n() {
            return values.length;
        }

        double bandwidth() {
            return Math.sqrt(covariance);
        }
    }
}
