package dev.facecal.study;

import dev.facecal.calibrate.Confusion;
import java.util.ArrayList;
import java.util.List;

/**
 * Where two published "C4.5" thresholds can have come from: DeepFace's Fine-Tuning-Threshold notebook (0.3147,
 * VGG-Face, cosine, 38 + 262 pairs, committed to DeepFace as {@code tests/Fine-Tuning-Threshold.ipynb} in 8efef29 on
 * 2020-05-22) and seed 001 (0.383, VGG-Face, cosine, 72 + 1056 pairs).
 *
 * <p>chefboost's candidate splits for a continuous feature changed over time (read in serengil/chefboost,
 * {@code chefboost/training/Preprocess.py: processContinuousFeatures}):
 * <ul>
 *   <li>until commit eb265c5 (2020-12-11): every distinct value of the feature is a candidate;</li>
 *   <li>eb265c5 (2020-12-11): more than 7 distinct values: only {@code mean + k*std}, k = -3..3, population std;</li>
 *   <li>5b8fade (2020-12-12, chefboost 0.0.10): min, max and mean added, {@code mean + k*std} kept only strictly
 *       inside (min, max);</li>
 *   <li>5398873 (2021-02-19, chefboost 0.0.12): the limit raised from 7 to 20 distinct values (as in 0.0.19, which
 *       {@link dev.facecal.calibrate.ChefboostC45} reproduces).</li>
 * </ul>
 * Neither the notebook nor the seed publishes its distances, but both publish the count, mean and standard deviation
 * (ddof 1, rounded to 4 decimals) of each class. Those fix the mean and population standard deviation of all
 * distances (pooled), hence the grid {@code mean + k*std} a later chefboost would have tried, up to the rounding of
 * the published statistics, whose effect {@link #grid} bounds by evaluating every corner of the rounding box. A
 * published threshold far outside every candidate's bound cannot have come from that grid; the earlier
 * every-value search can produce any observed distance, so it remains possible.
 */
public final class ThresholdHistory {
    /** Half a unit in the 4th decimal: the rounding of the published statistics. */
    public static final double ROUNDING = 0.00005;

    private ThresholdHistory() {
    }

    /**
     * A published C4.5 threshold with the class statistics published beside it.
     *
     * @param source      who published it
     * @param threshold   the threshold
     * @param accepted    the confusion counts published (or implied) at the threshold
     * @param sameCount   same-person pairs
     * @param sameMean    their mean distance, rounded to 4 decimals
     * @param sameStd     their standard deviation (ddof 1), rounded
     * @param diffCount   different-person pairs
     * @param diffMean    their mean, rounded
     * @param diffStd     their standard deviation, rounded
     */
    public record Published(String source, double threshold, Confusion accepted, long sameCount, double sameMean,
                            double sameStd, long diffCount, double diffMean, double diffStd) {
    }

    /** DeepFace's notebook: threshold 0.3147, at which it reports precision 100 %, recall 89.47 % of 38 (34 + 4). */
    public static Published deepfaceNotebook() {
        return new Published("DeepFace Fine-Tuning-Threshold notebook (2020-05-22)", 0.3147,
                new Confusion(262, 0, 4, 34), 38, 0.2263, 0.0744, 262, 0.6489, 0.12);
    }

    /** Seed 001: threshold 0.383, confusion (tn, fp, fn, tp) = (1028, 28, 0, 72). */
    public static Published seed001() {
        return new Published("seed 001 (Mix, 1128 pairs)", PublishedSeed001.C45, new Confusion(1028, 28, 0, 72),
                PublishedSeed001.POSITIVES, PublishedSeed001.SAME_MEAN, PublishedSeed001.SAME_STD,
                PublishedSeed001.NEGATIVES, PublishedSeed001.DIFFERENT_MEAN, PublishedSeed001.DIFFERENT_STD);
    }

    /**
     * One candidate of chefboost's grid.
     *
     * @param k     the multiple of the standard deviation
     * @param value {@code mean + k*std} from the published (rounded) statistics
     * @param low   the smallest value over the rounding box of the four published statistics
     * @param high  the largest
     */
    public record Candidate(int k, double value, double low, double high) {
        /** How far {@code t} lies outside [low, high] (0 inside). */
        public double distance(double t) {
            return t < low ? low - t : t > high ? t - high : 0;
        }
    }

    /**
     * The verdict for one published threshold.
     *
     * @param published the threshold and its statistics
     * @param mean      pooled mean of all distances
     * @param std       pooled population standard deviation
     * @param grid      the seven candidates k = -3..3
     * @param nearest   the candidate nearest to the threshold
     */
    public record Verdict(Published published, double mean, double std, List<Candidate> grid, Candidate nearest) {
        /** Whether the threshold lies within the rounding bound of a grid candidate. */
        public boolean onGrid() {
            return nearest.distance(published.threshold()) == 0;
        }

        /** One line for people. */
        public String note() {
            var f = new java.util.Formatter(java.util.Locale.ROOT);
            f.format("%s: threshold %s; chefboost's grid from the published statistics (pooled mean %.4f, std %.4f): ",
                    published.source(), dev.facecal.calibrate.Numbers.repr(published.threshold()), mean, std);
            f.format("nearest candidate mean %+d std = %.4f (%.4f to %.4f with the rounding), %s", nearest.k(),
                    nearest.value(), nearest.low(), nearest.high(), onGrid() ? "so it can come from the grid"
                            : String.format(java.util.Locale.ROOT, "%.4f away: not from the grid", nearest.distance(published.threshold())));
            return f.toString();
        }
    }

    /** The grid of {@code p}'s statistics and the nearest candidate to its threshold. */
    public static Verdict check(Published p) {
        double[] pooled = pooled(p.sameCount(), p.sameMean(), p.sameStd(), p.diffCount(), p.diffMean(), p.diffStd());
        List<Candidate> grid = new ArrayList<>();
        for (int k = -3; k <= 3; k++) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (int corner = 0; corner < 16; corner++) {
                double[] q = pooled(p.sameCount(), p.sameMean() + sign(corner, 0) * ROUNDING,
                        p.sameStd() + sign(corner, 1) * ROUNDING, p.diffCount(), p.diffMean() + sign(corner, 2) * ROUNDING,
                        p.diffStd() + sign(corner, 3) * ROUNDING);
                double v = q[0] + k * q[1];
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            grid.add(new Candidate(k, pooled[0] + k * pooled[1], lo, hi));
        }
        Candidate nearest = grid.stream().min(java.util.Comparator.comparingDouble(c -> c.distance(p.threshold())))
                .orElseThrow();
        return new Verdict(p, pooled[0], pooled[1], List.copyOf(grid), nearest);
    }

    private static int sign(int corner, int bit) {
        return ((corner >> bit) & 1) == 0 ? -1 : 1;
    }

    /**
     * Mean and population standard deviation (ddof 0) of all distances from each class's count, mean and sample
     * standard deviation (ddof 1): the total sum of squares is the within-class sums plus the between-class part.
     */
    public static double[] pooled(long n1, double m1, double s1, long n0, double m0, double s0) {
        long n = n1 + n0;
        double m = (n1 * m1 + n0 * m0) / n;
        double ss = (n1 - 1) * s1 * s1 + (n0 - 1) * s0 * s0 + n1 * (m1 - m) * (m1 - m) + n0 * (m0 - m) * (m0 - m);
        return new double[] {m, Math.sqrt(ss / n)};
    }
}
