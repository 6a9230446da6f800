package dev.facecal.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facecal.FacecalException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Python side of the calibration benchmark ({@code reference/bench_reference.py}: pandas, scikit-learn,
 * optionally chefboost), run in the same process tree on the same CSV, and the check that both sides computed the
 * same things.
 */
public final class PythonReference {
    private PythonReference() {
    }

    /**
     * How to run the reference.
     *
     * @param python        the interpreter
     * @param script        {@code reference/bench_reference.py}
     * @param chefboost     a chefboost checkout to time its C4.5 too, or null
     * @param chefboostMax  no chefboost above this many pairs
     * @param budgetSeconds skip a size whose estimated time (n log n from the last size) exceeds this
     */
    public record Options(String python, Path script, Path chefboost, int chefboostMax, double budgetSeconds) {}

    /**
     * One reference run.
     *
     * @param n           pairs
     * @param wallSeconds the whole run
     * @param steps       step name to its run times (s), or null when it did not run
     * @param results     what the script computed (AUC, stats, C4.5, logistic)
     * @param versions    the Python side's versions
     * @param notes       why something did not run
     * @param checks      agreement with facecal, one line per quantity
     */
    public record Run(int n, double wallSeconds, Map<String, double[]> steps, JsonNode results, JsonNode versions,
                      List<String> notes, List<String> checks) {
        /** The median of a step. */
        public double median(String step) {
            return Stats.median(steps.get(step));
        }

        /** Total seconds of a step over all its runs, or 0 when it did not run. */
        double total(String step) {
            double[] v = steps == null ? null : steps.get(step);
            return v == null ? 0 : Arrays.stream(v).sum();
        }

        static Run skipped(String note) {
            return new Run(0, Double.NaN, null, null, null, List.of(note), List.of());
        }
    }

    /** What facecal computed on the same data, for the agreement checks. */
    record Facecal(double auc, double posMean, double posStd, double negMean, double negStd, double c45, double w,
                   double b, boolean hasConfidence) {}

    /**
     * Runs the script on {@code csv} ({@code n} pairs), unless the time estimated from {@code previous} exceeds the
     * budget; compares its results with facecal's.
     */
    static Run run(Options o, Path csv, int n, int repeats, Facecal ours, Run previous, PrintWriter log)
            throws IOException, InterruptedException {
        List<String> notes = new ArrayList<>();
        boolean withChefboost = o.chefboost() != null && n <= o.chefboostMax();
        if (o.chefboost() != null && !withChefboost) {
            notes.add("chefboost not run above " + String.format(Locale.ROOT, "%,d", o.chefboostMax()) + " pairs");
        }
        if (previous != null) {
            double base = previous.wallSeconds() - (withChefboost ? 0 : previous.total("c45"));
            double estimate = base * Stats.nLogN(n) / Stats.nLogN(previous.n());
            if (estimate > o.budgetSeconds()) {
                notes.add(String.format(Locale.ROOT, "Python skipped: estimated %.0f s > budget %.0f s", estimate,
                        o.budgetSeconds()));
                log.println(notes.getLast());
                return new Run(n, Double.NaN, null, null, null, notes, List.of());
            }
        }
        List<String> cmd = new ArrayList<>(List.of(o.python(), o.script().toString(), "--csv", csv.toString(),
                "--threshold", Double.toString(ours.c45()), "--repeats", Integer.toString(repeats)));
        if (withChefboost) {
            cmd.addAll(List.of("--chefboost", o.chefboost().toString()));
        }
        log.printf(Locale.ROOT, "\r[%,d] Python reference: %s%n", n, String.join(" ", cmd));
        log.flush();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(Runtime.getRuntime().availableProcessors()));
        long t0 = System.nanoTime();
        Process proc = pb.start();
        proc.getOutputStream().close();
        CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> readAll(proc.getInputStream()));
        long timeout = (long) Math.max(60, 2 * o.budgetSeconds());
        if (!proc.waitFor(timeout, TimeUnit.SECONDS)) {
            proc.destroyForcibly();
            notes.add("Python timed out after " + timeout + " s");
            return new Run(n, Double.NaN, null, null, null, notes, List.of());
        }
        double wall = Stats.seconds(t0);
        String json = new String(stdout.join(), StandardCharsets.UTF_8);
        if (proc.exitValue() != 0) {
            throw new FacecalException("the Python reference failed (exit " + proc.exitValue() + "): "
                    + String.join(" ", cmd));
        }
        JsonNode root = new ObjectMapper().readTree(json);
        Map<String, double[]> steps = new LinkedHashMap<>();
        root.get("steps").properties().forEach(e -> {
            double[] v = new double[e.getValue().size()];
            for (int i = 0; i < v.length; i++) v[i] = e.getValue().get(i).asDouble();
            steps.put(e.getKey(), v);
        });
        return new Run(n, wall, steps, root.get("results"), root.get("versions"), notes,
                crossCheck(root.get("results"), ours));
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Compares what both sides computed, so the table says whether they did the same work. */
    static List<String> crossCheck(JsonNode res, Facecal r) {
        List<String> checks = new ArrayList<>();
        double auc = res.path("roc").path("auc").asDouble(Double.NaN);
        checks.add("AUC " + (auc == r.auc() ? "identical" : String.format(Locale.ROOT, "differs by %.1e", auc - r.auc())));
        JsonNode st = res.path("stats");
        boolean statsSame = st.path("pos_mean").asDouble() == r.posMean() && st.path("pos_std").asDouble() == r.posStd()
                && st.path("neg_mean").asDouble() == r.negMean() && st.path("neg_std").asDouble() == r.negStd();
        checks.add("mean/std " + (statsSame ? "identical" : "differ"));
        if (res.has("c45")) {
            double c = res.get("c45").asDouble();
            checks.add("C4.5 " + (c == r.c45() ? "identical" : "differs (" + c + " vs " + r.c45() + ")"));
        }
        if (r.hasConfidence() && res.has("logistic")) {
            double w = res.get("logistic").get("w").asDouble();
            double b = res.get("logistic").get("b").asDouble();
            double rel = Math.max(Math.abs(w - r.w()) / Math.abs(r.w()), Math.abs(b - r.b()) / Math.abs(r.b()));
            checks.add(String.format(Locale.ROOT, "logistic w, b within %.0e", rel));
        }
        return checks;
    }
}
