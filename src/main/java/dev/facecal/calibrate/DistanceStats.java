package dev.facecal.calibrate;

/**
 * Summary of one class of distances (same-person or different-person pairs) as pandas reports it.
 *
 * @param count number of distances
 * @param mean  pandas {@code Series.mean()}
 * @param std   sample standard deviation, ddof = 1 ({@code Series.std()}); NaN for a single value
 * @param min   smallest distance
 * @param max   largest distance
 */
public record DistanceStats(int count, double mean, double std, double min, double max) {
    public DistanceStats {
        if (count <= 0) {
            throw new IllegalArgumentException("count must be positive, got " + count);
        }
        if (min > max) {
            throw new IllegalArgumentException("min " + min + " > max " + max);
        }
    }

    /** Statistics of {@code distances} computed in pandas' summation order (see {@link Reductions}). */
    public static DistanceStats of(double[] distances) {
        return new DistanceStats(distances.length, Reductions.mean(distances), Reductions.std(distances, 1),
                Reductions.min(distances), Reductions.max(distances));
    }
}
