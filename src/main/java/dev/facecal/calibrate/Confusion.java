package dev.facecal.calibrate;

/**
 * Confusion matrix of a verification threshold, in scikit-learn's {@code confusion_matrix(...).ravel()} order.
 * "Positive" means same person; a pair is predicted positive when {@code distance <= threshold}.
 *
 * <p>Ratios follow scikit-learn's {@code precision_score}, {@code recall_score}, {@code f1_score} and
 * {@code accuracy_score} with {@code zero_division=0}: an undefined ratio (0/0) is 0. FAR is taken over the
 * negative pairs ({@code fp / (fp + tn)}), FRR over the positive pairs ({@code fn / (fn + tp)}).
 */
public record Confusion(long tn, long fp, long fn, long tp) {
    public Confusion {
        if (tn < 0 || fp < 0 || fn < 0 || tp < 0) {
            throw new IllegalArgumentException(
                    "confusion counts must be >= 0, got tn=%d fp=%d fn=%d tp=%d".formatted(tn, fp, fn, tp));
        }
    }

    public long total() {
        return tn + fp + fn + tp;
    }

    public long positives() {
        return tp + fn;
    }

    public long negatives() {
        return tn + fp;
    }

    /** {@code tp / (tp + fp)}; 0 when nothing is accepted. */
    public double precision() {
        return ratio(tp, tp + fp);
    }

    /** {@code tp / (tp + fn)}, also the true accept rate (TAR); 0 without positive pairs. */
    public double recall() {
        return ratio(tp, tp + fn);
    }

    /** Harmonic mean of precision and recall, computed as scikit-learn does: {@code 2*p*r / (p + r)}. */
    public double f1() {
        double p = precision();
        double r = recall();
        double denom = p + r;
        return denom == 0.0 ? 0.0 : 2.0 * p * r / denom;
    }

    /** {@code (tp + tn) / total}. */
    public double accuracy() {
        return ratio(tp + tn, total());
    }

    /** False accept rate {@code fp / (fp + tn)} over the negative pairs. */
    public double far() {
        return ratio(fp, fp + tn);
    }

    /** False reject rate {@code fn / (fn + tp)} over the positive pairs. */
    public double frr() {
        return ratio(fn, fn + tp);
    }

    private static double ratio(long num, long den) {
        return den == 0 ? 0.0 : (double) num / (double) den;
    }

    /** Counts of predictions {@code distance <= threshold} against {@code positive} labels. */
    public static Confusion at(double[] distances, boolean[] positive, double threshold) {
        return at(distances, positive, threshold, dev.facecal.dataset.ScoreDirection.DISTANCE);
    }

    /** Counts of the predictions of scores of {@code direction} at {@code threshold} against the labels. */
    public static Confusion at(double[] scores, boolean[] positive, double threshold,
                               dev.facecal.dataset.ScoreDirection direction) {
        double[] distances = scores;
        if (distances.length != positive.length) {
            throw new IllegalArgumentException(
                    "distances (" + distances.length + ") and labels (" + positive.length + ") differ in length");
        }
        long tn = 0, fp = 0, fn = 0, tp = 0;
        for (int i = 0; i < distances.length; i++) {
            boolean accept = direction.accepts(distances[i], threshold);
            if (positive[i]) {
                if (accept) tp++; else fn++;
            } else {
                if (accept) fp++; else tn++;
            }
        }
        return new Confusion(tn, fp, fn, tp);
    }
}
