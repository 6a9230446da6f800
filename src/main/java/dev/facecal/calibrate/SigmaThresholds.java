package dev.facecal.calibrate;

import dev.facecal.dataset.ScoreDirection;

/**
 * The Fine-Tuning-Threshold notebook's sigma thresholds: {@code round(tp_mean + k * tp_std, 4)} where
 * {@code tp_mean} and {@code tp_std} are the mean and sample std (ddof = 1) of the same-person distances,
 * each already rounded to 4 decimals. The notebook rounds {@code numpy.float64} values, so the rounding is
 * NumPy's ({@link Rounding#numpy}); with mean 0.1863 and std 0.061 (seed 001) this gives 0.2473, 0.3083, 0.3693.
 * For a similarity column (higher = same person) the thresholds lie below the same-person mean:
 * {@code round(tp_mean - k * tp_std, 4)}, which is exactly the distance rule applied to the negated scores
 * (NumPy's rounding is symmetric).
 *
 * @param roundedMean the same-person mean rounded to 4 decimals
 * @param roundedStd  the same-person std rounded to 4 decimals
 * @param direction   which way the scores point
 */
public record SigmaThresholds(double roundedMean, double roundedStd, ScoreDirection direction) {
    public SigmaThresholds {
        if (!Double.isFinite(roundedMean) || !(roundedStd >= 0) || Double.isInfinite(roundedStd)) {
            throw new IllegalArgumentException(
                    "sigma thresholds need a finite mean and std >= 0, got mean=" + roundedMean + " std=" + roundedStd);
        }
        if (direction == null) {
            throw new IllegalArgumentException("sigma thresholds need a score direction");
        }
    }

    /** Sigma thresholds of distances. */
    public SigmaThresholds(double roundedMean, double roundedStd) {
        this(roundedMean, roundedStd, ScoreDirection.DISTANCE);
    }

    /** From the unrounded statistics of the same-person distances, rounding as the notebook does. */
    public static SigmaThresholds of(DistanceStats positives) {
        return of(positives, ScoreDirection.DISTANCE);
    }

    /** From the unrounded statistics of the same-person scores of either direction. */
    public static SigmaThresholds of(DistanceStats positives, ScoreDirection direction) {
        double std = positives.count() > 1 ? positives.std() : 0.0;
        return new SigmaThresholds(Rounding.numpy(positives.mean(), 4), Rounding.numpy(std, 4), direction);
    }

    /** {@code round(mean + k*std, 4)}, or {@code round(mean - k*std, 4)} for similarities. */
    public double threshold(int k) {
        return direction == ScoreDirection.DISTANCE ? Rounding.numpy(roundedMean + k * roundedStd, 4)
                : Rounding.numpy(roundedMean - k * roundedStd, 4);
    }
}
