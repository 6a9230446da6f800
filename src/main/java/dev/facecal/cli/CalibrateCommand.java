package dev.facecal.cli;

import dev.facecal.calibrate.Calibration;
import dev.facecal.calibrate.CalibrationOptions;
import dev.facecal.calibrate.ThresholdRule;
import dev.facecal.dataset.FloatParser;
import dev.facecal.dataset.PairTable;
import dev.facecal.dataset.ScoreDirection;
import dev.facecal.pipeline.CalibrationStage;
import dev.facecal.pipeline.ExportFormat;
import dev.facecal.pipeline.ExportStage;
import dev.facecal.pipeline.TableOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code facecal calibrate PAIRS.csv}: thresholds, evaluation and confidence constants for each score column. */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = {"Calibrate every distance column of a labelled pair table (CSV with a decision/actual "
                + "label column and one or more distance columns): statistics, thresholds (sigma, C4.5, F1, "
                + "accuracy, EER, FAR targets), their evaluation, ROC-AUC, the per-cutoff table, bootstrap "
                + "intervals, and DeepFace's distance-to-confidence constants."})
public final class CalibrateCommand implements Callable<Integer> {
    /** Above this many pairs the bootstrap is off unless asked for with --bootstrap. */
    static final int BOOTSTRAP_DEFAULT_LIMIT = 100_000;

