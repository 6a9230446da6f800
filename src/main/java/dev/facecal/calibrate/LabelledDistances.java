package dev.facecal.calibrate;

import dev.facecal.dataset.ScoreDirection;

/** Argument checks shared by the algorithms that take {@code (double[] distances, boolean[] positive)}. */
final class LabelledDistances {
    private LabelledDistances() {}

    static void check(double[] distances, boolean[] positive) {
        check(distances, positive, ScoreDirection.DISTANCE);
    }

    /** Lengths, both classes present, and every score finite (and {@code >= 0} for distances). */
    static void check(double[] distances, boolean[] positive, ScoreDirection direction) {
        if (distances.length != positive.length) {
            throw new IllegalArgumentException(
                    "distances (" + distances.length + ") and labels (" + positive.length + ") differ in length");
        }
        if (distances.length == 0) {
            throw new IllegalArgumentException("no pairs");
        }
        boolean anyPos = false, anyNeg = false;
        for (int i = 0; i < distances.length; i++) {
            double d = distances[i];
            if (direction == ScoreDirection.DISTANCE && (!(d >= 0) || Double.isInfinite(d))) {
                throw new IllegalArgumentException("distance " + d + " at index " + i
                        + " is not a finite non-negative number");
            }
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("similarity " + d + " at index " + i + " is not a finite number");
            }
            if (positive[i]) anyPos = true; else anyNeg = true;
        }
        if (!anyPos || !anyNeg) {
            throw new IllegalArgumentException("need both same-person and different-person pairs, got only "
                    + (anyPos ? "same-person" : "different-person") + " pairs");
        }
    }

    /** The distances of one class, in their original row order (the order pandas sums them in). */
    static double[] select(double[] distances, boolean[] positive, boolean which) {
        int n = 0;
        for (boolean b : positive) {
            if (b == which) n++;
        }
        double[] out = new double[n];
        int k = 0;
        for (int i = 0; i < distances.length; i++) {
            if (positive[i] == which) out[k++] = distances[i];
        }
        return out;
    }
}
