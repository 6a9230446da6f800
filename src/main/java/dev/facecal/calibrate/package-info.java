/**
 * Labelled scores to thresholds, evaluations, curves and the confidence model: static functions over primitive arrays
 * around one {@link dev.facecal.calibrate.OperatingCurve}; the rules as a sealed type with one name table
 * ({@link dev.facecal.calibrate.ThresholdRule}); distances or similarities
 * ({@link dev.facecal.dataset.ScoreDirection}); {@link dev.facecal.calibrate.Calibration} is the result, with its
 * provenance. A new threshold rule: a constant of {@link dev.facecal.calibrate.ThresholdRule.Named} and its algorithm.
 * Bottom layer.
 */
package dev.facecal.calibrate;
