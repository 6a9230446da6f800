package dev.facecal.calibrate;

/**
 * Detection error tradeoff points (Martin et al. 1997): false accept rate against false reject rate at every
 * distinct distance; plot them on normal-deviate axes. Equivalent to scikit-learn's {@code det_curve} for
 * scores {@code -distance}, but keeping every point.
 *
 * @param far        false accept rate (over negative pairs) at each point
 * @param frr        false reject rate (over positive pairs) at each point
 * @param thresholds the distance of each point, ascending
 */
public record DetCurve(double[] far, double[] frr, double[] thresholds) {
    public DetCurve {
        if (far.length != frr.length || far.length != thresholds.length) {
            throw new IllegalArgumentException("DET arrays differ in length");
        }
    }

    public static DetCurve of(OperatingCurve curve) {
        int m = curve.size();
        double n = curve.negatives();
        double p = curve.positives();
        double[] far = new double[m];
        double[] frr = new double[m];
        double[] t = new double[m];
        for (int i = 0; i < m; i++) {
            far[i] = curve.falsePositives(i) / n;
            frr[i] = 1.0 - curve.truePositives(i) / p;
            t[i] = curve.value(i);
        }
        return new DetCurve(far, frr, t);
    }
}
