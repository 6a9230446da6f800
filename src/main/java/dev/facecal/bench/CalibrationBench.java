package dev.facecal.bench;

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
import dev.facecal.calibrate.ThresholdRule;
import dev.facecal.dataset.PairTable;
import dev.facecal.dataset.PairTableReader;
import dev.facecal.dataset.SyntheticPairs;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The calibration benchmark of {@code facecal bench}: a full calibration of seeded synthetic pairs
 * ({@link SyntheticPairs}) at growing sizes, the CSV read, each phase on its own, the heap used, and optionally the
 * Python reference on the same CSV in the same run ({@link PythonReference}). Speed is measured, never asserted.
 */
public final class CalibrationBench {
    private static volatile Object sink;

    private CalibrationBench() {
    }

    /**
     * What to run.
     *
     * @param sizes            pair counts, each at least 100
     * @param repeats          timed runs per size, at least 1
     * @param seed             seed of the synthetic data
     * @param positiveFraction share of same-person pairs
     * @param reference        the Python reference, or null for none
     */
    public record Options(List<Integer> sizes, int repeats, long seed, double positiveFraction,
                          PythonReference.Options reference) {
        public Options {
            sizes = List.copyOf(sizes);
            if (sizes.isEmpty() || sizes.stream().anyMatch(n -> n < 100)) {
                throw new IllegalArgumentException("sizes must list sizes of at least 100 pairs, got " + sizes);
            }
            if (repeats < 1) {
                throw new IllegalArgumentException("repeats must be at least 1, got " + repeats);
            }
        }
    }

    /**
     * One size.
     *
     * @param n             pairs
     * @param positives     same-person pairs
     * @param distinct      distinct distances (ROC points)
     * @param csvBytes      the CSV's size
     * @param read          seconds of each CSV read
     * @param calibrate     seconds of each full calibration (bootstrap off)
     * @param phases        phase name to its seconds per run, in calibration order
     * @param readHeap      heap during the reads
     * @param calibrateHeap heap during the calibrations
     * @param c45           chefboost's threshold
     * @param auc           ROC-AUC
     * @param python        the reference run, or null
     */
    public record Size(int n, int positives, int distinct, long csvBytes, double[] read, double[] calibrate,
                       Map<String, double[]> phases, HeapMonitor.Use readHeap, HeapMonitor.Use calibrateHeap,
                       double c45, double auc, PythonReference.Run python) {}

    /**
     * The benchmark's result.
     *
     * @param options what was run
     * @param sizes   one entry per size, ascending
     */
    public record Result(Options options, List<Size> sizes) {}

    private static CalibrationOptions calibration() {
        return CalibrationOptions.defaults().withBootstrap(0, 42);
    }

