package dev.facecal.calibrate;

/**
 * A two-sided percentile interval.
 *
 * @param low  lower bound
 * @param high upper bound
 */
public record Interval(double low, double high) {
    public Interval {
        if (!(low <= high)) {
            throw new IllegalArgumentException("interval bounds out of order: [" + low + ", " + high + "]");
        }
    }

    /**
     * The {@code lowerPercent} and {@code upperPercent} percentiles of {@code values}, as NumPy's default
     * {@code np.percentile} computes them (linear interpolation between order statistics).
     */
    public static Interval percentile(double[] values, double lowerPercent, double upperPercent) {
        double[] s = values.clone();
        java.util.Arrays.sort(s);
        return new Interval(quantile(s, lowerPercent / 100.0), quantile(s, upperPercent / 100.0));
    }

    /** Linear-interpolation quantile of sorted values (NumPy's {@code method="linear"}). */
    public static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        double frac = pos - lo;
        return sorted[lo] + (sorted[hi] - sorted[lo]) * frac;
    }
}
