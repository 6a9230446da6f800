package dev.facecal.calibrate;

/**
 * The Fine-Tuning-Threshold notebook's sigma thresholds: {@code round(tp_mean + k * tp_std, 4)} where
 * {@code tp_mean} and {@code tp_std} are the mean and sample std (ddof = 1) of the same-person distances,
 * each already rounded to 4 decimals. The notebook rounds {@code numpy.float64} values, so the rounding is
 * NumPy's ({@link Rounding#numpy}); with mean 0.1863 and std 0.061 (seed 001) this gives 0.2473, 0.3083, 0.3693.
 *
 * @param roundedMean the same-person mean rounded to 4 decimals
 * @param roundedStd  the same-person std rounded to 4 decimals
 */
public record SigmaThresholds(double roundedMean, double roundedStd) {
    public SigmaThresholds {
        if (!Double.isFinite(roundedMean) || !(roundedStd >= 0) || Double.isInfinite(roundedStd)) {
            throw new IllegalArgumentException(
                    "sigma thresholds need a finite mean and std >= 0, got mean=" + roundedMean + " std=" + roundedStd);
        }
    }

    /** From the unrounded statistics of the same-person distances, rounding as the notebook does. */
    public static SigmaThresholds of(DistanceStats positives) {
        double std = positives.count() > 1 ? positives.std() : 0.0;
        return new SigmaThresholds(Rounding.numpy(positives.mean(), 4), Rounding.numpy(std, 4));
    }

    /** {@code round(mean + k*std, 4)}. */
    public double threshold(int k) {
        return Rounding.numpy(roundedMean + k * roundedStd, 4);
    }
}
