package dev.facecal.calibrate;

/**
 * Thresholds that maximise a metric over every operating point (every distinct distance t, accepting
 * {@code distance <= t}). Ties go to the smallest such distance, the strictest threshold with the best score.
 *
 * <p>F1 maximisation is how seed 004 (face-similarity-pytorch) picks its threshold on the validation split;
 * best accuracy is the "Best Threshold" of seed 003 (MagFace baseline).
 */
public final class OptimalThreshold {
    private OptimalThreshold() {}

    /** The operating point with the highest F1 (scikit-learn's formula, see {@link Confusion#f1()}). */
    public static Evaluation f1Max(OperatingCurve curve) {
        int best = 0;
        double bestF1 = -1;
        for (int i = 0; i < curve.size(); i++) {
            double f1 = curve.confusion(i).f1();
            if (f1 > bestF1) {
                best = i;
                bestF1 = f1;
            }
        }
        return new Evaluation(ThresholdRule.F1_MAX.label(), curve.value(best), curve.confusion(best));
    }

    /** The operating point with the highest accuracy (most correct pairs, compared as integer counts). */
    public static Evaluation accuracyMax(OperatingCurve curve) {
        int best = 0;
        long bestCorrect = -1;
        for (int i = 0; i < curve.size(); i++) {
            long correct = (long) curve.truePositives(i) - curve.falsePositives(i);
            if (correct > bestCorrect) {
                best = i;
                bestCorrect = correct;
            }
        }
        return new Evaluation(ThresholdRule.ACCURACY_MAX.label(), curve.value(best), curve.confusion(best));
    }
}
