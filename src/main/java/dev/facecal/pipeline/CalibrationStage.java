package dev.facecal.pipeline;

import dev.facecal.calibrate.Calibration;
import dev.facecal.calibrate.CalibrationOptions;
import dev.facecal.dataset.PairTable;
import dev.facecal.dataset.PairTableReader;
import java.nio.file.Path;

/**
 * The calibration stage: a pair table (read from a CSV, or made by the distances stage) → every threshold, its
 * evaluation, the curves, the confidence model and the bootstrap of every column ({@link Calibration}), with the
 * provenance of the input and every option.
 */
public final class CalibrationStage {
    private CalibrationStage() {
    }

    /**
     * Reads a pair table ({@link PairTableReader}: RFC 4180, the label column found by name, SHA-256 recorded). When
     * facecal wrote the CSV ({@link ScoredPairs#writeCsv}) and its {@code .provenance.json} still describes these
     * bytes, the embeddings and distances that made it join the table's provenance.
     */
    public static PairTable read(Path csv, TableOptions options) {
        PairTable t = PairTableReader.read(csv, options.columns(), options.parser(), options.direction());
        Path side = ScoredPairs.provenanceFile(csv);
        if (!java.nio.file.Files.isRegularFile(side)) return t;
        dev.facecal.Provenance made;
        try {
            made = dev.facecal.Provenance.fromJson(java.nio.file.Files.readString(side), side.toString());
        } catch (java.io.IOException | dev.facecal.FacecalException e) {
            return t; // an unreadable record is no record; the table's own hash still stands
        }
        if (!t.provenance().section("input").get("sha256").equals(made.section("output").get("sha256"))) {
            return t; // the CSV changed since facecal wrote it
        }
        dev.facecal.Provenance p = t.provenance();
        for (var s : made.sections().entrySet()) {
            if (!s.getKey().equals("input") && !s.getKey().equals("output")) p = p.with(s.getKey(), s.getValue());
        }
        return new PairTable(t.source(), t.labelColumn(), t.positive(), t.distances(), p);
    }

    /**
     * Calibrates every column of {@code table}; {@code progress} hears of each column as it starts.
     *
     * @throws IllegalArgumentException when the options' direction is not the one the table was read with
     */
    public static Calibration run(PairTable table, CalibrationOptions options, Progress progress) {
        return run(table, table.columns(), options, progress);
    }

    /** Calibrates the given columns of {@code table} (in that order). */
    public static Calibration run(PairTable table, java.util.List<String> columns, CalibrationOptions options,
                                  Progress progress) {
        String read = table.provenance().section("input").get("direction");
        if (read != null && !read.equals(options.direction().label())) {
            throw new IllegalArgumentException(table.source() + " was read as " + read + " columns but is calibrated as "
                    + options.direction().label() + " columns: use one direction for both");
        }
        progress.start("columns", columns.size());
        int[] done = {0};
        Calibration cal = Calibration.of(table, columns, options, c -> progress.advance(done[0]++));
        progress.advance(done[0]);
        progress.finish("calibrated " + columns.size() + " column(s) of " + table.size() + " pairs");
        return cal;
    }

    /** Reads and calibrates a CSV. */
    public static Calibration run(Path csv, TableOptions table, CalibrationOptions options, Progress progress) {
        return run(read(csv, table), options.withDirection(table.direction()), progress);
    }

    /**
     * Calibrates a counts folder ({@link CountsFiles}: per metric, the pairs per distinct distance, e.g. from
     * {@code facecal spark pairs}) as distance columns named by metric; the folder's provenance comes along.
     */
    public static Calibration runCounts(Path dir, CalibrationOptions options, Progress progress) {
        var counts = CountsFiles.read(dir);
        progress.start("columns", counts.size());
        Calibration cal;
        try {
            cal = Calibration.ofCounts(dir.toString(), counts, options.withDirection(
                    dev.facecal.dataset.ScoreDirection.DISTANCE), CountsFiles.provenance(dir)
                    .with("input", "counts", dir.toString()));
        } catch (IllegalArgumentException e) {
            throw new dev.facecal.FacecalException(dir + ": " + e.getMessage(), e);
        }
        progress.advance(counts.size());
        progress.finish("calibrated " + counts.size() + " metric(s) of " + cal.pairs() + " pairs");
        return cal;
    }
}
