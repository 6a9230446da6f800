package dev.facecal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.GarbageCollectionNotificationInfo;
import dev.facecal.FacecalException;
import dev.facecal.bench.SyntheticPairs;
import dev.facecal.calibrate.CalibrationOptions;
import dev.facecal.calibrate.Calibrator;
import dev.facecal.calibrate.ChefboostC45;
import dev.facecal.calibrate.ColumnCalibration;
import dev.facecal.calibrate.ConfidenceModel;
import dev.facecal.calibrate.DetCurve;
import dev.facecal.calibrate.DistanceStats;
import dev.facecal.calibrate.EqualErrorRate;
import dev.facecal.calibrate.ExactGainRatioSplit;
import dev.facecal.calibrate.OperatingCurve;
import dev.facecal.calibrate.OptimalThreshold;
import dev.facecal.calibrate.PrecisionRecallTable;
import dev.facecal.calibrate.RocCurve;
import dev.facecal.calibrate.SigmaThresholds;
import dev.facecal.calibrate.TarAtFar;
import dev.facecal.dataset.PairTable;
import dev.facecal.dataset.PairTableReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code facecal bench}: times a full calibration of synthetic pairs ({@link SyntheticPairs}) at growing sizes,
 * optionally side by side with the Python reference tools ({@code reference/bench_reference.py}) in the same
 * run, and writes the results as markdown. Speed is measured, not asserted: nothing here fails on a slow time.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark calibration on seeded synthetic pairs (same-person ~ N(0.30, 0.08), "
                + "different-person ~ N(0.70, 0.12), 6 decimals): for each size, the time of a full calibration "
                + "(all thresholds, ROC/DET, logistic fit; no bootstrap) and of each phase, reading the same data "
                + "from CSV, and the peak heap. With --reference, the same steps in pandas / scikit-learn "
                + "(/ chefboost) in a subprocess, and the ratios. Progress on stderr, results on stdout."})
public final class BenchCommand implements Callable<Integer> {
    static final String BEGIN = "<!-- facecal bench: begin generated results (rewritten by `facecal bench --output`) -->";
    static final String END = "<!-- facecal bench: end generated results -->";

    @Spec
    CommandSpec spec;

    @Option(names = "--sizes", split = ",", paramLabel = "N", defaultValue = "10000,100000,1000000,10000000",
            description = "numbers of pairs (default: ${DEFAULT-VALUE})")
    List<Integer> sizes;

    @Option(names = "--repeats", defaultValue = "3", description = "timed runs per size (default: ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--seed", defaultValue = "42", description = "seed of the synthetic data (default: ${DEFAULT-VALUE})")
    long seed;

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

    private static volatile Object sink;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (sizes.isEmpty() || sizes.stream().anyMatch(n -> n < 100)) {
            throw new FacecalException("--sizes must list sizes of at least 100 pairs, got " + sizes);
        }
        if (repeats < 1) {
            throw new FacecalException("--repeats must be at least 1, got " + repeats);
        }
        if (reference && !Files.isRegularFile(script)) {
            throw new FacecalException(script + ": the Python side of the benchmark is not there (run from the "
                    + "repository root or give --script)");
        }
        if (chefboost != null && !Files.isDirectory(chefboost.resolve("chefboost"))) {
            throw new FacecalException(chefboost + ": not a chefboost checkout (no chefboost/ folder inside)");
        }
        List<Integer> ns = sizes.stream().distinct().sorted().toList();
        PrintWriter err = spec.commandLine().getErr();
        HeapMonitor heap = new HeapMonitor();
        Path tmpDir = Files.createTempDirectory("facecal-bench");
        List<SizeResult> results = new ArrayList<>();
        try {
            warmUp(ns.getFirst(), tmpDir, err);
            PythonRun previous = null;
            for (int n : ns) {
                SizeResult r = measure(n, tmpDir, heap, err);
                if (reference) {
                    r.python = runReference(r, previous, err);
                    if (r.python.steps != null) previous = r.python;
                }
                results.add(r);
                Files.deleteIfExists(r.csv);
            }
        } finally {
            heap.close();
            try (Stream<Path> s = Files.list(tmpDir)) {
                for (Path p : s.toList()) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(tmpDir);
        }
        String tables = render(results);
        PrintWriter out = spec.commandLine().getOut();
        out.print(tables);
        out.flush();
        if (output != null) {
            writeMarkdown(output, machine() + "\n" + tables);
            err.println("wrote " + output);
        }
        return 0;
    }

