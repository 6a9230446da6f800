package dev.facecal.calibrate;

import dev.facecal.dataset.ScoreDirection;
import java.util.List;

/**
 * What to compute besides the fixed set of thresholds.
 *
 * @param confidenceThreshold the rule whose threshold labels the confidence fit and goes into the exported blocks
 *                            (DeepFace: {@link ThresholdRule#C45})
 * @param userThresholds      extra thresholds to evaluate, reported as {@code user:<value>}
 * @param farTargets          FAR targets for TAR@FAR
 * @param cutoffs             cutoffs of the precision/recall table; empty = {@link PrecisionRecallTable#defaultCutoffs}
 * @param bootstrapResamples  bootstrap resamples of the confidence threshold rule; 0 = no bootstrap
 * @param seed                seed of the bootstrap
 * @param direction           whether the columns are distances (lower = same person, DeepFace's) or similarities
 */
public record CalibrationOptions(ThresholdRule confidenceThreshold, List<Double> userThresholds,
                                 double[] farTargets, double[] cutoffs, int bootstrapResamples, long seed,
                                 ScoreDirection direction) {
    public CalibrationOptions {
        if (confidenceThreshold == null) {
            throw new IllegalArgumentException("confidenceThreshold must not be null");
        }
        if (direction == null) {
            throw new IllegalArgumentException("direction must not be null");
        }
        ThresholdRule.check(confidenceThreshold, direction);
        userThresholds = List.copyOf(userThresholds);
        for (double t : userThresholds) {
            if (direction == ScoreDirection.DISTANCE ? !(t >= 0) || Double.isInfinite(t) : !Double.isFinite(t)) {
                throw new IllegalArgumentException("a threshold must be a finite number"
                        + (direction == ScoreDirection.DISTANCE ? " >= 0" : "") + ", got " + t);
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

    /** Options for distance columns. */
    public CalibrationOptions(ThresholdRule confidenceThreshold, List<Double> userThresholds, double[] farTargets,
                              double[] cutoffs, int bootstrapResamples, long seed) {
        this(confidenceThreshold, userThresholds, farTargets, cutoffs, bootstrapResamples, seed,
                ScoreDirection.DISTANCE);
    }

    /**
     * DeepFace's defaults: distance columns, confidence labelled at C4.5, the four usual FAR targets, 1000 bootstrap
     * resamples, seed 42.
     */
    public static CalibrationOptions defaults() {
        return new CalibrationOptions(ThresholdRule.C45, List.of(), TarAtFar.DEFAULT_TARGETS, new double[0], 1000, 42L,
                ScoreDirection.DISTANCE);
    }

    public CalibrationOptions withConfidenceThreshold(ThresholdRule m) {
        return new CalibrationOptions(m, userThresholds, farTargets, cutoffs, bootstrapResamples, seed, direction);
    }

    public CalibrationOptions withUserThresholds(List<Double> t) {
        return new CalibrationOptions(confidenceThreshold, t, farTargets, cutoffs, bootstrapResamples, seed, direction);
    }

    public CalibrationOptions withFarTargets(double[] f) {
        return new CalibrationOptions(confidenceThreshold, userThresholds, f, cutoffs, bootstrapResamples, seed,
                direction);
    }

    public CalibrationOptions withCutoffs(double[] c) {
        return new CalibrationOptions(confidenceThreshold, userThresholds, farTargets, c, bootstrapResamples, seed,
                direction);
    }

    public CalibrationOptions withBootstrap(int resamples, long seed) {
        return new CalibrationOptions(confidenceThreshold, userThresholds, farTargets, cutoffs, resamples, seed,
                direction);
    }

    /** The same options for columns of {@code d} (similarities: higher = same person). */
    public CalibrationOptions withDirection(ScoreDirection d) {
        return new CalibrationOptions(confidenceThreshold, userThresholds, farTargets, cutoffs, bootstrapResamples,
                seed, d);
    }

    /** The records' arrays are compared by content (two equal option sets give equal calibrations). */
    @Override
    public boolean equals(Object o) {
        return o instanceof CalibrationOptions c && confidenceThreshold.equals(c.confidenceThreshold)
                && userThresholds.equals(c.userThresholds) && java.util.Arrays.equals(farTargets, c.farTargets)
                && java.util.Arrays.equals(cutoffs, c.cutoffs) && bootstrapResamples == c.bootstrapResamples
                && seed == c.seed && direction == c.direction;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(confidenceThreshold, userThresholds, java.util.Arrays.hashCode(farTargets),
                java.util.Arrays.hashCode(cutoffs), bootstrapResamples, seed, direction);
    }
}
