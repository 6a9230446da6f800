package dev.facecal.study;

import java.util.List;

/**
 * The numbers DeepFace's own Fine-Tuning-Threshold notebook published (VGG-Face, cosine, 38 same-person and 262
 * different-person pairs of DeepFace's test photos; {@code tests/Fine-Tuning-Threshold.ipynb}, DeepFace commit
 * 8efef29, 2020-05-22, read through the tool library): its printed class statistics and its "Test results" cell.
 * Published, not computed here: notebook 01 shows them beside its dlib run.
 */
public final class DeepFaceNotebook {
    /** Same-person pairs. */
    public static final long POSITIVES = 38;
    /** Different-person pairs. */
    public static final long NEGATIVES = 262;

    private DeepFaceNotebook() {
    }

    /**
     * One published threshold and its printed metrics (percent, as printed).
     *
     * @param name      the notebook's name for it
     * @param threshold the threshold
     * @param precision precision in percent
     * @param recall    recall in percent
     * @param f1        F1 in percent
     * @param accuracy  accuracy in percent
     */
    public record Row(String name, double threshold, double precision, double recall, double f1, double accuracy) {
    }

    /** The two thresholds of the notebook's "Test results" cell. */
    public static List<Row> results() {
        return List.of(new Row("c45 (\"comes from c4.5 algorithm\")", 0.3147, 100.0, 89.47368421052632,
                        94.44444444444444, 98.66666666666667),
                new Row("sigma2 (2 sigma)", 0.3751, 90.47619047619048, 100.0, 95.0, 98.66666666666667));
    }

    /** The printed statistics: mean and std (ddof 1) of each class, 4 decimals. */
    public static ThresholdHistory.Published statistics() {
        return ThresholdHistory.deepfaceNotebook();
    }
}