    // ------------------------------------------------------------------------------------------------
    // measurement
    // ------------------------------------------------------------------------------------------------

    private static CalibrationOptions options() {
        return CalibrationOptions.defaults().withBootstrap(0, 42);
    }

    private void warmUp(int n, Path tmpDir, PrintWriter err) throws IOException {
        err.println("warm-up at " + n + " pairs");
        err.flush();
        SyntheticPairs p = SyntheticPairs.of(n, positiveFraction, seed);
        Path csv = tmpDir.resolve("warmup.csv");
        p.writeCsv(csv);
        sink = PairTableReader.read(csv, List.of("cosine"));
        sink = Calibrator.calibrate("cosine", p.distances(), p.positive(), options());
        sink = phases(p.distances(), p.positive());
        Files.delete(csv);
    }

    private SizeResult measure(int n, Path tmpDir, HeapMonitor heap, PrintWriter err) throws IOException {
        SizeResult r = new SizeResult(n);
        progress(err, n, "generating");
        long t0 = System.nanoTime();
        SyntheticPairs p = SyntheticPairs.of(n, positiveFraction, seed);
        r.generateSeconds = seconds(t0);
        r.positives = p.positives();
        r.csv = tmpDir.resolve("pairs-" + n + ".csv");
        progress(err, n, "writing CSV");
        t0 = System.nanoTime();
        p.writeCsv(r.csv);
        r.writeSeconds = seconds(t0);
        r.csvBytes = Files.size(r.csv);

        heap.start();
        for (int i = 0; i < repeats; i++) {
            progress(err, n, "reading CSV " + (i + 1) + "/" + repeats);
            t0 = System.nanoTime();
            PairTable t = PairTableReader.read(r.csv, List.of("cosine"));
            r.read[i] = seconds(t0);
            if (!Arrays.equals(t.column("cosine"), p.distances())) {
                throw new IllegalStateException("the CSV did not read back the generated distances");
            }
            t = null;
        }
        r.readHeap = heap.stop();

        heap.start();
        ColumnCalibration cal = null;
        for (int i = 0; i < repeats; i++) {
            progress(err, n, "calibrating " + (i + 1) + "/" + repeats);
            t0 = System.nanoTime();
            cal = Calibrator.calibrate("cosine", p.distances(), p.positive(), options());
            r.calibrate[i] = seconds(t0);
            err.printf(Locale.ROOT, " %.3f s", r.calibrate[i]);
            cal = i + 1 < repeats ? null : cal;
        }
        r.calibrateHeap = heap.stop();
        r.distinct = cal.roc().size();
        r.c45 = cal.c45().threshold();
        r.auc = cal.roc().auc();
        r.confidence = cal.confidence();
        r.posStats = cal.positive();
        r.negStats = cal.negative();

        for (int i = 0; i < repeats; i++) {
            progress(err, n, "timing phases " + (i + 1) + "/" + repeats);
            Map<String, Double> ph = phases(p.distances(), p.positive());
            ph.forEach((k, v) -> r.phases.computeIfAbsent(k, x -> new double[repeats])[r.phaseRuns] = v);
            r.phaseRuns++;
        }
        err.printf(Locale.ROOT, "\r[%,d] calibrate median %.3f s, min %.3f s, peak heap %s MiB%n", n,
                median(r.calibrate), min(r.calibrate), mib(r.calibrateHeap.peakUsed));
        err.flush();
        return r;
    }

