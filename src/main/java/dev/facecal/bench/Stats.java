package dev.facecal.bench;

import dev.facecal.calibrate.Interval;
import java.util.Arrays;

/** Summaries of timing samples: median and percentiles (NumPy's linear interpolation), min, max, n log2 n. */
public final class Stats {
    private Stats() {
    }

    /** The median ({@link #percentile} at 0.5; the mean of the two middle values for an even count). */
    public static double median(double[] a) {
        return percentile(a, 0.5);
    }

    /** Linear interpolation between order statistics (NumPy's default); NaN for no values. */
    public static double percentile(double[] a, double q) {
        if (a.length == 0) return Double.NaN;
        double[] s = a.clone();
        Arrays.sort(s);
        return Interval.quantile(s, q);
    }

    public static double min(double[] a) {
        return Arrays.stream(a).min().orElse(Double.NaN);
    }

    public static double max(double[] a) {
        return Arrays.stream(a).max().orElse(Double.NaN);
    }

    /** {@code n log2 n}, the growth of an O(n log n) step. */
    public static double nLogN(double n) {
        return n * Math.log(n) / Math.log(2);
    }

    /** Seconds since {@code t0} ({@link System#nanoTime}). */
    static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
