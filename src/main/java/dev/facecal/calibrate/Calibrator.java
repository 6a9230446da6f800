package dev.facecal.calibrate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calibrates one distance column: statistics, every threshold, their evaluation, ROC/DET, EER, TAR@FAR, the
 * per-cutoff table, the confidence model and (optionally) bootstrap intervals. Sorting the two classes once
 * ({@link OperatingCurve}) is the only O(n log n) step; everything else is linear.
 */
public final class Calibrator {
    private Calibrator() {}

    /**
     * @param column    the column's name (for reports)
     * @param distances distances in their original row order (the order pandas sums them in)
     * @param positive  same-person labels, one per distance
     */
    public static ColumnCalibration calibrate(String column, double[] distances, boolean[] positive,
                                              CalibrationOptions options) {
        OperatingCurve curve = OperatingCurve.of(distances, positive);
        DistanceStats pos = DistanceStats.of(LabelledDistances.select(distances, positive, true));
        DistanceStats neg = DistanceStats.of(LabelledDistances.select(distances, positive, false));
        SigmaThresholds sigma = SigmaThresholds.of(pos);
        ChefboostC45.Split c45 = ChefboostC45.split(distances, positive, curve);
        ExactGainRatioSplit.Split exact = ExactGainRatioSplit.of(curve);
        Evaluation f1 = OptimalThreshold.f1Max(curve);
        Evaluation acc = OptimalThreshold.accuracyMax(curve);
        EqualErrorRate eer = EqualErrorRate.of(curve);

        Map<String, Double> thresholds = new LinkedHashMap<>();
        thresholds.put("sigma1", sigma.threshold(1));
        thresholds.put("sigma2", sigma.threshold(2));
        thresholds.put("sigma3", sigma.threshold(3));
        thresholds.put("c45", c45.threshold());
        thresholds.put("c45_exact", exact.threshold());
        thresholds.put("f1_max", f1.threshold());
        thresholds.put("accuracy_max", acc.threshold());
        thresholds.put("eer", eer.threshold());
        for (double t : options.userThresholds()) {
            thresholds.put("user:" + Numbers.repr(t), t);
        }
        List<Evaluation> evaluations = new ArrayList<>();
        thresholds.forEach((name, t) -> evaluations.add(curve.evaluate(name, t)));

        List<TarAtFar> tars = new ArrayList<>();
        for (double target : options.farTargets()) tars.add(TarAtFar.of(curve, target));

        double[] cutoffs = options.cutoffs().length > 0 ? options.cutoffs()
                : PrecisionRecallTable.defaultCutoffs(curve.max(), 10);

        ThresholdMethod method = options.confidenceThreshold();
        double confThreshold = method.isFixed() ? method.fixed() : thresholds.get(method.name());
        ConfidenceModel confidence = null;
        String confidenceError = null;
        try {
            confidence = ConfidenceModel.fit(curve, method.name(), confThreshold);
        } catch (IllegalArgumentException e) {
            confidenceError = e.getMessage();
        }
        Bootstrap bootstrap = options.bootstrapResamples() > 0
                ? Bootstrap.of(distances, positive, method, options.bootstrapResamples(), options.seed())
                : null;
        return new ColumnCalibration(column, pos, neg, sigma, c45, exact, thresholds, evaluations,
                RocCurve.of(curve), DetCurve.of(curve), eer, tars, PrecisionRecallTable.of(curve, cutoffs),
                confidence, confidenceError, bootstrap);
    }
}
