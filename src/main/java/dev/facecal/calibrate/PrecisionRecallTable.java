package dev.facecal.calibrate;

import java.util.ArrayList;
import java.util.List;

/**
 * Precision and recall at a list of distance cutoffs, the table of seed 002 (face_recognition distances over
 * 81.9 M pairs). A cutoff that accepts no pair has precision 1 by convention (as seed 002's first row and
 * scikit-learn's {@code precision_recall_curve} end point), unlike {@link Confusion#precision()}, which
 * follows {@code precision_score(zero_division=0)}.
 *
 * @param rows one row per cutoff, in the order given
 */
public record PrecisionRecallTable(List<Row> rows) {
    public PrecisionRecallTable {
        rows = List.copyOf(rows);
    }

    /** One cutoff: accept {@code distance <= cutoff}. */
    public record Row(double cutoff, double precision, double recall, Confusion confusion) {}

    /** Seed 002's cutoffs, for dlib / face_recognition euclidean distances. */
    public static final double[] SEED_002_CUTOFFS = {0.0, 0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.9, 1.0, 1.5};

    public static PrecisionRecallTable of(OperatingCurve curve, double[] cutoffs) {
        List<Row> rows = new ArrayList<>(cutoffs.length);
        for (double c : cutoffs) {
            Confusion k = curve.confusionAt(c);
            double precision = k.tp() + k.fp() == 0 ? 1.0 : k.precision();
            rows.add(new Row(c, precision, k.recall(), k));
        }
        return new PrecisionRecallTable(rows);
    }

    /**
     * The table from counts per distinct distance (what {@code facecal spark pairs} writes): at each cutoff a
     * distance value is accepted when {@code value <= cutoff}, as {@link #of(OperatingCurve, double[])} decides on
     * the expanded pairs, without expanding them (the counts may stand for billions of pairs).
     */
    public static PrecisionRecallTable of(DistanceCounts counts, double[] cutoffs) {
        double[] values = counts.values();
        long[] same = counts.same(), different = counts.different();
        long positives = counts.positives(), negatives = counts.negatives();
        List<Row> rows = new ArrayList<>(cutoffs.length);
        for (double c : cutoffs) {
            long tp = 0, fp = 0;
            for (int i = 0; i < values.length && values[i] <= c; i++) {
                tp += same[i];
                fp += different[i];
            }
            Confusion k = new Confusion(negatives - fp, fp, positives - tp, tp);
            rows.add(new Row(c, tp + fp == 0 ? 1.0 : k.precision(), k.recall(), k));
        }
        return new PrecisionRecallTable(rows);
    }

    /**
     * Default cutoffs when the user gives none: 0 and {@code steps} evenly spaced "round" values up to the
     * largest distance (step = a 1-2-5 multiple of a power of ten), so the table reads like seed 002's.
     */
    public static double[] defaultCutoffs(double maxDistance, int steps) {
        if (!(maxDistance > 0)) {
            return new double[] {0.0};
        }
        double raw = maxDistance / steps;
        double pow = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = pow;
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * pow >= raw) {
                step = m * pow;
                break;
            }
        }
        List<Double> c = new ArrayList<>();
        for (int i = 0; ; i++) {
            double v = Rounding.python(i * step, 10);
            c.add(v);
            if (v >= maxDistance) break;
        }
        return c.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
