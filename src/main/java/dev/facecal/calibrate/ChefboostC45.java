package dev.facecal.calibrate;

import java.util.ArrayList;
import java.util.List;

/**
 * The root split that chefboost 0.0.19's C4.5 chooses on a single continuous feature: the threshold DeepFace's
 * Fine-Tuning-Threshold notebook and deepface-rs's {@code compute-thresholds.py} read from chefboost's rules file.
 *
 * <p>chefboost ({@code training/Preprocess.py: processContinuousFeatures}) does not search every split. With at
 * most 20 distinct values it tries each sorted distinct value except the last; otherwise it tries only
 * {@code min}, {@code mean} and {@code mean + k*std} for k = -3..3 (std with ddof = 0) that lie strictly inside
 * {@code (min, max)}, sorted, never the largest. Each candidate t splits into {@code distance <= t} and the rest;
 * the first candidate with the highest gain ratio wins. The mean and std are pandas' (see {@link Reductions}),
 * computed over the distances in their original row order. {@link ExactGainRatioSplit} is the full search.
 *
 * <p>On a similarity column the split is chefboost's on the negated scores (distance order), so it accepts
 * {@code similarity >= threshold}; the threshold and the candidates are reported as similarities.
 */
public final class ChefboostC45 {
    /** chefboost switches from all distinct values to the mean/std heuristic above this many distinct values. */
    public static final int DISTINCT_LIMIT = 20;

    private ChefboostC45() {}

    /**
     * The winning split and the candidates chefboost tried.
     *
     * @param threshold  the winning candidate, as a score
     * @param gainRatio  its gain ratio (NaN when there was a single candidate)
     * @param candidates the candidates from the strictest to the loosest, as scores; the last is never tried
     * @param heuristic  whether chefboost's mean/std heuristic chose the candidates
     */
    public record Split(double threshold, double gainRatio, double[] candidates, boolean heuristic) {}

    /** The root threshold for distances in original row order with their labels. */
    public static double threshold(double[] distances, boolean[] positive) {
        return split(distances, positive, OperatingCurve.of(distances, positive)).threshold();
    }

    /** As {@link #threshold}, reusing an already built curve of the same data (scores of its direction). */
    public static Split split(double[] distances, boolean[] positive, OperatingCurve curve) {
        double[] candidates = candidates(distances, curve);
        boolean heuristic = curve.size() > DISTINCT_LIMIT;
        double[] shown = new double[candidates.length];
        for (int i = 0; i < shown.length; i++) shown[i] = curve.score(candidates[i]);
        if (candidates.length == 1) {
            return new Split(shown[0], Double.NaN, shown, heuristic);
        }
        long pos = curve.positives();
        long neg = curve.negatives();
        double parent = GainRatio.entropy(pos, neg);
        int best = -1;
        double bestRatio = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < candidates.length - 1; i++) {
            Confusion c = curve.confusionAtKey(candidates[i]);
            double ratio = GainRatio.of(parent, pos, neg, c.tp(), c.fp());
            if (best < 0 || ratio > bestRatio) {
                best = i;
                bestRatio = ratio;
            }
        }
        return new Split(shown[best], bestRatio, shown, heuristic);
    }

    /**
     * The candidate list as chefboost builds it, in distance order (sorted; the last one is never tried). The mean
     * of the negated scores is the exact negation of their mean, and the std is the same, so a similarity's
     * candidates are computed from its scores as they are.
     */
    static double[] candidates(double[] distances, OperatingCurve curve) {
        if (curve.size() <= DISTINCT_LIMIT) {
            double[] v = new double[curve.size()];
            for (int i = 0; i < v.length; i++) v[i] = curve.key(i);
            return v;
        }
        double mean = curve.direction().key(Reductions.mean(distances));
        double std = Reductions.std(distances, 0);
        double min = curve.key(0);
        double max = curve.key(curve.size() - 1);
        List<Double> c = new ArrayList<>();
        c.add(min);
        c.add(max);
        c.add(mean);
        for (int k = -3; k <= 3; k++) {
            double v = mean + k * std;
            if (v > min && v < max) c.add(v);
        }
        return c.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }
}
