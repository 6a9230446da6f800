package dev.facecal.export;

import dev.facecal.calibrate.Calibration;
import dev.facecal.calibrate.ColumnCalibration;
import dev.facecal.calibrate.ConfidenceModel;
import java.util.Locale;

/**
 * Java constants for facecal's own records: a threshold {@code double} and a
 * {@link ConfidenceModel} literal per column, so {@code MODEL.confidence(distance)} gives DeepFace's score.
 * Doubles are written with {@link Double#toString}, the shortest literal that reads back exactly.
 */
public final class JavaExporter {
    private JavaExporter() {}

    public static String export(Calibration calibration) {
        StringBuilder sb = new StringBuilder();
        sb.append("// facecal calibrate ").append(calibration.source()).append('\n');
        calibration.provenance().commentLines("// ").forEach(l -> sb.append(l).append('\n'));
        sb.append("import dev.facecal.calibrate.ConfidenceModel;\n\n");
        String stem = MetricGroups.stem(calibration.source());
        calibration.columns().forEach((name, c) -> {
            MetricColumn mc = MetricColumn.parse(name, stem);
            String id = identifier(mc.model() + "_" + mc.metric());
            sb.append("// ").append(name).append('\n');
            sb.append("public static final double ").append(id).append("_THRESHOLD = ")
                    .append(RustExporter.threshold(c)).append(";\n");
            ConfidenceModel m = c.confidence();
            if (m == null) {
                sb.append("// no confidence model: ").append(c.confidenceError()).append("\n\n");
                return;
            }
            sb.append("public static final ConfidenceModel ").append(id).append("_CONFIDENCE = new ConfidenceModel(\"")
                    .append(m.thresholdMethod()).append("\", ").append(m.threshold()).append(", ")
                    .append(m.w()).append(", ").append(m.b()).append(", ").append(m.normalizer()).append(", ")
                    .append(m.denormMaxTrue()).append(", ").append(m.denormMinTrue()).append(", ")
                    .append(m.denormMaxFalse()).append(", ").append(m.denormMinFalse())
                    .append(m.direction() == dev.facecal.dataset.ScoreDirection.SIMILARITY
                            ? ", dev.facecal.dataset.ScoreDirection.SIMILARITY" : "").append(");\n\n");
        });
        return sb.toString();
    }

    static String identifier(String s) {
        String id = s.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_").replaceAll("^_+|_+$", "");
        return id.isEmpty() || Character.isDigit(id.charAt(0)) ? "M_" + id : id;
    }
}
