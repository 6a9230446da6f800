package dev.facecal.calibrate;

import java.util.Arrays;

/**
 * A distance column kept as its distinct values with a count per class: how many same-person and how many
 * different-person pairs lie at each distance. With distances rounded to DeepFace's 6 decimals
 * ({@code DistanceMetric.deepfaceRound}) this loses nothing that {@code facecal calibrate} reads from a pair table
 * except the row order, and it stays small however many pairs there are (at most one entry per representable
 * rounded value): the form in which a cluster hands all pairs of a benchmark to the driver (issue 13).
 *
 * <p>{@link #expandedDistances()} and {@link #expandedLabels()} give the pairs back as a pair column in one fixed
 * order (ascending distance, each value's same-person pairs before its different-person pairs), the input of
 * {@link Calibrator#calibrate(String, DistanceCounts, CalibrationOptions)}.
 *
 * @param values    the distinct distances, strictly ascending, finite and {@code >= 0} ({@code -0.0} is stored as
 *                  {@code 0.0})
 * @param same      same-person pairs at each value, {@code >= 0}
 * @param different different-person pairs at each value, {@code >= 0}
 */
public record DistanceCounts(double[] values, long[] same, long[] different) {
    /** The most pairs {@link #expandedDistances()} can hold (a Java array's limit). */
    public static final long MAX_EXPANDED = Integer.MAX_VALUE - 8;

    public DistanceCounts {
        if (values.length != same.length || values.length != different.length) {
            throw new IllegalArgumentException("values (" + values.length + "), same (" + same.length
                    + ") and different (" + different.length + ") counts differ in length");
        }
        values = values.clone();
        same = same.clone();
        different = different.clone();
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("distance " + v + " at entry " + i
                        + " is not a finite non-negative number");
            }
            if (v == 0) values[i] = 0.0;
            if (i > 0 && !(values[i - 1] < values[i])) {
                throw new IllegalArgumentException("distances must be strictly ascending: " + values[i - 1]
                        + " then " + v + " at entry " + i);
            }
            if (same[i] < 0 || different[i] < 0) {
                throw new IllegalArgumentException("negative count at distance " + v + " (entry " + i + ")");
            }
        }
    }

    /** Counts of a pair column (distances in any order, same-person labels). */
    public static DistanceCounts of(double[] distances, boolean[] positive) {
        if (distances.length != positive.length) {
            throw new IllegalArgumentException("distances (" + distances.length + ") and labels ("
                    + positive.length + ") differ in length");
        }
        double[] sorted = distances.clone();
        for (int i = 0; i < sorted.length; i++) if (sorted[i] == 0) sorted[i] = 0.0;
        Arrays.sort(sorted);
        int m = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) sorted[m++] = sorted[i];
        }
        double[] values = Arrays.copyOf(sorted, m);
        long[] same = new long[m];
        long[] different = new long[m];
        for (int i = 0; i < distances.length; i++) {
            int k = Arrays.binarySearch(values, distances[i] == 0 ? 0.0 : distances[i]);
            if (k < 0) {
                throw new IllegalArgumentException("distance " + distances[i] + " at index " + i
                        + " is not a finite non-negative number");
            }
            if (positive[i]) same[k]++; else different[k]++;
        }
        return new DistanceCounts(values, same, different);
    }

    /** Number of distinct distances. */
    public int size() {
        return values.length;
    }

    /** Same-person pairs in all. */
    public long positives() {
        long s = 0;
        for (long c : same) s += c;
        return s;
    }

    /** Different-person pairs in all. */
    public long negatives() {
        long s = 0;
        for (long c : different) s += c;
        return s;
    }

    /** All pairs. */
    public long pairs() {
        return positives() + negatives();
    }

    /** The pairs as a distance column: ascending, each value's same-person pairs first. */
    public double[] expandedDistances() {
        double[] out = new double[expandedSize()];
        int k = 0;
        for (int i = 0; i < values.length; i++) {
            long n = same[i] + different[i];
            for (long j = 0; j < n; j++) out[k++] = values[i];
        }
        return out;
    }

    /** The labels matching {@link #expandedDistances()}. */
    public boolean[] expandedLabels() {
        boolean[] out = new boolean[expandedSize()];
        int k = 0;
        for (int i = 0; i < values.length; i++) {
            for (long j = 0; j < same[i]; j++) out[k++] = true;
            k += (int) different[i];
        }
        return out;
    }

    private int expandedSize() {
        long n = pairs();
        if (n > MAX_EXPANDED) {
            throw new IllegalArgumentException(n + " pairs are more than the " + MAX_EXPANDED
                    + " a calibration holds in memory: count a sample of the different-person pairs (--negatives N)");
        }
        return (int) n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DistanceCounts c && Arrays.equals(values, c.values) && Arrays.equals(same, c.same)
                && Arrays.equals(different, c.different);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(values) + Arrays.hashCode(same)) + Arrays.hashCode(different);
    }

    @Override
    public String toString() {
        return "DistanceCounts[" + values.length + " distinct distances, " + positives() + " same-person, "
                + negatives() + " different-person pairs]";
    }
}
