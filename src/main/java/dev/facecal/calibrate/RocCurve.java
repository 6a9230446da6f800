package dev.facecal.calibrate;

/**
 * The ROC curve of a distance column with "same person" as the positive class and smaller distances
 * scoring higher: point i accepts {@code distance <= thresholds[i]}. Equivalent to scikit-learn's
 * {@code roc_curve(y, -distance, drop_intermediate=False)} without its artificial first point; the area is
 * the trapezoidal rule from (0, 0) over every point, as {@code roc_auc_score(y, -distance)} computes it.
 *
 * @param fpr        false positive (false accept) rate at each point, ascending
 * @param tpr        true positive (true accept) rate at each point
 * @param thresholds the distance of each point, ascending
 * @param auc        area under the curve
 */
public record RocCurve(double[] fpr, double[] tpr, double[] thresholds, double auc) {
    public RocCurve {
        if (fpr.length != tpr.length || fpr.length != thresholds.length) {
            throw new IllegalArgumentException("ROC arrays differ in length: " + fpr.length + ", " + tpr.length
                    + ", " + thresholds.length);
        }
    }

    public static RocCurve of(OperatingCurve curve) {
        int m = curve.size();
        double n = curve.negatives();
        double p = curve.positives();
        double[] fpr = new double[m];
        double[] tpr = new double[m];
        double[] t = new double[m];
        double[] areas = new double[m];
        double prevF = 0.0, prevT = 0.0;
        for (int i = 0; i < m; i++) {
            fpr[i] = curve.falsePositives(i) / n;
            tpr[i] = curve.truePositives(i) / p;
            t[i] = curve.value(i);
            areas[i] = (fpr[i] - prevF) * (tpr[i] + prevT) / 2.0;
            prevF = fpr[i];
            prevT = tpr[i];
        }
        return new RocCurve(fpr, tpr, t, Reductions.sum(areas));
    }

    public int size() {
        return thresholds.length;
    }
}
