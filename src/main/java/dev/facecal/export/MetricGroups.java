package dev.facecal.export;

import dev.facecal.calibrate.Calibration;
import dev.facecal.calibrate.ColumnCalibration;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Groups a calibration's columns by model, each model's columns keyed by metric, in table order. */
final class MetricGroups {
    private MetricGroups() {}

    static Map<String, Map<MetricColumn, ColumnCalibration>> of(Calibration calibration) {
        String stem = stem(calibration.source());
        Map<String, Map<MetricColumn, ColumnCalibration>> groups = new LinkedHashMap<>();
        calibration.columns().forEach((name, col) -> {
            MetricColumn mc = MetricColumn.parse(name, stem);
            groups.computeIfAbsent(mc.model(), k -> new LinkedHashMap<>()).put(mc, col);
        });
        return groups;
    }

    static String stem(String source) {
        String name = Path.of(source).getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
