package dev.facecal.calibrate;

import dev.facecal.Provenance;
import dev.facecal.dataset.PairTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The calibration of every selected score column of a pair table.
 *
 * @param source     where the pairs came from
 * @param pairs      number of pairs
 * @param positives  same-person pairs
 * @param negatives  different-person pairs
 * @param options    what was asked
 * @param columns    per-column results, in table order
 * @param provenance how the result was made: the table's own provenance (input file, SHA-256, parser, direction;
 *                   for photos, the embeddings) and every calibration option
 */
public record Calibration(String source, int pairs, int positives, int negatives, CalibrationOptions options,
                          Map<String, ColumnCalibration> columns, Provenance provenance) {
    public Calibration {
        columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        if (provenance == null) {
            provenance = Provenance.empty().merge(options(options));
        }
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
                options, out, table.provenance().merge(options(options)).with("calibration", "columns",
                String.join(",", columns)));
    }

    /**
     * Calibrates columns given as distinct distances with counts ({@link DistanceCounts}, e.g. one per metric from
     * {@code facecal spark pairs}); every column must count the same pairs.
     *
     * @param source     where the counts came from (for reports)
     * @param provenance how the counts were made (merged with the options)
     */
    public static Calibration ofCounts(String source, Map<String, DistanceCounts> columns, CalibrationOptions options,
                                       Provenance provenance) {
        if (columns.isEmpty()) throw new IllegalArgumentException(source + ": no count columns");
        Map<String, ColumnCalibration> out = new LinkedHashMap<>();
        long pos = -1, neg = -1;
        for (var e : columns.entrySet()) {
            DistanceCounts c = e.getValue();
            if (pos >= 0 && (c.positives() != pos || c.negatives() != neg)) {
                throw new IllegalArgumentException(source + ": column " + e.getKey() + " counts " + c.positives()
                        + " same-person and " + c.negatives() + " different-person pairs, the columns before it "
                        + pos + " and " + neg + ": every column must count the same pairs");
            }
            pos = c.positives();
            neg = c.negatives();
            out.put(e.getKey(), Calibrator.calibrate(e.getKey(), c, options));
        }
        return new Calibration(source, Math.toIntExact(pos + neg), (int) pos, (int) neg, options, out,
                provenance.merge(options(options)).with("calibration", "columns",
                        String.join(",", columns.keySet())));
    }

    /** The same calibration with {@code columns} in place of its own (e.g. several tables' columns side by side). */
    public Calibration withColumns(Map<String, ColumnCalibration> columns) {
        return new Calibration(source, pairs, positives, negatives, options, columns, provenance);
    }

    /** Every option as provenance (section {@code calibration}). */
    static Provenance options(CalibrationOptions o) {
        return Provenance.empty()
                .with("calibration", "direction", o.direction().label())
                .with("calibration", "confidence_threshold", o.confidenceThreshold().label())
                .with("calibration", "user_thresholds", o.userThresholds().stream().map(Numbers::repr).toList())
                .with("calibration", "far_targets", java.util.Arrays.stream(o.farTargets()).mapToObj(Numbers::repr)
                        .toList())
                .with("calibration", "cutoffs", o.cutoffs().length == 0 ? "default"
                        : java.util.Arrays.stream(o.cutoffs()).mapToObj(Numbers::repr).toList().toString())
                .with("calibration", "bootstrap_resamples", o.bootstrapResamples())
                .with("calibration", "seed", o.seed());
    }
}
