package dev.facecal.spark;

import java.util.Arrays;

/**
 * The {@code k} smallest of a stream of distances, ascending, as {@code spark identify} keeps them per probe: each
 * task folds the distances of its distractor blocks in ({@link #offer}), and a {@code reduceByKey} merges two
 * tasks' lists ({@link #merge}). NaN distances (a zero vector under cosine) are never kept: they are nobody's
 * nearest neighbour. Static functions over a sorted {@code double[]} so a probe's list crosses the network as one
 * array.
 */
final class NearestDistances {
    private NearestDistances() {}

    /** The empty list. */
    static final double[] EMPTY = new double[0];

    /** {@code top} (ascending, at most {@code k}) with {@code d} inserted, still ascending and at most {@code k}. */
    static double[] offer(double[] top, double d, int k) {
        if (Double.isNaN(d)) return top;
        if (top.length == k && !(d < top[k - 1])) return top;
        int at = top.length;
        while (at > 0 && d < top[at - 1]) at--;
        int size = Math.min(k, top.length + 1);
        double[] out = new double[size];
        System.arraycopy(top, 0, out, 0, at);
        if (at < size) out[at] = d;
        if (at + 1 < size) System.arraycopy(top, at, out, at + 1, size - at - 1);
        return out;
    }

    /** The {@code k} smallest of two ascending lists, ascending. */
    static double[] merge(double[] a, double[] b, int k) {
        int size = Math.min(k, a.length + b.length);
        double[] out = new double[size];
        int i = 0, j = 0;
        for (int o = 0; o < size; o++) {
            out[o] = (j >= b.length || (i < a.length && a[i] <= b[j])) ? a[i++] : b[j++];
        }
        return out;
    }

    /**
     * The probe's rank when its own person is at {@code genuine}: 1 + the distractors at or below it (a tie goes to
     * the distractor), known when below {@code k + 1}; {@code 0} when it is above {@code k} or {@code genuine} is NaN.
     */
    static int rank(double[] top, double genuine, int k) {
        if (Double.isNaN(genuine)) return 0;
        int closer = 0;
        while (closer < top.length && top[closer] <= genuine) closer++;
        return closer < k ? closer + 1 : 0;
    }

    /** For tests and messages. */
    static String show(double[] top) {
        return Arrays.toString(top);
    }
}
