package dev.facecal.calibrate;

import dev.facecal.dataset.ScoreDirection;
import java.util.Arrays;

/**
 * Every operating point of a score column: for each distinct score, from the strictest to the loosest, how many
 * positive and negative pairs are accepted there. For a distance column point {@code i} is the i-th distinct
 * distance {@code v[i]} (ascending) and accepts {@code distance <= v[i]}; for a similarity column
 * ({@link ScoreDirection#SIMILARITY}) the points run through the distinct similarities descending and accept
 * {@code similarity >= v[i]}. Internally both are kept in distance order (the {@linkplain ScoreDirection#key key}
 * of a similarity is its exact negation), so every algorithm below is written once.
 *
 * <p>Built once from the two sorted classes in O(n log n); every threshold finder, the ROC and DET curves,
 * and the per-cutoff table are then single O(m) sweeps over it (m = number of distinct distances), and the
 * confusion matrix of an arbitrary threshold is two binary searches. This is what keeps 10 M pairs within
 * a few seconds.
 */
public final class OperatingCurve {
    private final ScoreDirection direction;
    private final double[] sortedPositives;
    private final double[] sortedNegatives;
    private final double[] values;
    private final int[] acceptedPositives;
    private final int[] acceptedNegatives;
    private final double[] rowScores;
    private final boolean[] rowLabels;

    private OperatingCurve(ScoreDirection direction, double[] sortedPositives, double[] sortedNegatives,
                           double[] values, int[] acceptedPositives, int[] acceptedNegatives, double[] rowScores,
                           boolean[] rowLabels) {
        this.direction = direction;
        this.sortedPositives = sortedPositives;
        this.sortedNegatives = sortedNegatives;
        this.values = values;
        this.acceptedPositives = acceptedPositives;
        this.acceptedNegatives = acceptedNegatives;
        this.rowScores = rowScores;
        this.rowLabels = rowLabels;
    }

    /** Builds the curve from labelled distances (copies and sorts; inputs are not modified). */
    public static OperatingCurve of(double[] distances, boolean[] positive) {
        return of(distances, positive, ScoreDirection.DISTANCE);
    }

    /**
     * Builds the curve from labelled scores of either direction. The classes are copied and sorted; the two input
     * arrays themselves are kept, unmodified and not copied, because the rules that need the scores in their row
     * order (the sigma rules and chefboost's heuristic, {@link ThresholdRule}) read them from here: do not change
     * them afterwards.
     *
     * @param scores    one score per pair, in row order: distances must be finite and {@code >= 0}, similarities
     *                  finite
     * @param positive  same-person labels, one per score
     * @param direction which way the scores point
     */
    public static OperatingCurve of(double[] scores, boolean[] positive, ScoreDirection direction) {
        LabelledDistances.check(scores, positive, direction);
        int p = 0;
        for (boolean b : positive) {
            if (b) p++;
        }
        double[] pos = new double[p];
        double[] neg = new double[scores.length - p];
        int ip = 0, in = 0;
        for (int i = 0; i < scores.length; i++) {
            double k = direction.key(scores[i]);
            if (positive[i]) pos[ip++] = k; else neg[in++] = k;
        }
        return ofSorted(direction, sort(pos), sort(neg), scores, positive);
    }

    private static double[] sort(double[] a) {
        if (a.length > 1 << 16) {
            Arrays.parallelSort(a);
        } else {
            Arrays.sort(a);
        }
        return a;
    }

    /** Builds the curve from the two classes' keys, each already sorted ascending (arrays are kept, not copied). */
    static OperatingCurve ofSorted(ScoreDirection direction, double[] pos, double[] neg, double[] rowScores,
                                   boolean[] rowLabels) {
        int n = pos.length + neg.length;
        double[] values = new double[n];
        int[] tp = new int[n];
        int[] fp = new int[n];
        int i = 0, j = 0, m = 0;
        while (i < pos.length || j < neg.length) {
            double v;
            if (j >= neg.length || (i < pos.length && pos[i] <= neg[j])) {
                v = pos[i];
            } else {
                v = neg[j];
            }
            while (i < pos.length && pos[i] == v) i++;
            while (j < neg.length && neg[j] == v) j++;
            values[m] = v;
            tp[m] = i;
            fp[m] = j;
            m++;
        }
        return new OperatingCurve(direction, pos, neg, Arrays.copyOf(values, m), Arrays.copyOf(tp, m),
                Arrays.copyOf(fp, m), rowScores, rowLabels);
    }

