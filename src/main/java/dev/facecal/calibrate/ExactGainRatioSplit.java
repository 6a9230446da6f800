package dev.facecal.calibrate;

/**
 * The true best C4.5 split of one continuous feature: the highest gain ratio over every boundary between
 * consecutive distinct distances (Quinlan 1993, C4.5, section 2.4), with the gain ratio computed exactly as
 * {@link ChefboostC45} computes it so the two can be compared. The threshold reported is the midpoint of the
 * two distances around the boundary (the lower distance itself when the two are adjacent doubles and the
 * midpoint would round up); the first best boundary (smallest distance) wins ties.
 */
public final class ExactGainRatioSplit {
    private ExactGainRatioSplit() {}

    /** The winning threshold and its gain ratio; {@code index} is the operating point just below it. */
    public record Split(double threshold, double gainRatio, int index) {}

    public static Split of(OperatingCurve curve) {
        long pos = curve.positives();
        long neg = curve.negatives();
        if (curve.size() == 1) {
            return new Split(curve.value(0), Double.NaN, 0);
        }
        // in distance order; a similarity's midpoint is the exact negation of its negated scores' midpoint
        double parent = GainRatio.entropy(pos, neg);
        int best = 0;
        double bestRatio = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < curve.size() - 1; i++) {
            double ratio = GainRatio.of(parent, pos, neg, curve.truePositives(i), curve.falsePositives(i));
            if (ratio > bestRatio) {
                best = i;
                bestRatio = ratio;
            }
        }
        double lo = curve.key(best);
        double hi = curve.key(best + 1);
        double mid = lo + (hi - lo) / 2.0;
        if (!(mid < hi)) mid = lo;
        return new Split(curve.score(mid), bestRatio, best);
    }
}