    /**
     * Times the calibration's phases one by one through the public API, in the order {@link Calibrator} runs
     * them. Their sum is close to the full calibration; it tells which phase dominates.
     */
    private static Map<String, Double> phases(double[] d, boolean[] y) {
        Map<String, Double> t = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        DistanceStats pos = DistanceStats.of(select(d, y, true));
        DistanceStats neg = DistanceStats.of(select(d, y, false));
        t.put("stats", seconds(t0));
        t0 = System.nanoTime();
        OperatingCurve curve = OperatingCurve.of(d, y);
        t.put("sort", seconds(t0));
        t0 = System.nanoTime();
        RocCurve roc = RocCurve.of(curve);
        t.put("roc", seconds(t0));
        t0 = System.nanoTime();
        ChefboostC45.Split c45 = ChefboostC45.split(d, y, curve);
        t.put("c45", seconds(t0));
        t0 = System.nanoTime();
        ExactGainRatioSplit.Split exact = ExactGainRatioSplit.of(curve);
        t.put("c45_exact", seconds(t0));
        t0 = System.nanoTime();
        SigmaThresholds sigma = SigmaThresholds.of(pos);
        List<Object> other = new ArrayList<>();
        other.add(OptimalThreshold.f1Max(curve));
        other.add(OptimalThreshold.accuracyMax(curve));
        EqualErrorRate eer = EqualErrorRate.of(curve);
        other.add(eer);
        for (double target : TarAtFar.DEFAULT_TARGETS) other.add(TarAtFar.of(curve, target));
        other.add(DetCurve.of(curve));
        other.add(PrecisionRecallTable.of(curve, PrecisionRecallTable.defaultCutoffs(curve.max(), 10)));
        for (double th : new double[] {sigma.threshold(1), sigma.threshold(2), sigma.threshold(3), c45.threshold(),
                exact.threshold(), eer.threshold()}) {
            other.add(curve.evaluate("t", th));
        }
        t.put("sweeps", seconds(t0));
        t0 = System.nanoTime();
        ConfidenceModel conf = ConfidenceModel.fit(d, "c45", c45.threshold());
        t.put("logistic", seconds(t0));
        sink = List.of(pos, neg, roc, c45, exact, other, conf);
        return t;
    }

