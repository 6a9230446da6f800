package dev.facecal.study;

import dev.facecal.calibrate.ColumnCalibration;
import dev.facecal.calibrate.Confusion;
import dev.facecal.calibrate.Evaluation;
import dev.facecal.calibrate.SigmaThresholds;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The figures seed 001 publishes for VGG-Face / cosine on the Mix data set (72 same-person and 1056
 * different-person pairs), each with the seed's line it comes from, and the metrics recomputed from them with
 * {@link Confusion}.
 *
 * <p>The seed prints confusion counts only for its C4.5 threshold 0.383 ({@code (1028, 28, 0, 72)}). For the other
 * four thresholds it prints precision and recall in percent; with 72 same-person and 1056 different-person pairs
 * these fix the counts: {@code tp = round(recall * 72)}, {@code fp = round(tp / precision - tp)}
 * ({@link #countsFrom}). From the counts the library recomputes precision, recall, F1 and accuracy, and
 * {@link Row#agrees()} checks every published percentage against the recomputed one cut to the decimals the seed
 * printed (the seed truncates some figures, e.g. F1 90.90 for 90.909..., and rounds others), so a misprint would
 * show.
 */
public final class PublishedSeed001 {
    /** Same-person pairs of the Mix run (12 people x C(4,2)). */
    public static final long POSITIVES = 72;
    /** Different-person pairs of the Mix run (C(12,2) x 4 x 4). */
    public static final long NEGATIVES = 1056;
    /** "Mean of true positives: 0.1863". */
    public static final double SAME_MEAN = 0.1863;
    /** "Std of true positives: 0.061". */
    public static final double SAME_STD = 0.061;
    /** "Mean of false positives: 0.6576" (the seed's name for the different-person pairs). */
    public static final double DIFFERENT_MEAN = 0.6576;
    /** "Std of false positives: 0.1284". */
    public static final double DIFFERENT_STD = 0.1284;
    /** "threshold = 0.383 #comes from c4.5 algorithm". */
    public static final double C45 = 0.383;
    /** The seed's statistics line, as printed. */
    public static final String STATS_SOURCE = "Mean of true positives: 0.1863 Std of true positives: 0.061 "
            + "Mean of false positives: 0.6576 Std of false positives: 0.1284";

    private PublishedSeed001() {
    }

    /**
     * One published threshold.
     *
     * @param name              where the threshold comes from, as the seed says
     * @param threshold         the threshold
     * @param source            the seed's lines for it
     * @param precision         published precision, percent, as printed
     * @param recall            published recall, percent, as printed
     * @param f1                published F1, percent, as printed
     * @param accuracy          published accuracy, percent, as printed
     * @param publishedCounts   the counts as the seed prints them, or null when it prints none
     */
    public record Row(String name, double threshold, String source, String precision, String recall, String f1,
                      String accuracy, Confusion publishedCounts) {

        /** The counts: the published ones, else {@link #countsFrom} the published precision and recall. */
        public Confusion confusion() {
            return publishedCounts != null ? publishedCounts
                    : countsFrom(Double.parseDouble(precision), Double.parseDouble(recall), POSITIVES, NEGATIVES);
        }

        /** The recomputed metrics as an {@link Evaluation}. */
        public Evaluation evaluation() {
            return new Evaluation(name, threshold, confusion());
        }

        /** Whether every published percentage equals the recomputed one cut to the printed decimals. */
        public boolean agrees() {
            Confusion c = confusion();
            return matches(precision, c.precision()) && matches(recall, c.recall()) && matches(f1, c.f1())
                    && matches(accuracy, c.accuracy());
        }
    }

    /** The five thresholds of the seed's "Test results", in its order. */
    public static List<Row> rows() {
        return List.of(
                new Row("0.199 (origin not given; accuracy marked \"Human**\")", 0.199,
                        "Threshold = 0.199 / Precision: 100.0 % Recall: 61.11% F1 score 75.86 % Accuracy: 97.5% (Human**)",
                        "100.0", "61.11", "75.86", "97.5", null),
                new Row("sigma1 (mean + 1 std)", 0.2473,
                        "Threshold = 0.2473 (1 sigma) / Precision: 100.0 % Recall: 83.33 % F1 score 90.90 % Accuracy: 98.93 %",
                        "100.0", "83.33", "90.90", "98.93", null),
                new Row("sigma2 (mean + 2 std)", 0.3083,
                        "Threshold = 0.3083 (2 sigma) / Precision: 100.0 % Recall: 97.22 % F1 score 98.59 % Accuracy: 99.82 %",
                        "100.0", "97.22", "98.59", "99.82", null),
                new Row("sigma3 (mean + 3 std)", 0.3693,
                        "Threshold = 0.3693 (3 sigma) / Precision: 79.12 % Recall: 100.0 % F1 score 88.34 % Accuracy: 98.31 %",
                        "79.12", "100.0", "88.34", "98.31", null),
                new Row("c45 (\"comes from c4.5 algorithm\")", C45,
                        "Threshold = 0.383 / Precision: 72.0 % Recall: 100.0 % F1 score 83.72 % Accuracy: 97.5 %; "
                                + "tn, fp, fn, tp = (1028, 28, 0, 72)",
                        "72.0", "100.0", "83.72", "97.5", new Confusion(1028, 28, 0, 72)));
    }

    /**
     * The confusion counts that give {@code precisionPercent} and {@code recallPercent} on {@code positives}
     * same-person and {@code negatives} different-person pairs: {@code tp = round(recall * positives)},
     * {@code fp = round(tp * (1 / precision - 1))} (0 at precision 100 %).
     */
    public static Confusion countsFrom(double precisionPercent, double recallPercent, long positives, long negatives) {
        if (!(precisionPercent > 0 && precisionPercent <= 100) || !(recallPercent > 0 && recallPercent <= 100)) {
            throw new IllegalArgumentException("precision and recall must be in (0, 100] percent, got "
                    + precisionPercent + " and " + recallPercent);
        }
        long tp = Math.round(recallPercent / 100 * positives);
        long fp = Math.round(tp * (100 / precisionPercent - 1));
        return new Confusion(negatives - fp, fp, positives - tp, tp);
    }

    /**
     * Whether {@code published} (a percentage as printed, e.g. {@code 90.90}) equals {@code 100 * ratio} truncated
     * or rounded half-up to the same number of decimals.
     */
    public static boolean matches(String published, double ratio) {
        BigDecimal p = new BigDecimal(published);
        BigDecimal ours = new BigDecimal(100 * ratio);
        int scale = p.scale();
        return ours.setScale(scale, RoundingMode.DOWN).compareTo(p) == 0
                || ours.setScale(scale, RoundingMode.HALF_UP).compareTo(p) == 0;
    }

    /**
     * {@code published figures that recompute: 5 of 5 thresholds; sigma thresholds from mean 0.1863, std 0.061:
     * 0.2473, 0.3083, 0.3693}.
     */
    public static String note() {
        SigmaThresholds s = sigma();
        return "published figures that recompute: " + rows().stream().filter(Row::agrees).count() + " of "
                + rows().size() + " thresholds; sigma thresholds from mean " + SAME_MEAN + ", std " + SAME_STD + ": "
                + s.threshold(1) + ", " + s.threshold(2) + ", " + s.threshold(3);
    }

    /** The seed's sigma thresholds recomputed from its rounded mean and std ({@link SigmaThresholds}). */
    public static SigmaThresholds sigma() {
        return new SigmaThresholds(SAME_MEAN, SAME_STD);
    }

}
