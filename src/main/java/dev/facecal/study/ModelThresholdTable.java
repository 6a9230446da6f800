package dev.facecal.study;

import dev.facecal.calibrate.Calibration;
import dev.facecal.calibrate.ColumnCalibration;
import dev.facecal.calibrate.ConfidenceModel;
import dev.facecal.calibrate.DeepFaceShipped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * DeepFace's per-model calibration result ({@code deepface/config/threshold.py} and {@code confidence.py}: a threshold
 * and confidence constants for every model x metric), recomputed by facecal for the models it runs, each row beside
 * DeepFace's shipped threshold for the same model family where DeepFace has one (dlib vs {@code Dlib}, the
 * MobileFaceNet family vs {@code ArcFace}, VGG-Face vs {@code VGG-Face}, SFace vs {@code SFace}; faceres has none).
 * The threshold is DeepFace's method (chefboost's C4.5 split, as its Fine-Tuning-Threshold notebook), the
 * confidence constants its distance-to-confidence notebook's, on the pairs given (DeepFace's 300 {@code master.csv}
 * pairs in {@code ./facecal run}).
 *
 * @param rows   one per model and metric, in the order given
 * @param source where DeepFace's shipped values come from (file URL at a commit)
 */
public record ModelThresholdTable(List<Row> rows, String source) {

    /**
     * One model x metric.
     *
     * @param model            facecal model name
     * @param metric           DeepFace metric name
     * @param pairs            pairs calibrated
     * @param rocAuc           ROC-AUC
     * @param c45              DeepFace's threshold (chefboost C4.5 split)
     * @param f1Max            threshold of the best F1
     * @param eer              equal error rate
     * @param confidence       distance-to-confidence constants at the c45 threshold, or null when not fitted
     * @param deepfaceFamily   DeepFace's model of the same family, or null
     * @param deepfaceThreshold DeepFace's shipped threshold for that family and metric, or NaN
     */
    public record Row(String model, String metric, int pairs, double rocAuc, double c45, double f1Max, double eer,
                      ConfidenceModel confidence, String deepfaceFamily, double deepfaceThreshold) {}

    /** DeepFace's model of the same family as a facecal model, or null. */
    public static String family(String model) {
        return switch (model) {
            case "dlib" -> "Dlib";
            case "mobilefacenet", "mobileface" -> "ArcFace";
            case "vgg-face", "vgg-face-2020" -> "VGG-Face";
            case "sface" -> "SFace";
            default -> null;
        };
    }

    /** The table of the given calibrations (model name to its calibration of one pair table), in map order. */
    public static ModelThresholdTable of(Map<String, Calibration> byModel, DeepFaceShipped shipped) {
        List<Row> rows = new ArrayList<>();
        byModel.forEach((model, cal) -> {
            String fam = family(model);
            for (ColumnCalibration c : cal.columns().values()) {
                double shippedT = Double.NaN;
                if (fam != null) {
                    try {
                        shippedT = shipped.threshold(fam, c.column());
                    } catch (RuntimeException e) {
                        shippedT = Double.NaN; // DeepFace has no value for this metric
                    }
                }
                rows.add(new Row(model, c.column(), cal.pairs(), c.roc().auc(), c.threshold("c45"),
                        c.threshold("f1_max"), c.eer().eer(), c.confidence(), fam, shippedT));
            }
        });
        return new ModelThresholdTable(rows, shipped.source());
    }

    /** The row of {@code model} and {@code metric}. */
    public Row row(String model, String metric) {
        return rows.stream().filter(r -> r.model().equals(model) && r.metric().equals(metric)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no row for model " + model + " and metric " + metric
                        + " (models: " + rows.stream().map(Row::model).distinct().toList() + ")"));
    }

    /** A Markdown table: model, metric, ROC-AUC, c45, f1_max, EER, confidence w/b, DeepFace's shipped threshold. */
    public String markdown() {
        StringBuilder s = new StringBuilder("| model | metric | pairs | ROC-AUC | c45 (DeepFace's method) | f1_max | EER "
                + "| confidence w | confidence b | DeepFace family | DeepFace's shipped threshold |\n"
                + "|:--|:--|--:|--:|--:|--:|--:|--:|--:|:--|--:|\n");
        for (Row r : rows) {
            s.append(String.format(Locale.ROOT, "| %s | %s | %d | %.4f | %.4f | %.4f | %.4f | %s | %s | %s | %s |%n",
                    r.model(), r.metric(), r.pairs(), r.rocAuc(), r.c45(), r.f1Max(), r.eer(),
                    r.confidence() == null ? "-" : String.format(Locale.ROOT, "%.4f", r.confidence().w()),
                    r.confidence() == null ? "-" : String.format(Locale.ROOT, "%.4f", r.confidence().b()),
                    r.deepfaceFamily() == null ? "-" : r.deepfaceFamily(),
                    Double.isNaN(r.deepfaceThreshold()) ? "-" : fmt(r.deepfaceThreshold())));
        }
        return s.toString();
    }

    /** Paste-ready blocks shaped like DeepFace's {@code threshold.py} and {@code confidence.py} dictionaries. */
    public String python() {
        StringBuilder t = new StringBuilder("# facecal's recomputation (c45 thresholds), shaped like deepface/config/threshold.py\n"
                + "thresholds = {\n");
        StringBuilder c = new StringBuilder("# distance-to-confidence constants at those thresholds, shaped like "
                + "deepface/config/confidence.py\nconfidences = {\n");
        String current = null;
        for (Row r : rows) {
            if (!r.model().equals(current)) {
                if (current != null) {
                    t.append("    },\n");
                    c.append("    },\n");
                }
                current = r.model();
                t.append("    \"").append(current).append("\": {\n");
                c.append("    \"").append(current).append("\": {\n");
            }
            t.append("        \"").append(r.metric()).append("\": ").append(fmt(r.c45())).append(",\n");
            ConfidenceModel m = r.confidence();
            if (m != null) {
                c.append(String.format(Locale.ROOT, "        \"%s\": {\"w\": %s, \"b\": %s, \"normalizer\": %s, "
                                + "\"denorm_max_true\": %s, \"denorm_min_true\": %s, \"denorm_max_false\": %s, "
                                + "\"denorm_min_false\": %s},%n", r.metric(), fmt(m.w()), fmt(m.b()), fmt(m.normalizer()),
                        fmt(m.denormMaxTrue()), fmt(m.denormMinTrue()), fmt(m.denormMaxFalse()), fmt(m.denormMinFalse())));
            }
        }
        if (current != null) {
            t.append("    },\n");
            c.append("    },\n");
        }
        return t.append("}\n\n").append(c).append("}\n").toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", ".0");
    }
}
