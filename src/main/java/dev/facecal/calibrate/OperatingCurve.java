package dev.facecal.calibrate;

import java.util.Arrays;

/**
 * Every operating point of a distance column: for each distinct distance {@code v[i]} (ascending), how many
 * positive and negative pairs are accepted by the rule {@code distance <= v[i]}.
 *
 * <p>Built once from the two sorted classes in O(n log n); every threshold finder, the ROC and DET curves,
 * and the per-cutoff table are then single O(m) sweeps over it (m = number of distinct distances), and the
 * confusion matrix of an arbitrary threshold is two binary searches. This is what keeps 10 M pairs within
 * a few seconds.
 */
public final class OperatingCurve {
    private final double[] sortedPositives;
    private final double[] sortedNegatives;
    private final double[] values;
    private final int[] acceptedPositives;
    private final int[] acceptedNegatives;

    private OperatingCurve(double[] sortedPositives, double[] sortedNegatives, double[] values,
                           int[] acceptedPositives, int[] acceptedNegatives) {
        this.sortedPositives = sortedPositives;
        this.sortedNegatives = sortedNegatives;
        this.values = values;
        this.acceptedPositives = acceptedPositives;
        this.acceptedNegatives = acceptedNegatives;
    }

    /** Builds the curve from labelled distances (copies and sorts; inputs are not modified). */
    public static OperatingCurve of(double[] distances, boolean[] positive) {
        LabelledDistances.check(distances, positive);
        int p = 0;
        for (boolean b : positive) {
            if (b) p++;
        }
        double[] pos = new double[p];
        double[] neg = new double[distances.length - p];
        int ip = 0, in = 0;
        for (int i = 0; i < distances.length; i++) {
            if (positive[i]) pos[ip++] = distances[i]; else neg[in++] = distances[i];
        }
        return ofSorted(sort(pos), sort(neg));
    }

    private static double[] sort(double[] a) {
        if (a.length > 1 << 16) {
            Arrays.parallelSort(a);
        } else {
            Arrays.sort(a);
        }
        return a;
    }

    /** Builds the curve from the two classes, each already sorted ascending (arrays are kept, not copied). */
    static OperatingCurve ofSorted(double[] pos, double[] neg) {
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
        return new OperatingCurve(pos, neg, Arrays.copyOf(values, m), Arrays.copyOf(tp, m), Arrays.copyOf(fp, m));
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

    /** The i-th distinct distance, ascending. */
    public double value(int i) {
        return values[i];
    }

    /** Positive pairs accepted at {@code distance <= value(i)}. */
    public int truePositives(int i) {
        return acceptedPositives[i];
    }

    /** Negative pairs accepted at {@code distance <= value(i)}. */
    public int falsePositives(int i) {
        return acceptedNegatives[i];
    }

    /** The confusion matrix of operating point i. */
    public Confusion confusion(int i) {
        int tp = acceptedPositives[i];
        int fp = acceptedNegatives[i];
        return new Confusion(negatives() - fp, fp, positives() - tp, tp);
    }

    /** The confusion matrix of any threshold (accept {@code distance <= threshold}). */
    public Confusion confusionAt(double threshold) {
        int tp = countAtMost(sortedPositives, threshold);
        int fp = countAtMost(sortedNegatives, threshold);
        return new Confusion(negatives() - fp, fp, positives() - tp, tp);
    }

    /** Evaluates a named threshold. */
    public Evaluation evaluate(String name, double threshold) {
        return new Evaluation(name, threshold, confusionAt(threshold));
    }

    /** Index of the largest distinct value {@code <= threshold}, or -1 when all values are larger. */
    public int indexAtMost(double threshold) {
        int lo = 0, hi = values.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (values[mid] <= threshold) lo = mid + 1; else hi = mid;
        }
        return lo - 1;
    }

    /** Sorted copy of the positive distances. */
    public double[] sortedPositives() {
        return sortedPositives.clone();
    }

    /** Sorted copy of the negative distances. */
    public double[] sortedNegatives() {
        return sortedNegatives.clone();
    }

    /** Smallest distance over both classes. */
    public double min() {
        return values[0];
    }

    /** Largest distance over both classes. */
    public double max() {
        return values[values.length - 1];
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
