package dev.facecal.cli;

import dev.facecal.FacecalException;
import dev.facecal.bench.CalibrationBench;
import dev.facecal.bench.CalibrationBenchReport;
import dev.facecal.bench.PythonReference;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code facecal bench}: parses the options, runs {@link CalibrationBench} (a full calibration of synthetic pairs at
 * growing sizes, optionally beside the Python reference tools in the same run) and prints
 * {@link CalibrationBenchReport}'s markdown. Speed is measured, not asserted: nothing here fails on a slow time.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark calibration on seeded synthetic pairs (same-person ~ N(0.30, 0.08), "
                + "different-person ~ N(0.70, 0.12), 6 decimals): for each size, the time of a full calibration "
                + "(all thresholds, ROC/DET, logistic fit; no bootstrap) and of each phase, reading the same data "
                + "from CSV, and the peak heap. With --reference, the same steps in pandas / scikit-learn "
                + "(/ chefboost) in a subprocess, and the ratios. Progress on stderr, results on stdout."})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--sizes", split = ",", paramLabel = "N", defaultValue = "10000,100000,1000000,10000000",
            description = "numbers of pairs (default: ${DEFAULT-VALUE})")
    List<Integer> sizes;

    @Option(names = "--repeats", defaultValue = "3", description = "timed runs per size (default: ${DEFAULT-VALUE})")
    int repeats;

    @picocli.CommandLine.Mixin
    SeedOption seed;

    @Option(names = "--positive-fraction", defaultValue = "0.1", paramLabel = "F",
            description = "share of same-person pairs (default: ${DEFAULT-VALUE})")
    double positiveFraction;

    @Option(names = "--reference", description = "also time the Python reference (pandas, scikit-learn) in the same run")
    boolean reference;

    @Option(names = "--python", defaultValue = "/usr/bin/python3", paramLabel = "EXE",
            description = "Python with pandas and scikit-learn (default: ${DEFAULT-VALUE})")
    String python;

    @Option(names = "--script", defaultValue = "reference/bench_reference.py", paramLabel = "FILE",
            description = "the Python side (default: ${DEFAULT-VALUE})")
    Path script;

    @Option(names = "--chefboost", paramLabel = "DIR",
            description = "chefboost 0.0.19 checkout: also time its C4.5 fit (with --reference)")
    Path chefboost;

    @Option(names = "--chefboost-max", defaultValue = "100000", paramLabel = "N",
            description = "run chefboost only up to this many pairs; it grows a whole tree (default: ${DEFAULT-VALUE})")
    int chefboostMax;

    @Option(names = "--reference-budget", defaultValue = "600", paramLabel = "SECONDS",
            description = "skip a size when the Python side is estimated (n log n from the previous size) to take "
                    + "longer than this (default: ${DEFAULT-VALUE})")
    double referenceBudget;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "write the results as markdown to FILE (atomically); when FILE already holds the "
                    + "generated-results markers, only the text between them is replaced")
    Path output;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (reference && !Files.isRegularFile(script)) {
            throw new FacecalException(script + ": the Python side of the benchmark is not there (run from the "
                    + "repository root or give --script)");
        }
        if (chefboost != null && !Files.isDirectory(chefboost.resolve("chefboost"))) {
            throw new FacecalException(chefboost + ": not a chefboost checkout (no chefboost/ folder inside)");
        }
        CalibrationBench.Options options;
        try {
            options = new CalibrationBench.Options(sizes, repeats, seed.seed, positiveFraction, reference
                    ? new PythonReference.Options(python, script, chefboost, chefboostMax, referenceBudget) : null);
        } catch (IllegalArgumentException e) {
            throw new FacecalException("--" + e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        CalibrationBench.Result result = CalibrationBench.run(options, err);
        String tables = CalibrationBenchReport.render(result);
        PrintWriter out = spec.commandLine().getOut();
        out.print(tables);
        out.flush();
        if (output != null) {
            CalibrationBenchReport.write(output, CalibrationBenchReport.machine(options,
                    CommandLines.current("bench", spec.commandLine().getParseResult().originalArgs())) + "\n" + tables);
            err.println("wrote " + output);
        }
        return 0;
    }
}