    private static double[] select(double[] d, boolean[] y, boolean which) {
        int k = 0;
        for (boolean b : y) {
            if (b == which) k++;
        }
        double[] out = new double[k];
        k = 0;
        for (int i = 0; i < d.length; i++) {
            if (y[i] == which) out[k++] = d[i];
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------
    // the Python reference
    // ------------------------------------------------------------------------------------------------

    private PythonRun runReference(SizeResult r, PythonRun previous, PrintWriter err)
            throws IOException, InterruptedException {
        PythonRun run = new PythonRun();
        boolean withChefboost = chefboost != null && r.n <= chefboostMax;
        if (chefboost != null && !withChefboost) {
            run.notes.add("chefboost not run above " + String.format(Locale.ROOT, "%,d", chefboostMax) + " pairs");
        }
        if (previous != null) {
            double base = previous.wallSeconds - (withChefboost ? 0 : previous.total("c45"));
            double estimate = base * nLogN(r.n) / nLogN(previous.n);
            if (estimate > referenceBudget) {
                run.notes.add(String.format(Locale.ROOT, "Python skipped: estimated %.0f s > budget %.0f s",
                        estimate, referenceBudget));
                err.println(run.notes.getLast());
                return run;
            }
        }
        List<String> cmd = new ArrayList<>(List.of(python, script.toString(), "--csv", r.csv.toString(),
                "--threshold", Double.toString(r.c45), "--repeats", Integer.toString(repeats)));
        if (withChefboost) {
            cmd.addAll(List.of("--chefboost", chefboost.toString()));
        }
        progress(err, r.n, "Python reference: " + String.join(" ", cmd));
        err.println();
        err.flush();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(Runtime.getRuntime().availableProcessors()));
        long t0 = System.nanoTime();
        Process proc = pb.start();
        proc.getOutputStream().close();
        CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> readAll(proc.getInputStream()));
        long timeout = (long) Math.max(60, 2 * referenceBudget);
        if (!proc.waitFor(timeout, TimeUnit.SECONDS)) {
            proc.destroyForcibly();
            run.notes.add("Python timed out after " + timeout + " s");
            return run;
        }
        run.wallSeconds = seconds(t0);
        run.n = r.n;
        String json = new String(stdout.join(), StandardCharsets.UTF_8);
        if (proc.exitValue() != 0) {
            throw new FacecalException("the Python reference failed (exit " + proc.exitValue() + "): "
                    + String.join(" ", cmd));
        }
        JsonNode root = new ObjectMapper().readTree(json);
        run.steps = new LinkedHashMap<>();
        root.get("steps").properties().forEach(e -> {
            double[] v = new double[e.getValue().size()];
            for (int i = 0; i < v.length; i++) v[i] = e.getValue().get(i).asDouble();
            run.steps.put(e.getKey(), v);
        });
        run.results = root.get("results");
        run.versions = root.get("versions");
        crossCheck(r, run);
        return run;
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Compares what both sides computed, so the table says whether they did the same work. */
    private static void crossCheck(SizeResult r, PythonRun run) {
        JsonNode res = run.results;
        double auc = res.path("roc").path("auc").asDouble(Double.NaN);
        run.checks.add("AUC " + (auc == r.auc ? "identical" : String.format(Locale.ROOT, "differs by %.1e", auc - r.auc)));
        JsonNode st = res.path("stats");
        boolean statsSame = st.path("pos_mean").asDouble() == r.posStats.mean()
                && st.path("pos_std").asDouble() == r.posStats.std()
                && st.path("neg_mean").asDouble() == r.negStats.mean()
                && st.path("neg_std").asDouble() == r.negStats.std();
        run.checks.add("mean/std " + (statsSame ? "identical" : "differ"));
        if (res.has("c45")) {
            double c = res.get("c45").asDouble();
            run.checks.add("C4.5 " + (c == r.c45 ? "identical" : "differs (" + c + " vs " + r.c45 + ")"));
        }
        if (r.confidence != null && res.has("logistic")) {
            double w = res.get("logistic").get("w").asDouble();
            double b = res.get("logistic").get("b").asDouble();
            double rel = Math.max(Math.abs(w - r.confidence.w()) / Math.abs(r.confidence.w()),
                    Math.abs(b - r.confidence.b()) / Math.abs(r.confidence.b()));
            run.checks.add(String.format(Locale.ROOT, "logistic w, b within %.0e", rel));
        }
    }

    // ------------------------------------------------------------------------------------------------
    // report
    // ------------------------------------------------------------------------------------------------

    String render(List<SizeResult> results) {
        StringBuilder sb = new StringBuilder();
        SizeResult first = results.getFirst();
        double baseMed = median(first.calibrate) / nLogN(first.n);
        double baseMin = min(first.calibrate) / nLogN(first.n);
        sb.append("### Full calibration (facecal, bootstrap off)\n\n");
        sb.append("Times in seconds over ").append(repeats).append(" runs. Growth columns give median / min ")
                .append("(interference on a shared machine only ever adds time, so the min is the less noisy one). ")
                .append("`norm` = (t / n log2 n) divided by the same for the first row: it stays at or below 1 for ")
                .append("O(n log n) or better. `exp` = log(t2/t1) / log(n2/n1) against the previous row ")
                .append("(1 = linear; n log2 n from 1 M to 10 M pairs is 1.07). Peak heap = most heap in use (live and ")
                .append("garbage) seen during the timed runs; live after GC = the largest heap left after a ")
                .append("collection in that span.\n\n");
        sb.append("| pairs | distinct distances | median s | min s | max s | norm | exp | peak heap MiB | live after GC MiB |"
                + " read CSV median s | read peak heap MiB |\n");
        sb.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        SizeResult prev = null;
        for (SizeResult r : results) {
            double med = median(r.calibrate);
            double lo = min(r.calibrate);
            double dn = prev == null ? 1 : Math.log((double) r.n / prev.n);
            String exp = prev == null ? "" : fmt(Math.log(med / median(prev.calibrate)) / dn, 2) + " / "
                    + fmt(Math.log(lo / min(prev.calibrate)) / dn, 2);
            String norm = fmt(med / nLogN(r.n) / baseMed, 2) + " / " + fmt(lo / nLogN(r.n) / baseMin, 2);
            sb.append(String.format(Locale.ROOT, "| %,d | %,d | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    r.n, r.distinct, secs(med), secs(lo), secs(max(r.calibrate)), norm, exp,
                    mib(r.calibrateHeap.peakUsed), r.calibrateHeap.afterGc(), secs(median(r.read)),
                    mib(r.readHeap.peakUsed)));
            prev = r;
        }
        sb.append("\n### Phases of the calibration (facecal, median s)\n\n");
        sb.append("Each phase timed on its own through the public API (`stats`: class split + pandas-exact mean/std;"
                + " `sort`: OperatingCurve, the two sorts; `roc`: ROC + AUC; `c45`: chefboost's root split;"
                + " `c45_exact`: best split over all boundaries; `sweeps`: sigma, F1, accuracy, EER, TAR@FAR, DET,"
                + " per-cutoff table, evaluations; `logistic`: confidence model, Newton fit + denormalisation).\n\n");
        List<String> names = new ArrayList<>(first.phases.keySet());
        sb.append("| pairs | ").append(String.join(" | ", names)).append(" | sum | full calibration |\n");
        sb.append("|---:|").append("---:|".repeat(names.size() + 2)).append("\n");
        for (SizeResult r : results) {
            sb.append(String.format(Locale.ROOT, "| %,d |", r.n));
            double sum = 0;
            for (String k : names) {
                double m = median(r.phases.get(k));
                sum += m;
                sb.append(' ').append(secs(m)).append(" |");
            }
            sb.append(' ').append(secs(sum)).append(" | ").append(secs(median(r.calibrate))).append(" |\n");
        }
        if (reference) {
            renderReference(sb, results);
        }
        return sb.toString();
    }

    private void renderReference(StringBuilder sb, List<SizeResult> results) {
        sb.append("\n### Side by side with the Python reference (same run, same data)\n\n");
        sb.append("Median s over the runs; ratio = Python / facecal (how many times faster facecal is). ")
                .append("`read`: pandas `read_csv` vs `PairTableReader`; `stats`: class split + mean/std; ")
                .append("`roc`: `roc_auc_score` + `roc_curve` vs OperatingCurve + RocCurve; `logistic`: ")
                .append("`LogisticRegression().fit` + confidences vs ConfidenceModel.fit, on the same C4.5 labels; ")
                .append("`c45`: chefboost's whole C4.5 tree (1 run) vs OperatingCurve + ChefboostC45.split. ")
                .append("`same steps` sums the compared steps (without read) on both sides; `full` is facecal's whole ")
                .append("calibration, which does more (all thresholds, DET, EER, TAR@FAR, tables) than the Python ")
                .append("steps.\n\n");
        sb.append("| pairs | read py / fc (ratio) | stats py / fc (ratio) | roc py / fc (ratio) | logistic py / fc (ratio) "
                + "| c45 py / fc (ratio) | same steps py / fc (ratio) | py steps / fc full (ratio) | agreement | notes |\n");
        sb.append("|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (SizeResult r : results) {
            PythonRun py = r.python;
            sb.append(String.format(Locale.ROOT, "| %,d |", r.n));
            if (py == null || py.steps == null) {
                sb.append(" | | | | | | | | ").append(py == null ? "" : String.join("; ", py.notes)).append(" |\n");
                continue;
            }
            double fcStats = median(r.phases.get("stats"));
            double fcRoc = median(r.phases.get("sort")) + median(r.phases.get("roc"));
            double fcC45 = median(r.phases.get("sort")) + median(r.phases.get("c45"));
            double fcLog = median(r.phases.get("logistic"));
            sb.append(cell(py.median("read_csv"), median(r.read)));
            sb.append(cell(py.median("stats"), fcStats));
            sb.append(cell(py.median("roc"), fcRoc));
            sb.append(cell(py.median("logistic"), fcLog));
            boolean c45 = py.steps.containsKey("c45");
            sb.append(c45 ? cell(py.median("c45"), fcC45) : " – |");
            double pySame = py.median("stats") + py.median("roc") + py.median("logistic") + (c45 ? py.median("c45") : 0);
            double fcSame = fcStats + fcRoc + fcLog + (c45 ? fcC45 : 0);
            sb.append(cell(pySame, fcSame));
            sb.append(cell(pySame, median(r.calibrate)));
            sb.append(' ').append(String.join("; ", py.checks)).append(" | ").append(String.join("; ", py.notes))
                    .append(" |\n");
        }
        results.stream().map(r -> r.python).filter(p -> p != null && p.versions != null).findFirst()
                .ifPresent(p -> sb.append("\nPython side: ").append(p.versions.toString()).append('\n'));
    }

    private static String cell(double py, double fc) {
        return " " + secs(py) + " / " + secs(fc) + " (" + fmt(py / fc, py / fc >= 10 ? 0 : 1) + "×) |";
    }

    private String machine() throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("Run on ").append(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).withNano(0))).append(" UTC.\n\n");
        sb.append("| | |\n|---|---|\n");
        sb.append("| CPU | ").append(cpuModel()).append(" |\n");
        sb.append("| cores (`nproc`) | ").append(nproc()).append(" |\n");
        sb.append("| RAM | ").append(memTotal()).append(" |\n");
        sb.append("| OS | ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append(' ').append(System.getProperty("os.arch")).append(" |\n");
        sb.append("| JDK | ").append(System.getProperty("java.vm.vendor")).append(' ')
                .append(System.getProperty("java.vm.name")).append(' ').append(Runtime.version()).append(" |\n");
        String xmx = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-Xmx")).reduce((a, b) -> b).orElse("(default)");
        sb.append("| heap | ").append(xmx).append(" (max heap ").append(Runtime.getRuntime().maxMemory() >> 20)
                .append(" MiB), GC: ").append(ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .map(GarbageCollectorMXBean::getName).collect(Collectors.joining(", "))).append(" |\n");
        sb.append("| data | SyntheticPairs seed ").append(seed).append(", ").append(positiveFraction * 100)
                .append(" % same-person |\n");
        sb.append("\nCommand (exactly as run):\n\n```\n").append(commandLine()).append("\n```\n");
        return sb.toString();
    }

    private String commandLine() {
        return CommandLines.current("bench", spec.commandLine().getParseResult().originalArgs());
    }


    private static String cpuModel() {
        return firstMatch(Path.of("/proc/cpuinfo"), "model name", s -> s.substring(s.indexOf(':') + 1).trim(),
                () -> System.getProperty("os.arch"));
    }

    private static String memTotal() {
        return firstMatch(Path.of("/proc/meminfo"), "MemTotal", s -> {
            long kb = Long.parseLong(s.replaceAll("[^0-9]", ""));
            return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
        }, () -> "unknown");
    }

    private static String firstMatch(Path file, String prefix, java.util.function.Function<String, String> f,
                                     Supplier<String> orElse) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(l -> l.startsWith(prefix)).findFirst().map(f).orElseGet(orElse);
        } catch (IOException | RuntimeException e) {
            return orElse.get();
        }
    }

    private static String nproc() {
        try {
            Process p = new ProcessBuilder("nproc").redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() == 0 && !s.isEmpty()) return s;
        } catch (IOException e) {
            // fall through
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Runtime.getRuntime().availableProcessors() + " (JVM)";
    }

    /** Writes the file, or only the generated section of it when it already holds the markers. */
    static void writeMarkdown(Path file, String generated) throws IOException {
        GeneratedSection.write(file, BEGIN, END, null, generated);
    }

    // ------------------------------------------------------------------------------------------------
    // small helpers
    // ------------------------------------------------------------------------------------------------

    private static void progress(PrintWriter err, int n, String what) {
        err.printf(Locale.ROOT, "\r[%,d] %s\u001b[K", n, what);
        err.flush();
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    static double nLogN(double n) {
        return n * Math.log(n) / Math.log(2);
    }

    static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    private static double min(double[] a) {
        return Arrays.stream(a).min().orElse(Double.NaN);
    }

    private static double max(double[] a) {
        return Arrays.stream(a).max().orElse(Double.NaN);
    }

    private static String secs(double s) {
        if (s >= 100) return fmt(s, 0);
        if (s >= 10) return fmt(s, 1);
        if (s >= 1) return fmt(s, 2);
        if (s >= 0.01) return fmt(s, 3);
        return fmt(s, 4);
    }

    private static String fmt(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,d", bytes >> 20);
    }

    // ------------------------------------------------------------------------------------------------
    // state
    // ------------------------------------------------------------------------------------------------

    private final class SizeResult {
        final int n;
        int positives, distinct, phaseRuns;
        long csvBytes;
        Path csv;
        double generateSeconds, writeSeconds, c45, auc;
        final double[] read = new double[repeats];
        final double[] calibrate = new double[repeats];
        final Map<String, double[]> phases = new LinkedHashMap<>();
        HeapUse readHeap, calibrateHeap;
        ConfidenceModel confidence;
        DistanceStats posStats, negStats;
        PythonRun python;

        SizeResult(int n) {
            this.n = n;
        }
    }

    private static final class PythonRun {
        int n;
        double wallSeconds;
        Map<String, double[]> steps;
        JsonNode results, versions;
        final List<String> notes = new ArrayList<>();
        final List<String> checks = new ArrayList<>();

        double median(String step) {
            return BenchCommand.median(steps.get(step));
        }

        /** Total seconds of a step over all its runs, or 0 when it did not run. */
        double total(String step) {
            double[] v = steps == null ? null : steps.get(step);
            return v == null ? 0 : Arrays.stream(v).sum();
        }
    }

    /** Heap in use over a span: the most seen (before a GC, or at the end) and the most left after a GC. */
    record HeapUse(long peakUsed, long maxAfterGc, long collections) {
        String afterGc() {
            return collections == 0 ? "no GC" : mib(maxAfterGc);
        }
    }

    /**
     * Watches heap use through GC notifications: heap in use only grows between collections, so its peak is the
     * largest "before GC" total (or the use at the end of the span).
     */
    static final class HeapMonitor implements NotificationListener, AutoCloseable {
        private final Set<String> heapPools = new HashSet<>();
        private final List<NotificationEmitter> emitters = new ArrayList<>();
        private long peak, maxAfter, seen, spanStart;

        HeapMonitor() {
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP) heapPools.add(p.getName());
            }
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof NotificationEmitter em) {
                    em.addNotificationListener(this, null, null);
                    emitters.add(em);
                }
            }
        }

        /** Collects garbage left by earlier work, then starts a span. */
        void start() {
            System.gc();
            awaitNotifications();
            synchronized (this) {
                peak = used();
                maxAfter = 0;
                spanStart = seen;
            }
        }

        HeapUse stop() {
            long now = used();
            awaitNotifications();
            synchronized (this) {
                return new HeapUse(Math.max(peak, now), maxAfter, seen - spanStart);
            }
        }

        private static long used() {
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }

        private static long collections() {
            return ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(GarbageCollectorMXBean::getCollectionCount).filter(c -> c > 0).sum();
        }

        /** Notifications arrive on another thread; wait (briefly) until all collections so far were seen. */
        private void awaitNotifications() {
            long want = collections();
            long deadline = System.nanoTime() + 500_000_000L;
            while (System.nanoTime() < deadline) {
                synchronized (this) {
                    if (seen >= want) return;
                }
                Thread.onSpinWait();
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        @Override
        public void handleNotification(Notification n, Object handback) {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) return;
            var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
            long before = sum(info.getGcInfo().getMemoryUsageBeforeGc());
            long after = sum(info.getGcInfo().getMemoryUsageAfterGc());
            synchronized (this) {
                seen++;
                peak = Math.max(peak, before);
                maxAfter = Math.max(maxAfter, after);
            }
        }

        private long sum(Map<String, MemoryUsage> usage) {
            return usage.entrySet().stream().filter(e -> heapPools.contains(e.getKey()))
                    .mapToLong(e -> e.getValue().getUsed()).sum();
        }

        @Override
        public void close() {
            for (NotificationEmitter em : emitters) {
                try {
                    em.removeNotificationListener(this);
                } catch (javax.management.ListenerNotFoundException e) {
                    // already gone
                }
            }
        }
    }
}
