package dev.facecal.calibrate;

import dev.facecal.dataset.PairTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The calibration of every selected distance column of a pair table.
 *
 * @param source    where the pairs came from
 * @param pairs     number of pairs
 * @param positives same-person pairs
 * @param negatives different-person pairs
 * @param options   what was asked
 * @param columns   per-column results, in table order
 */
public record Calibration(String source, int pairs, int positives, int negatives, CalibrationOptions options,
                          Map<String, ColumnCalibration> columns) {
    public Calibration {
        columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    /** Calibrates every column of {@code table}. */
    public static Calibration of(PairTable table, CalibrationOptions options) {
        return of(table, table.columns(), options, c -> {});
    }

    /** Calibrates the given columns, calling {@code progress} with each column's name before it starts. */
    public static Calibration of(PairTable table, List<String> columns, CalibrationOptions options,
                                 Consumer<String> progress) {
        Map<String, ColumnCalibration> out = new LinkedHashMap<>();
        for (String column : columns) {
            progress.accept(column);
            out.put(column, Calibrator.calibrate(column, table.column(column), table.positive(), options));
        }
        return new Calibration(String.valueOf(table.source()), table.size(), table.positives(), table.negatives(),
                options, out);
    }
}
