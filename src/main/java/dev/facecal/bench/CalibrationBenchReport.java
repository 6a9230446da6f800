package dev.facecal.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The markdown of {@code facecal bench}: the machine, the full calibration per size, its phases, the reference. */
public final class CalibrationBenchReport {
    /** The markers around the generated results in docs/benchmarks.md. */
    public static final String BEGIN = "<!-- facecal bench: begin generated results (rewritten by `facecal bench --output`) -->";
    public static final String END = "<!-- facecal bench: end generated results -->";

    private CalibrationBenchReport() {
    }

    /** The result tables. */
    public static String render(CalibrationBench.Result result) {
        List<CalibrationBench.Size> results = result.sizes();
        int repeats = result.options().repeats();
        StringBuilder sb = new StringBuilder();
        CalibrationBench.Size first = results.getFirst();
        double baseMed = Stats.median(first.calibrate()) / Stats.nLogN(first.n());
        double baseMin = Stats.min(first.calibrate()) / Stats.nLogN(first.n());
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
        CalibrationBench.Size prev = null;
        for (CalibrationBench.Size r : results) {
            double med = Stats.median(r.calibrate());
            double lo = Stats.min(r.calibrate());
            double dn = prev == null ? 1 : Math.log((double) r.n() / prev.n());
            String exp = prev == null ? "" : fmt(Math.log(med / Stats.median(prev.calibrate())) / dn, 2) + " / "
                    + fmt(Math.log(lo / Stats.min(prev.calibrate())) / dn, 2);
            String norm = fmt(med / Stats.nLogN(r.n()) / baseMed, 2) + " / " + fmt(lo / Stats.nLogN(r.n()) / baseMin, 2);
            sb.append(String.format(Locale.ROOT, "| %,d | %,d | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    r.n(), r.distinct(), secs(med), secs(lo), secs(Stats.max(r.calibrate())), norm, exp,
                    mib(r.calibrateHeap().peakUsed()), afterGc(r.calibrateHeap()), secs(Stats.median(r.read())),
                    mib(r.readHeap().peakUsed())));
            prev = r;
        }
        sb.append("\n### Phases of the calibration (facecal, median s)\n\n");
        sb.append("Each phase timed on its own through the public API (`stats`: class split + pandas-exact mean/std;"
                + " `sort`: OperatingCurve, the two sorts; `roc`: ROC + AUC; `c45`: chefboost's root split;"
                + " `c45_exact`: best split over all boundaries; `sweeps`: sigma, F1, accuracy, EER, TAR@FAR, DET,"
                + " per-cutoff table, evaluations; `logistic`: confidence model, Newton fit + denormalisation).\n\n");
        List<String> names = new ArrayList<>(first.phases().keySet());
        sb.append("| pairs | ").append(String.join(" | ", names)).append(" | sum | full calibration |\n");
        sb.append("|---:|").append("---:|".repeat(names.size() + 2)).append("\n");
        for (CalibrationBench.Size r : results) {
            sb.append(String.format(Locale.ROOT, "| %,d |", r.n()));
            double sum = 0;
            for (String k : names) {
                double m = Stats.median(r.phases().get(k));
                sum += m;
                sb.append(' ').append(secs(m)).append(" |");
            }
            sb.append(' ').append(secs(sum)).append(" | ").append(secs(Stats.median(r.calibrate()))).append(" |\n");
        }
        if (result.options().reference() != null) {
            renderReference(sb, results);
        }
        return sb.toString();
    }

    private static void renderReference(StringBuilder sb, List<CalibrationBench.Size> results) {
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
        for (CalibrationBench.Size r : results) {
            PythonReference.Run py = r.python();
            sb.append(String.format(Locale.ROOT, "| %,d |", r.n()));
            if (py == null || py.steps() == null) {
                sb.append(" | | | | | | | | ").append(py == null ? "" : String.join("; ", py.notes())).append(" |\n");
                continue;
            }
            double fcStats = Stats.median(r.phases().get("stats"));
            double fcRoc = Stats.median(r.phases().get("sort")) + Stats.median(r.phases().get("roc"));
            double fcC45 = Stats.median(r.phases().get("sort")) + Stats.median(r.phases().get("c45"));
            double fcLog = Stats.median(r.phases().get("logistic"));
            sb.append(cell(py.median("read_csv"), Stats.median(r.read())));
            sb.append(cell(py.median("stats"), fcStats));
            sb.append(cell(py.median("roc"), fcRoc));
            sb.append(cell(py.median("logistic"), fcLog));
            boolean c45 = py.steps().containsKey("c45");
            sb.append(c45 ? cell(py.median("c45"), fcC45) : " – |");
            double pySame = py.median("stats") + py.median("roc") + py.median("logistic") + (c45 ? py.median("c45") : 0);
            double fcSame = fcStats + fcRoc + fcLog + (c45 ? fcC45 : 0);
            sb.append(cell(pySame, fcSame));
            sb.append(cell(pySame, Stats.median(r.calibrate())));
            sb.append(' ').append(String.join("; ", py.checks())).append(" | ").append(String.join("; ", py.notes()))
                    .append(" |\n");
        }
        results.stream().map(CalibrationBench.Size::python).filter(p -> p != null && p.versions() != null).findFirst()
                .ifPresent(p -> sb.append("\nPython side: ").append(p.versions().toString()).append('\n'));
    }

    private static String cell(double py, double fc) {
        return " " + secs(py) + " / " + secs(fc) + " (" + fmt(py / fc, py / fc >= 10 ? 0 : 1) + "×) |";
    }

    /** The machine and the command, above the tables in docs/benchmarks.md. */
    public static String machine(CalibrationBench.Options o, String commandLine) {
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
        sb.append("| data | SyntheticPairs seed ").append(o.seed()).append(", ").append(o.positiveFraction() * 100)
                .append(" % same-person |\n");
        sb.append("\nCommand (exactly as run):\n\n```\n").append(commandLine).append("\n```\n");
        return sb.toString();
    }

    /** Writes the file, or only the generated section of it when it already holds the markers. */
    public static void write(Path file, String generated) throws IOException {
        GeneratedSection.write(file, BEGIN, END, null, generated);
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

    private static String firstMatch(Path file, String prefix, Function<String, String> f, Supplier<String> orElse) {
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

    private static String afterGc(HeapMonitor.Use u) {
        return u.collections() == 0 ? "no GC" : mib(u.maxAfterGc());
    }

    static String secs(double s) {
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
}
