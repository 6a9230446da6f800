package dev.facecal.calibrate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calibrates one score column: statistics, every threshold, their evaluation, ROC/DET, EER, TAR@FAR, the
 * per-cutoff table, the confidence model and (optionally) bootstrap intervals. Sorting the two classes once
 * ({@link OperatingCurve}) is the only O(n log n) step; everything else is linear. The column's direction
 * ({@link CalibrationOptions#direction()}) decides whether a pair is accepted at {@code score <= t} (distances) or
 * {@code score >= t} (similarities); every threshold is reported as a score of that direction.
 */
public final class Calibrator {
    private Calibrator() {}

    /**
     * Calibrates a column given as distinct distances with counts (from a cluster's all-pairs count): the same
     * calibration as {@link #calibrate(String, double[], boolean[], CalibrationOptions)} on the pairs in the order of
     * {@link DistanceCounts#expandedDistances()}. Every threshold, count, curve and the confidence fit depend on the
     * multiset of pairs only, so they equal those of the original pair table exactly; the means and standard
     * deviations (summed in row order, as pandas) may differ from the table's in the last digits, and the bootstrap
     * resamples rows of the expanded order.
     */
    public static ColumnCalibration calibrate(String column, DistanceCounts counts, CalibrationOptions options) {
        if (options.direction() != dev.facecal.dataset.ScoreDirection.DISTANCE) {
            throw new IllegalArgumentException(column + ": counts hold distances; calibrate them as distances");
        }
        return calibrate(column, counts.expandedDistances(), counts.expandedLabels(), options);
    }

    /**
     * @param column    the column's name (for reports)
     * @param distances scores in their original row order (the order pandas sums them in)
     * @param positive  same-person labels, one per score
     */
    public static ColumnCalibration calibrate(String column, double[] distances, boolean[] positive,
                                              CalibrationOptions options) {
        OperatingCurve curve = OperatingCurve.of(distances, positive, options.direction());
        DistanceStats pos = DistanceStats.of(LabelledDistances.select(distances, positive, true));
        DistanceStats neg = DistanceStats.of(LabelledDistances.select(distances, positive, false));
        SigmaThresholds sigma = SigmaThresholds.of(pos, options.direction());
        ChefboostC45.Split c45 = ChefboostC45.split(distances, positive, curve);
        ExactGainRatioSplit.Split exact = ExactGainRatioSplit.of(curve);
        Evaluation f1 = OptimalThreshold.f1Max(curve);
        Evaluation acc = OptimalThreshold.accuracyMax(curve);
        EqualErrorRate eer = EqualErrorRate.of(curve);

        Map<String, Double> thresholds = new LinkedHashMap<>();
        for (ThresholdRule.Named rule : ThresholdRule.Named.values()) {
            thresholds.put(rule.label(), switch (rule) {
                case SIGMA1 -> sigma.threshold(1);
                case SIGMA2 -> sigma.threshold(2);
                case SIGMA3 -> sigma.threshold(3);
                case C45 -> c45.threshold();
                case C45_EXACT -> exact.threshold();
                case F1_MAX -> f1.threshold();
                case ACCURACY_MAX -> acc.threshold();
                case EER -> eer.threshold();
            });
        }
        for (double t : options.userThresholds()) {
            thresholds.put("user:" + Numbers.repr(t), t);
        }
        List<Evaluation> evaluations = new ArrayList<>();
        thresholds.forEach((name, t) -> evaluations.add(curve.evaluate(name, t)));

        List<TarAtFar> tars = new ArrayList<>();
        for (double target : options.farTargets()) tars.add(TarAtFar.of(curve, target));

        double[] cutoffs = options.cutoffs().length > 0 ? options.cutoffs()
                : PrecisionRecallTable.defaultCutoffs(curve.max(), 10);

        ThresholdRule rule = options.confidenceThreshold();
        double confThreshold = rule instanceof ThresholdRule.Fixed f ? f.value() : thresholds.get(rule.label());
        ConfidenceFit confidence;
        try {
            confidence = new ConfidenceFit.Fitted(ConfidenceModel.fit(curve, rule.label(), confThreshold));
        } catch (IllegalArgumentException e) {
            confidence = new ConfidenceFit.NotFitted(e.getMessage());
        }
        Bootstrap bootstrap = options.bootstrapResamples() > 0
                ? Bootstrap.of(distances, positive, options.direction(), rule, options.bootstrapResamples(),
                        options.seed())
                : null;
        return new ColumnCalibration(column, options.direction(), pos, neg, sigma, c45, exact, thresholds, evaluations,
                RocCurve.of(curve), DetCurve.of(curve), eer, tars, PrecisionRecallTable.of(curve, cutoffs),
                confidence, bootstrap);
    }
}
