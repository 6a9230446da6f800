package dev.facecal.export;

import dev.facecal.calibrate.Calibration;
import dev.facecal.calibrate.ColumnCalibration;
import dev.facecal.calibrate.ConfidenceModel;
import dev.facecal.calibrate.Numbers;
import java.util.Map;

/**
 * Entries in the shapes of DeepFace's {@code deepface/config/threshold.py}
 * ({@code "Model": {"cosine": 0.68, ...},}) and {@code deepface/config/confidence.py}
 * ({@code "Model": {"cosine": {"w": ..., "b": ..., "normalizer": ..., "denorm_max_true": ...}}}),
 * numbers written as Python's {@code repr} writes them, ready to paste into the two dicts.
 */
public final class PythonExporter {
    private PythonExporter() {}

    /** The entries preceded by the calibration's provenance as {@code #} comments: what {@code --format python} writes. */
    public static String file(Calibration calibration) {
        return String.join("\n", calibration.provenance().commentLines("# ")) + "\n" + export(calibration);
    }

    /** The two dicts' entries. */
    public static String export(Calibration calibration) {
        Map<String, Map<MetricColumn, ColumnCalibration>> groups = MetricGroups.of(calibration);
        StringBuilder sb = new StringBuilder();
        sb.append("# deepface/config/threshold.py: entries of `thresholds`\n");
        sb.append("thresholds = {\n");
        groups.forEach((model, cols) -> {
            sb.append("    \"").append(model).append("\": {");
            boolean first = true;
            for (Map.Entry<MetricColumn, ColumnCalibration> e : cols.entrySet()) {
                if (!first) sb.append(", ");
                first = false;
                sb.append('"').append(e.getKey().metric()).append("\": ")
                        .append(Numbers.repr(RustExporter.threshold(e.getValue())));
            }
            sb.append("},\n");
        });
        sb.append("}\n\n");
        sb.append("# deepface/config/confidence.py: entries of `confidences`\n");
        sb.append("confidences = {\n");
        groups.forEach((model, cols) -> {
            sb.append("    \"").append(model).append("\": {\n");
            cols.forEach((mc, c) -> {
                ConfidenceModel m = c.confidence();
                if (m == null) {
                    sb.append("        # \"").append(mc.metric()).append("\": ").append(c.confidenceError()).append('\n');
                    return;
                }
                sb.append("        \"").append(mc.metric()).append("\": {\n");
                m.constants().forEach((k, v) -> entry(sb, k, v));
                sb.append("        },\n");
            });
            sb.append("    },\n");
        });
        sb.append("}\n");
        return sb.toString();
    }

    private static void entry(StringBuilder sb, String key, double v) {
        sb.append("            \"").append(key).append("\": ").append(Numbers.repr(v)).append(",\n");
    }
}