    /** Which way the scores point. */
    public ScoreDirection direction() {
        return direction;
    }

    /** Number of positive (same-person) pairs. */
    public int positives() {
        return sortedPositives.length;
    }

    /** Number of negative (different-person) pairs. */
    public int negatives() {
        return sortedNegatives.length;
    }

    /** Number of distinct distances (operating points). */
    public int size() {
        return values.length;
    }

    /**
     * The score of operating point i: the i-th distinct distance ascending, or the i-th distinct similarity
     * descending; point i accepts every pair at least as alike as this score.
     */
    public double value(int i) {
        return direction.score(values[i]);
    }

    /** Operating point i in distance order ({@link ScoreDirection#key}), ascending in i. */
    double key(int i) {
        return values[i];
    }

    /** A threshold in distance order back as a score. */
    double score(double key) {
        return direction.score(key);
    }

    /** The scores in their row order, as given to {@link #of}. */
    double[] rowScores() {
        if (rowScores == null) {
            throw new IllegalStateException("this curve was built without its row order");
        }
        return rowScores;
    }

    /** The labels in their row order, as given to {@link #of}. */
    boolean[] rowLabels() {
        if (rowLabels == null) {
            throw new IllegalStateException("this curve was built without its row order");
        }
        return rowLabels;
    }

    /** Positive pairs accepted at point i (accept a pair at least as alike as {@code value(i)}). */
    public int truePositives(int i) {
        return acceptedPositives[i];
    }

    /** Negative pairs accepted at point i. */
    public int falsePositives(int i) {
        return acceptedNegatives[i];
    }

    /** The confusion matrix of operating point i. */
    public Confusion confusion(int i) {
        int tp = acceptedPositives[i];
        int fp = acceptedNegatives[i];
        return new Confusion(negatives() - fp, fp, positives() - tp, tp);
    }

    /**
     * The confusion matrix of any threshold: accept {@code distance <= threshold}, or {@code similarity >= threshold}
     * for a similarity curve.
     */
    public Confusion confusionAt(double threshold) {
        return confusionAtKey(direction.key(threshold));
    }

    /** The confusion matrix of a threshold in distance order. */
    Confusion confusionAtKey(double key) {
        int tp = countAtMost(sortedPositives, key);
        int fp = countAtMost(sortedNegatives, key);
        return new Confusion(negatives() - fp, fp, positives() - tp, tp);
    }

    /** Evaluates a named threshold. */
    public Evaluation evaluate(String name, double threshold) {
        return new Evaluation(name, threshold, confusionAt(threshold));
    }

    /**
     * Index of the loosest operating point that {@code threshold} still accepts all of (the largest distinct
     * distance {@code <= threshold}, or the smallest distinct similarity {@code >= threshold}), or -1 when the
     * threshold accepts nothing.
     */
    public int indexAtMost(double threshold) {
        double key = direction.key(threshold);
        int lo = 0, hi = values.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (values[mid] <= key) lo = mid + 1; else hi = mid;
        }
        return lo - 1;
    }

    /** The positive scores sorted ascending (a copy). */
    public double[] sortedPositives() {
        return scoresAscending(sortedPositives);
    }

    /** The negative scores sorted ascending (a copy). */
    public double[] sortedNegatives() {
        return scoresAscending(sortedNegatives);
    }

    private double[] scoresAscending(double[] keys) {
        if (direction == ScoreDirection.DISTANCE) return keys.clone();
        double[] out = new double[keys.length];
        for (int i = 0; i < keys.length; i++) out[i] = -keys[keys.length - 1 - i];
        return out;
    }

    /** Smallest score over both classes. */
    public double min() {
        return direction == ScoreDirection.DISTANCE ? values[0] : -values[values.length - 1];
    }

    /** Largest score over both classes. */
    public double max() {
        return direction == ScoreDirection.DISTANCE ? values[values.length - 1] : -values[0];
    }

    static int countAtMost(double[] sorted, double threshold) {
        int lo = 0, hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= threshold) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
