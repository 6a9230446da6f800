package dev.facecal.calibrate;

import java.util.List;

/**
 * What to compute besides the fixed set of thresholds.
 *
 * @param confidenceThreshold the threshold whose predictions label the confidence fit (DeepFace: {@code c45})
 * @param userThresholds      extra thresholds to evaluate, reported as {@code user:<value>}
 * @param farTargets          FAR targets for TAR@FAR
 * @param cutoffs             cutoffs of the precision/recall table; empty = {@link PrecisionRecallTable#defaultCutoffs}
 * @param bootstrapResamples  bootstrap resamples of the confidence threshold method; 0 = no bootstrap
 * @param seed                seed of the bootstrap
 */
public record CalibrationOptions(ThresholdMethod confidenceThreshold, List<Double> userThresholds,
                                 double[] farTargets, double[] cutoffs, int bootstrapResamples, long seed) {
    public CalibrationOptions {
        if (confidenceThreshold == null) {
            throw new IllegalArgumentException("confidenceThreshold must not be null");
        }
        userThresholds = List.copyOf(userThresholds);
        for (double t : userThresholds) {
            if (!(t >= 0) || Double.isInfinite(t)) {
                throw new IllegalArgumentException("a threshold must be a finite number >= 0, got " + t);
            }
        }
        for (double f : farTargets) {
            if (!(f > 0 && f < 1)) {
                throw new IllegalArgumentException("a FAR target must lie strictly between 0 and 1, got " + f);
            }
        }
        if (bootstrapResamples < 0 || bootstrapResamples == 1) {
            throw new IllegalArgumentException("bootstrap resamples must be 0 (off) or >= 2, got " + bootstrapResamples);
        }
        farTargets = farTargets.clone();
        cutoffs = cutoffs.clone();
    }

    /** DeepFace's defaults: confidence labelled at C4.5, the four usual FAR targets, 1000 bootstrap resamples. */
    public static CalibrationOptions defaults() {
        return new CalibrationOptions(ThresholdMethod.C45, List.of(), TarAtFar.DEFAULT_TARGETS, new double[0], 1000, 42L);
    }

    public CalibrationOptions withConfidenceThreshold(ThresholdMethod m) {
        return new CalibrationOptions(m, userThresholds, farTargets, cutoffs, bootstrapResamples, seed);
    }

    public CalibrationOptions withUserThresholds(List<Double> t) {
        return new CalibrationOptions(confidenceThreshold, t, farTargets, cutoffs, bootstrapResamples, seed);
    }

    public CalibrationOptions withCutoffs(double[] c) {
        return new CalibrationOptions(confidenceThreshold, userThresholds, farTargets, c, bootstrapResamples, seed);
    }

    public CalibrationOptions withBootstrap(int resamples, long seed) {
        return new CalibrationOptions(confidenceThreshold, userThresholds, farTargets, cutoffs, resamples, seed);
    }
}