    /** Runs the benchmark; progress on {@code log}. */
    public static Result run(Options o, PrintWriter log) throws IOException, InterruptedException {
        List<Integer> ns = o.sizes().stream().distinct().sorted().toList();
        Path tmpDir = Files.createTempDirectory("facecal-bench");
        List<Size> results = new ArrayList<>();
        try (HeapMonitor heap = new HeapMonitor()) {
            warmUp(o, ns.getFirst(), tmpDir, log);
            PythonReference.Run previous = null;
            for (int n : ns) {
                Size r = measure(o, n, tmpDir, heap, log, previous);
                if (r.python() != null && r.python().steps() != null) previous = r.python();
                results.add(r);
            }
        } finally {
            try (Stream<Path> s = Files.list(tmpDir)) {
                for (Path p : s.toList()) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(tmpDir);
        }
        return new Result(o, results);
    }

    private static void warmUp(Options o, int n, Path tmpDir, PrintWriter log) throws IOException {
        log.println("warm-up at " + n + " pairs");
        log.flush();
        SyntheticPairs p = SyntheticPairs.of(n, o.positiveFraction(), o.seed());
        Path csv = tmpDir.resolve("warmup.csv");
        p.writeCsv(csv);
        sink = PairTableReader.read(csv, List.of("cosine"));
        sink = Calibrator.calibrate("cosine", p.distances(), p.positive(), calibration());
        sink = phases(p.distances(), p.positive());
        Files.delete(csv);
    }

    private static Size measure(Options o, int n, Path tmpDir, HeapMonitor heap, PrintWriter log,
                                PythonReference.Run previous) throws IOException, InterruptedException {
        int repeats = o.repeats();
        progress(log, n, "generating");
        SyntheticPairs p = SyntheticPairs.of(n, o.positiveFraction(), o.seed());
        Path csv = tmpDir.resolve("pairs-" + n + ".csv");
        progress(log, n, "writing CSV");
        p.writeCsv(csv);
        long csvBytes = Files.size(csv);

        double[] read = new double[repeats];
        heap.start();
        for (int i = 0; i < repeats; i++) {
            progress(log, n, "reading CSV " + (i + 1) + "/" + repeats);
            long t0 = System.nanoTime();
            PairTable t = PairTableReader.read(csv, List.of("cosine"));
            read[i] = Stats.seconds(t0);
            if (!Arrays.equals(t.column("cosine"), p.distances())) {
                throw new IllegalStateException("the CSV did not read back the generated distances");
            }
        }
        HeapMonitor.Use readHeap = heap.stop();

        double[] calibrate = new double[repeats];
        heap.start();
        ColumnCalibration cal = null;
        for (int i = 0; i < repeats; i++) {
            progress(log, n, "calibrating " + (i + 1) + "/" + repeats);
            long t0 = System.nanoTime();
            cal = Calibrator.calibrate("cosine", p.distances(), p.positive(), calibration());
            calibrate[i] = Stats.seconds(t0);
            log.printf(Locale.ROOT, " %.3f s", calibrate[i]);
            cal = i + 1 < repeats ? null : cal;
        }
        HeapMonitor.Use calibrateHeap = heap.stop();

        Map<String, double[]> phases = new LinkedHashMap<>();
        for (int i = 0; i < repeats; i++) {
            progress(log, n, "timing phases " + (i + 1) + "/" + repeats);
            int run = i;
            phases(p.distances(), p.positive()).forEach((k, v) -> phases.computeIfAbsent(k, x -> new double[repeats])[run] = v);
        }
        log.printf(Locale.ROOT, "\r[%,d] calibrate median %.3f s, min %.3f s, peak heap %,d MiB%n", n,
                Stats.median(calibrate), Stats.min(calibrate), calibrateHeap.peakUsed() >> 20);
        log.flush();

        PythonReference.Run python = null;
        if (o.reference() != null) {
            ConfidenceModel m = cal.confidence();
            DistanceStats pos = cal.positive(), neg = cal.negative();
            python = PythonReference.run(o.reference(), csv, n, repeats, new PythonReference.Facecal(cal.roc().auc(),
                    pos.mean(), pos.std(), neg.mean(), neg.std(), cal.c45().threshold(), m == null ? 0 : m.w(),
                    m == null ? 0 : m.b(), m != null), previous, log);
        }
        Files.deleteIfExists(csv);
        return new Size(n, p.positives(), cal.roc().size(), csvBytes, read, calibrate, phases, readHeap, calibrateHeap,
                cal.c45().threshold(), cal.roc().auc(), python);
    }

    /**
     * Times the calibration's phases one by one through the public API, in the order {@link Calibrator} runs
     * them. Their sum is close to the full calibration; it tells which phase dominates.
     */
    static Map<String, Double> phases(double[] d, boolean[] y) {
        Map<String, Double> t = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        DistanceStats pos = DistanceStats.of(select(d, y, true));
        DistanceStats neg = DistanceStats.of(select(d, y, false));
        t.put("stats", Stats.seconds(t0));
        t0 = System.nanoTime();
        OperatingCurve curve = OperatingCurve.of(d, y);
        t.put("sort", Stats.seconds(t0));
        t0 = System.nanoTime();
        RocCurve roc = RocCurve.of(curve);
        t.put("roc", Stats.seconds(t0));
        t0 = System.nanoTime();
        ChefboostC45.Split c45 = ChefboostC45.split(d, y, curve);
        t.put("c45", Stats.seconds(t0));
        t0 = System.nanoTime();
        ExactGainRatioSplit.Split exact = ExactGainRatioSplit.of(curve);
        t.put("c45_exact", Stats.seconds(t0));
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
        t.put("sweeps", Stats.seconds(t0));
        t0 = System.nanoTime();
        ConfidenceModel conf = ConfidenceModel.fit(d, ThresholdRule.C45.label(), c45.threshold());
        t.put("logistic", Stats.seconds(t0));
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

    private static void progress(PrintWriter log, int n, String what) {
        log.printf(Locale.ROOT, "\r[%,d] %s\u001b[K", n, what);
        log.flush();
    }
}
