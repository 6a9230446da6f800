package dev.facecal.export;

import dev.facecal.calibrate.Calibration;
import dev.facecal.calibrate.ColumnCalibration;
import dev.facecal.calibrate.ConfidenceModel;
import dev.facecal.calibrate.Numbers;
import java.util.Map;

/**
 * deepface-rs blocks ({@code calibration/compute-thresholds.py} in A2va/deepface-rs, seed 000): a
 * {@code ModelThreshold { cosine, euclidean, euclidean_l2, angular }} literal per model and a
 * {@code DistanceMethod::X => ModelConfidence { ... }} arm per metric, numbers with 6 decimals as
 * {@code f"{x:.6f}"} prints them. A metric the table lacks is written {@code 0.0}, as deepface-rs writes
 * {@code angular}. The threshold is the one that labelled the confidence fit (C4.5 by default, as deepface-rs).
 */
public final class RustExporter {
    private RustExporter() {}

    /** The blocks preceded by the calibration's provenance as {@code //} comments: what {@code --format rust} writes. */
    public static String file(Calibration calibration) {
        return String.join("\n", calibration.provenance().commentLines("// ")) + "\n" + export(calibration);
    }

    /** The blocks exactly as deepface-rs's {@code compute-thresholds.py --info} prints them. */
    public static String export(Calibration calibration) {
        StringBuilder sb = new StringBuilder();
        Map<String, Map<MetricColumn, ColumnCalibration>> groups = MetricGroups.of(calibration);
        boolean many = groups.size() > 1;
        sb.append("\n==== Thresholds (copy into deepface-rs) ====\n\n");
        groups.forEach((model, cols) -> {
            if (many) sb.append("// ").append(model).append('\n');
            sb.append("ModelThreshold {\n");
            for (String metric : MetricColumn.METRICS) {
                ColumnCalibration c = find(cols, metric);
                String value = c == null ? "0.0" : Numbers.fixed(threshold(c), 6);
                sb.append("    ").append(metric).append(": ").append(value).append(",\n");
            }
            sb.append("},\n");
        });
        sb.append("\n==== Confidence Models (copy into deepface-rs) ====\n\n");
        groups.forEach((model, cols) -> {
            if (many) sb.append("// ").append(model).append('\n');
            cols.forEach((mc, c) -> {
                if (!mc.known()) return;
                ConfidenceModel m = c.confidence();
                if (m == null) {
                    sb.append("// ").append(mc.rustVariant()).append(": ").append(c.confidenceError()).append('\n');
                    return;
                }
                sb.append(mc.rustVariant()).append(" => ModelConfidence {\n");
                m.constants().forEach((k, v) -> field(sb, k, v));
                sb.append("},\n");
            });
        });
        return sb.toString();
    }

    static double threshold(ColumnCalibration c) {
        return c.confidence() != null ? c.confidence().threshold() : c.threshold(dev.facecal.calibrate.ThresholdRule.C45);
    }

    private static ColumnCalibration find(Map<MetricColumn, ColumnCalibration> cols, String metric) {
        for (Map.Entry<MetricColumn, ColumnCalibration> e : cols.entrySet()) {
            if (e.getKey().known() && e.getKey().metric().equals(metric)) return e.getValue();
        }
        return null;
    }

    private static void field(StringBuilder sb, String name, double v) {
        sb.append("    ").append(name).append(": ").append(Numbers.fixed(v, 6)).append(",\n");
    }
}