    /** The threshold rule names, for picocli's completion and help ({@link ThresholdRule#names}). */
    static final class RuleNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ThresholdRule.names().iterator();
        }
    }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PAIRS.csv|COUNTS_DIR",
            description = "the pair table, or a counts folder (per metric, the pairs at each distinct distance, "
                    + "from ./facecal spark pairs)")
    Path pairs;

    @Option(names = "--columns", split = ",", paramLabel = "NAME",
            description = "distance columns to calibrate (default: every numeric column)")
    List<String> columns = new ArrayList<>();

    @Option(names = "--confidence-threshold", paramLabel = "METHOD", defaultValue = "c45",
            completionCandidates = RuleNames.class,
            description = "threshold whose predictions label the confidence fit and go into the exported blocks: "
                    + "c45 (default, as DeepFace and deepface-rs), or one of ${COMPLETION-CANDIDATES}, or a number")
    String confidenceThreshold;

    @Option(names = "--threshold", paramLabel = "T", description = "also evaluate this threshold (repeatable)")
    List<Double> thresholds = new ArrayList<>();

    @Option(names = "--cutoffs", split = ",", paramLabel = "C",
            description = "cutoffs of the precision/recall table (default: 0 and ~10 round steps up to the max)")
    List<Double> cutoffs = new ArrayList<>();

    @Option(names = "--bootstrap", paramLabel = "N",
            description = "bootstrap resamples for 95%% intervals, 0 = off (default: 1000, off above "
                    + BOOTSTRAP_DEFAULT_LIMIT + " pairs)")
    Integer bootstrap;

    @Mixin
    SeedOption seed;

    @Option(names = "--parser", defaultValue = "pandas", paramLabel = "pandas|exact",
            description = "how numbers are read: pandas (default; exactly as pandas' read_csv, which the reference "
                    + "scripts use, not correctly rounded for 17-digit values) or exact (correctly rounded)")
    String parser;

    @Option(names = "--direction", defaultValue = "distance", paramLabel = "distance|similarity",
            description = "distance (default: lower = same person, accept score <= threshold, as DeepFace) or "
                    + "similarity (higher = same person, accept score >= threshold, e.g. a cosine similarity)")
    String direction;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "text (default), json, rust, python or java")
    String format;

    @Option(names = "--curves", description = "with --format json: also write every ROC/DET point (threshold, far, tar, frr)")
    boolean curves;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "write the result to FILE (atomically) instead of standard output")
    Path output;

    @Option(names = "--plot", paramLabel = "DIR",
            description = "write a distance-distribution plot per column to DIR (HTML and PNG)")
    Path plotDir;

    /** The table with one more entry in its provenance's {@code warnings} section (so the report carries it). */
    private static PairTable withWarning(PairTable t, String key, String text) {
        return new PairTable(t.source(), t.labelColumn(), t.positive(), t.distances(),
                t.provenance().with("warnings", key, text));
    }

    @Override
    public Integer call() {
        ExportFormat fmt = ExportFormat.parse("--format", format);
        ScoreDirection dir = ScoreDirection.parse(direction);
        FloatParser floatParser = FloatParser.named(parser);
        ThresholdRule rule = ThresholdRule.parse(confidenceThreshold);
        PrintWriter err = spec.commandLine().getErr();
        if (output != null) Outputs.checkWritable(output, "-o", pairs);
        if (java.nio.file.Files.isDirectory(pairs)) {
            return counts(fmt, dir, rule, err);
        }
        PairTable table = CalibrationStage.read(pairs, new TableOptions(columns, floatParser, dir));
        err.println(pairs + ": " + table.size() + " pairs (" + table.positives() + " same-person, " + table.negatives()
                + " different-person), " + table.columns().size() + " " + dir.label() + " column(s)");
        int resamples = bootstrap != null ? bootstrap : (table.size() <= BOOTSTRAP_DEFAULT_LIMIT ? 1000 : 0);
        if (bootstrap == null && resamples == 0) {
            table = withWarning(table, "bootstrap", "off: " + table.size() + " pairs is above "
                    + BOOTSTRAP_DEFAULT_LIMIT + ", so no 95% intervals were computed; pass --bootstrap N to compute them");
        }
        table.provenance().section("warnings").forEach((k, v) -> err.println("warning: " + pairs + ": " + v));
        CalibrationOptions options = CalibrationOptions.defaults()
                .withDirection(dir)
                .withConfidenceThreshold(rule)
                .withUserThresholds(thresholds)
                .withCutoffs(cutoffs.stream().mapToDouble(Double::doubleValue).toArray())
                .withBootstrap(resamples, seed.seed);
        Calibration cal = CalibrationStage.run(table, options, new TerminalProgress(err, 1));
        if (plotDir != null) {
            Plots.write(plotDir, table, cal, err);
        }
        return emit(cal, fmt, err);
    }

    /** A counts folder: every metric's counts calibrated as a distance column named by the metric. */
    private int counts(ExportFormat fmt, ScoreDirection dir, ThresholdRule rule, PrintWriter err) {
        if (dir != ScoreDirection.DISTANCE) {
            throw new dev.facecal.FacecalException(pairs + " is a counts folder, which holds distances: drop"
                    + " --direction " + direction);
        }
        if (plotDir != null) {
            throw new dev.facecal.FacecalException("--plot needs a pair table; " + pairs + " is a counts folder");
        }
        var all = dev.facecal.pipeline.CountsFiles.read(pairs);
        for (String c : columns) {
            if (!all.containsKey(c)) {
                throw new dev.facecal.FacecalException("--columns " + c + ": " + pairs + " has counts of "
                        + String.join(", ", all.keySet()) + " only");
            }
        }
        var first = all.firstEntry().getValue();
        err.println(pairs + ": " + first.pairs() + " pairs (" + first.positives() + " same-person, "
                + first.negatives() + " different-person), " + all.size() + " metric(s), counted per distinct "
                + "distance");
        dev.facecal.pipeline.CountsFiles.sampleWarning(pairs).ifPresent(err::println);
        int resamples = bootstrap != null ? bootstrap : (first.pairs() <= BOOTSTRAP_DEFAULT_LIMIT ? 1000 : 0);
        if (bootstrap == null && resamples == 0) {
            err.println("warning: " + pairs + ": bootstrap off: " + first.pairs() + " pairs is above "
                    + BOOTSTRAP_DEFAULT_LIMIT + ", so no 95% intervals were computed; pass --bootstrap N to compute them");
        }
        CalibrationOptions options = CalibrationOptions.defaults()
                .withConfidenceThreshold(rule)
                .withUserThresholds(thresholds)
                .withCutoffs(cutoffs.stream().mapToDouble(Double::doubleValue).toArray())
                .withBootstrap(resamples, seed.seed);
        Calibration cal = CalibrationStage.runCounts(pairs, options, new TerminalProgress(err, 1));
        if (!columns.isEmpty()) {
            var kept = new java.util.LinkedHashMap<String, dev.facecal.calibrate.ColumnCalibration>();
            for (String c : columns) kept.put(c, cal.columns().get(c));
            cal = cal.withColumns(kept);
        }
        return emit(cal, fmt, err);
    }

    private int emit(Calibration cal, ExportFormat fmt, PrintWriter err) {
        String out = ExportStage.render(cal, fmt, curves);
        if (output != null) {
            dev.facecal.AtomicFiles.writeString(output, out);
            err.println("wrote " + output);
        } else {
            PrintWriter w = spec.commandLine().getOut();
            w.print(out);
            w.flush();
        }
        return 0;
    }
}
