package dev.facecal.calibrate;

import java.util.Arrays;

/**
 * Isotonic calibration of a distance into a probability of "same person": the non-increasing step function of the
 * distance that best fits the truth in least squares, found by the pool-adjacent-violators algorithm (Ayer et al.
 * 1955; Zadrozny and Elkan, KDD 2002), as scikit-learn's {@code IsotonicRegression(increasing=False,
 * out_of_bounds="clip", y_min=0, y_max=1)}: equal distances are merged first (their mean label, weighted by their
 * count), a prediction interpolates linearly between the fitted distances and is clipped at the ends.
 *
 * <p>More flexible than {@link PlattScaling} (any monotone shape), it needs more pairs to be stable and gives flat
 * steps; judge either on pairs of other people than those it was fitted on.
 *
 * @param distances the distinct fitted distances, increasing
 * @param values    the fitted probability at each, non-increasing, in [0, 1]
 */
public record IsotonicCalibration(double[] distances, double[] values) {

    public IsotonicCalibration {
        if (distances.length == 0 || distances.length != values.length) {
            throw new IllegalArgumentException("isotonic calibration needs as many values as distances (at least one)");
        }
        distances = distances.clone();
        values = values.clone();
    }

    /** Fits the calibration to {@code distances} labelled {@code positive} (same person). */
    public static IsotonicCalibration fit(double[] distances, boolean[] positive) {
        int n = distances.length;
        if (n != positive.length || n == 0) {
            throw new IllegalArgumentException("isotonic calibration needs distances and labels of one length (at least 1)");
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(distances[i])) {
                throw new IllegalArgumentException("distance " + i + " is not finite: " + distances[i]);
            }
            order[i] = i;
        }
        Arrays.sort(order, (i, j) -> Double.compare(distances[i], distances[j]));
        // merge equal distances: value = mean label, weight = count
        double[] x = new double[n], y = new double[n], w = new double[n];
        int m = 0;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            double label = positive[i] ? 1 : 0;
            if (m > 0 && x[m - 1] == distances[i]) {
                y[m - 1] += label;
                w[m - 1] += 1;
            } else {
                x[m] = distances[i];
                y[m] = label;
                w[m] = 1;
                m++;
            }
        }
        for (int k = 0; k < m; k++) {
            y[k] /= w[k];
        }
        // pool adjacent violators for a non-increasing fit: blocks of (weighted mean, weight, length)
        double[] mean = new double[m], weight = new double[m];
        int[] len = new int[m];
        int blocks = 0;
        for (int k = 0; k < m; k++) {
            mean[blocks] = y[k];
            weight[blocks] = w[k];
            len[blocks] = 1;
            blocks++;
            while (blocks > 1 && mean[blocks - 2] < mean[blocks - 1]) {   // violates non-increasing: pool
                double wt = weight[blocks - 2] + weight[blocks - 1];
                mean[blocks - 2] = (mean[blocks - 2] * weight[blocks - 2] + mean[blocks - 1] * weight[blocks - 1]) / wt;
                weight[blocks - 2] = wt;
                len[blocks - 2] += len[blocks - 1];
                blocks--;
            }
        }
        double[] fitted = new double[m];
        int k = 0;
        for (int bIdx = 0; bIdx < blocks; bIdx++) {
            double v = Math.min(1, Math.max(0, mean[bIdx]));
            for (int r = 0; r < len[bIdx]; r++) {
                fitted[k++] = v;
            }
        }
        return new IsotonicCalibration(Arrays.copyOf(x, m), fitted);
    }

    /** The probability that a pair at {@code distance} is the same person (linear between fitted distances). */
    public double probability(double distance) {
        if (Double.isNaN(distance)) {
            throw new IllegalArgumentException("distance is NaN");
        }
        if (distance <= distances[0]) {
            return values[0];
        }
        int last = distances.length - 1;
        if (distance >= distances[last]) {
            return values[last];
        }
        int i = Arrays.binarySearch(distances, distance);
        if (i >= 0) {
            return values[i];
        }
        int hi = -i - 1, lo = hi - 1;
        double f = (distance - distances[lo]) / (distances[hi] - distances[lo]);
        return values[lo] + f * (values[hi] - values[lo]);
    }
}
