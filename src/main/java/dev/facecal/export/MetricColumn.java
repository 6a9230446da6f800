package dev.facecal.export;

import java.util.List;

/**
 * A distance column's model and metric, read from its header: {@code VGG-Face_cosine} is model
 * {@code VGG-Face}, metric {@code cosine} (DeepFace's pivot tables); {@code euclidean_l2} alone is metric
 * {@code euclidean_l2} of the table's model (deepface-rs's tables, where the file name is the model).
 *
 * @param model  the model name, or the fallback (the table's file stem) when the header has none
 * @param metric {@code cosine}, {@code euclidean}, {@code euclidean_l2}, {@code angular}, or the header itself
 *               when it names no known metric
 * @param known  whether the metric is one of DeepFace's four
 */
public record MetricColumn(String model, String metric, boolean known) {
    /** DeepFace's distance metrics, in the order its config files list them. */
    public static final List<String> METRICS = List.of("cosine", "euclidean", "euclidean_l2", "angular");

    public static MetricColumn parse(String column, String fallbackModel) {
        for (String m : List.of("euclidean_l2", "cosine", "euclidean", "angular")) {
            if (column.equals(m)) {
                return new MetricColumn(fallbackModel, m, true);
            }
            if (column.endsWith("_" + m) || column.endsWith("-" + m)) {
                String model = column.substring(0, column.length() - m.length() - 1);
                if (m.equals("euclidean") && model.endsWith("_l2")) continue;
                return new MetricColumn(model, m, true);
            }
        }
        return new MetricColumn(fallbackModel, column, false);
    }

    /** deepface-rs's enum variant: {@code DistanceMethod::EuclideanL2}. */
    public String rustVariant() {
        return switch (metric) {
            case "cosine" -> "DistanceMethod::Cosine";
            case "euclidean" -> "DistanceMethod::Euclidean";
            case "euclidean_l2" -> "DistanceMethod::EuclideanL2";
            case "angular" -> "DistanceMethod::Angular";
            default -> "DistanceMethod::" + metric;
        };
    }
}
