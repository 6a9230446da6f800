package dev.facecal.calibrate;

/**
 * The equal error rate: where the false accept rate (over negative pairs) and the false reject rate (over
 * positive pairs) cross.
 *
 * <p>The operating points are the distinct distances in ascending order, preceded by the point "accept
 * nothing" (FAR 0, FRR 1) at distance 0. The crossing lies between the first two consecutive points with
 * {@code FAR - FRR < 0} and {@code FAR - FRR >= 0}; both rates are interpolated linearly along that segment
 * with {@code a = (frr0 - far0) / ((far1 - far0) - (frr1 - frr0))}, giving {@code eer = far0 + a*(far1 - far0)}
 * and {@code threshold = t0 + a*(t1 - t0)}. When the point itself has FAR = FRR, {@code a = 1} and nothing is
 * interpolated.
 *
 * @param eer       the interpolated error rate at the crossing, in [0, 1]
 * @param threshold the interpolated score at the crossing (for a similarity column: interpolated between the
 *                  negated scores, from the largest similarity as "accept nothing")
 */
public record EqualErrorRate(double eer, double threshold) {
    public EqualErrorRate {
        if (!(eer >= 0 && eer <= 1)) {
            throw new IllegalArgumentException("EER must lie in [0, 1], got " + eer);
        }
    }

    public static EqualErrorRate of(OperatingCurve curve) {
        double n = curve.negatives();
        double p = curve.positives();
        double far0 = 0.0, frr0 = 1.0;
        // in distance order: "accept nothing" at 0 (or at the first point when that is below 0, as the negated
        // scores of a similarity are)
        double t0 = Math.min(0.0, curve.key(0));
        for (int i = 0; i < curve.size(); i++) {
            double far1 = curve.falsePositives(i) / n;
            double frr1 = 1.0 - curve.truePositives(i) / p;
            double t1 = curve.key(i);
            if (far1 - frr1 >= 0) {
                double a = (frr0 - far0) / ((far1 - far0) - (frr1 - frr0));
                return new EqualErrorRate(far0 + a * (far1 - far0), curve.score(t0 + a * (t1 - t0)));
            }
            far0 = far1;
            frr0 = frr1;
            t0 = t1;
        }
        // Unreachable: at the last point every pair is accepted, FAR = 1 >= FRR = 0.
        throw new IllegalStateException("FAR and FRR never crossed");
    }
}
