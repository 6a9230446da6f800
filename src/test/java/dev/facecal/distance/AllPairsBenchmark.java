package dev.facecal.distance;

import dev.facecal.calibrate.PrecisionRecallTable;
import dev.facecal.study.scale.SyntheticEmbeddings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * All pairs of 12,797 x 128-D embeddings with notebook 04's cutoff counting, timed three ways side by side in one
 * run on the same embeddings: facecal's old engine (the panel kernel with the per-pair counter), the new one (the
 * blocked kernel with the certified, fused counter), and NumPy ({@code reference/distances_reference.py --counts},
 * launched as a subprocess after the Java runs); also the float32 condensed matrix, old and new against NumPy's
 * {@code --bench}. Then, untimed, what makes the new counts exact: for every pair the value the blocked kernel
 * handed over against the reference double, and the counts of all three against each other. Not a test: a
 * program, run from the test classes after {@code mvn test-compile}:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Xms4g -Xmx4g -XX:+AlwaysPreTouch \
 *     -cp target/classes:target/test-classes:$(cat target/classpath.txt) dev.facecal.distance.AllPairsBenchmark \
 *     [--n 12797] [--repeats 5] [--threads 2] [--metrics euclidean,cosine,euclidean_l2,angular]
 *     [--matrix cosine,euclidean] [--python python3] [--no-reference] [--no-analysis] [--real]
 * </pre>
 *
 * <p>Data: {@code SyntheticEmbeddings.lfwLike(2019)}, notebook 04's stand-in for seed 002's 12,797 LFW images of
 * 5,467 people (its first {@code --n}); cutoffs seed 002's, histogram 200 bins of 0.01 (notebook 04's call). With
 * {@code --real}, the analysis also runs on the dlib embeddings of DeepFace's 61 test photos the tests use.
 * Prints a Markdown report on stdout.
 */
public final class AllPairsBenchmark {
    /** The machine's float32 peak as docs/benchmarks.md establishes it (2 cores x 64 FLOPs/cycle x 3.56 GHz). */
    private static final double PEAK_GFLOPS = 455;
    private static final double[] CUTOFFS = PrecisionRecallTable.SEED_002_CUTOFFS;
    private static final double WIDTH = 0.01;
    private static final int BINS = 200;

    private AllPairsBenchmark() {}

    public static void main(String[] args) throws Exception {
        int n = SyntheticEmbeddings.SEED_002_IMAGES, repeats = 5, threads = 2;
        String python = "python3";
        List<DistanceMetric> metrics = metrics("euclidean,cosine,euclidean_l2,angular");
        List<DistanceMetric> matrix = metrics("cosine,euclidean");
        boolean reference = true, analysis = true, real = false;
        for (int a = 0; a < args.length; a++) {
            switch (args[a]) {
                case "--n" -> n = Integer.parseInt(args[++a]);
                case "--repeats" -> repeats = Integer.parseInt(args[++a]);
                case "--threads" -> threads = Integer.parseInt(args[++a]);
                case "--python" -> python = args[++a];
                case "--metrics" -> metrics = metrics(args[++a]);
                case "--matrix" -> matrix = args[a + 1].isBlank() ? List.of() : metrics(args[a + 1]);
                case "--no-reference" -> reference = false;
                case "--no-analysis" -> analysis = false;
                case "--real" -> real = true;
                default -> throw new IllegalArgumentException("unknown option " + args[a]);
            }
            if (args[a].equals("--matrix")) a++;
        }
        final int th = threads;
        var synthetic = SyntheticEmbeddings.lfwLike(2019);
        float[][] emb = Arrays.copyOf(synthetic.vectors(), n);
        int[] labels = Arrays.copyOf(synthetic.identity(), n);
        int dim = emb[0].length;
        long pairs = AllPairs.pairCount(n);
        double gflop = 2.0 * dim * pairs / 1e9;
        String loadBefore = loadAverage();

        // warm-up: every path once on 2,000 embeddings
        float[][] small = Arrays.copyOf(emb, Math.min(n, 2000));
        int[] smallLabels = Arrays.copyOf(labels, small.length);
        for (DistanceMetric m : metrics) {
            CutoffCounter.reference(m, small, smallLabels, CUTOFFS, WIDTH, BINS, threads, AllPairs.Engine.PANEL);
            CutoffCounter.run(m, small, smallLabels, CUTOFFS, WIDTH, BINS, threads, AllPairs.Engine.BLOCKED);
        }
        float[] out = matrix.isEmpty() ? null : new float[(int) pairs];
        for (DistanceMetric m : matrix) {
            float[] o = new float[(int) AllPairs.pairCount(small.length)];
            AllPairs.into(m, small, o, threads, AllPairs.Engine.PANEL);
            AllPairs.into(m, small, o, threads, AllPairs.Engine.BLOCKED);
        }

        // timed, old and new alternating
        Map<String, Timing> timings = new LinkedHashMap<>();
        Map<DistanceMetric, CutoffCounter.Counts[]> results = new LinkedHashMap<>();
        for (DistanceMetric m : metrics) {
            Timing old = timings.computeIfAbsent(m + " counts old", k -> new Timing());
            Timing nu = timings.computeIfAbsent(m + " counts new", k -> new Timing());
            CutoffCounter.Counts[] last = new CutoffCounter.Counts[2];
            for (int r = 0; r < repeats; r++) {
                last[0] = old.time(() -> CutoffCounter.reference(m, emb, labels, CUTOFFS, WIDTH, BINS, th,
                        AllPairs.Engine.PANEL));
                last[1] = nu.time(() -> CutoffCounter.run(m, emb, labels, CUTOFFS, WIDTH, BINS, th,
                        AllPairs.Engine.BLOCKED));
                System.err.printf(Locale.ROOT, "%s counts: old %.3f s, new %.3f s%n", m, old.last(), nu.last());
            }
            results.put(m, last);
        }
        for (DistanceMetric m : matrix) {
            Timing old = timings.computeIfAbsent(m + " matrix old", k -> new Timing());
            Timing nu = timings.computeIfAbsent(m + " matrix new", k -> new Timing());
            for (int r = 0; r < repeats; r++) {
                old.time(() -> AllPairs.into(m, emb, out, th, AllPairs.Engine.PANEL));
                nu.time(() -> AllPairs.into(m, emb, out, th, AllPairs.Engine.BLOCKED));
                System.err.printf(Locale.ROOT, "%s float32 matrix: old %.3f s, new %.3f s%n", m, old.last(),
                        nu.last());
            }
        }
        String loadAfterJava = loadAverage();

        // NumPy, same embeddings and labels
        Path tmp = Files.createTempDirectory("facecal-allpairs");
        String pyCounts = null, pyMatrix = null;
        if (reference) {
            writeEmbeddings(emb, tmp.resolve("embeddings.f32"));
            writeLabels(labels, tmp.resolve("labels.i32"));
            pyCounts = python(python, "--counts", "--embeddings", tmp.resolve("embeddings.f32").toString(), "--labels",
                    tmp.resolve("labels.i32").toString(), "--n", Integer.toString(n), "--dim", Integer.toString(dim),
                    "--metrics", names(metrics), "--cutoffs", cutoffList(), "--width", Double.toString(WIDTH),
                    "--bins", Integer.toString(BINS), "--repeats", Integer.toString(repeats));
            if (!matrix.isEmpty()) {
                pyMatrix = python(python, "--bench", "--embeddings", tmp.resolve("embeddings.f32").toString(), "--n",
                        Integer.toString(n), "--dim", Integer.toString(dim), "--repeats", Integer.toString(repeats),
                        "--out", tmp.toString());
            }
        }
        String loadAfter = loadAverage();
        double[] fma = fmaThroughput();

        // report
        System.out.println("Machine: " + cpu() + ", " + Runtime.getRuntime().availableProcessors() + " cores; JDK "
                + System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version")
                + "; JVM flags " + ManagementFactory.getRuntimeMXBean().getInputArguments());
        System.out.println("Load average (1, 5, 15 min) before: " + loadBefore + "; after the Java runs: "
                + loadAfterJava + "; after NumPy: " + loadAfter);
        System.out.printf(Locale.ROOT, "Data: SyntheticEmbeddings.lfwLike(2019), %,d x %d float32 embeddings of %,d "
                + "people; %,d pairs; %.2f GFLOP (2 x %d x pairs); %d threads; %d runs of each, old and new "
                + "alternating; seconds as median (min-max), wall clock; cpu = process CPU seconds, median.%n%n",
                n, dim, Arrays.stream(labels).distinct().count(), pairs, gflop, dim, threads, repeats);
        System.out.printf(Locale.ROOT, "FMA throughput, one core (12 independent %d-bit multiply-add chains, best of 5):"
                + " float64 %.1f GFLOP/s, float32 %.1f GFLOP/s; both cores: %.0f / %.0f GFLOP/s, the ceiling of a "
                + "float64 / float32 kernel.%n%n", jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.vectorBitSize(),
                fma[0], fma[1], 2 * fma[0], 2 * fma[1]);
        System.out.println("Counting (CutoffCounter: all pairs, seed 002's 10 cutoffs, 200 bins of 0.01, class "
                + "sums and extremes): old = panel kernel + per-pair counter, new = blocked kernel + certified "
                + "fused counter.\n");
        System.out.println("| metric | NumPy s | facecal old s | facecal new s | new cpu s | new GFLOP/s (median / best)"
                + " | of 455 peak (best) | old / new | NumPy / new |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (DistanceMetric m : metrics) {
            Timing old = timings.get(m + " counts old"), nu = timings.get(m + " counts new");
            double[] py = pyCounts == null ? null : pythonTimes(pyCounts, m.deepfaceName());
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %.3f | %.1f / %.1f | %.1f %% | %.2fx | %s |%n", m,
                    py == null ? "-" : times(py), old.wall(), nu.wall(), median(nu.cpu), gflop / median(nu.wall),
                    gflop / min(nu.wall), 100 * gflop / min(nu.wall) / PEAK_GFLOPS,
                    median(old.wall) / median(nu.wall),
                    py == null ? "-" : String.format(Locale.ROOT, "%.1fx", median(py) / median(nu.wall)));
        }
        if (!matrix.isEmpty()) {
            System.out.println("\nFloat32 condensed matrix (N(N-1)/2 values into a preallocated array; NumPy "
                    + "allocates its own):\n");
            System.out.println("| metric | NumPy s | facecal old s | facecal new s | old / new | NumPy / new |");
            System.out.println("|---|---:|---:|---:|---:|---:|");
            for (DistanceMetric m : matrix) {
                Timing old = timings.get(m + " matrix old"), nu = timings.get(m + " matrix new");
                double[] py = pyMatrix == null ? null : pythonTimes(pyMatrix, m.deepfaceName());
                System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %.2fx | %s |%n", m,
                        py == null ? "-" : times(py), old.wall(), nu.wall(), median(old.wall) / median(nu.wall),
                        py == null ? "-" : String.format(Locale.ROOT, "%.1fx", median(py) / median(nu.wall)));
            }
        }

        System.out.println("\nCounts, old against new (confusion at every cutoff, both histograms, class counts, NaN,"
                + " min and max must be equal; mean and std are sums of the values handed over):\n");
        System.out.println("| metric | counts identical | pairs recomputed by the new pass | mean rel. diff (same / "
                + "different) | std rel. diff (same / different) |");
        System.out.println("|---|---|---:|---|---|");
        for (DistanceMetric m : metrics) {
            CutoffCounter.Counts old = results.get(m)[0], nu = results.get(m)[1];
            System.out.printf(Locale.ROOT, "| %s | %s | %,d | %.1e / %.1e | %.1e / %.1e |%n", m, identical(old, nu),
                    nu.recomputed(), rel(old.same().mean(), nu.same().mean()),
                    rel(old.different().mean(), nu.different().mean()), rel(old.same().std(), nu.same().std()),
                    rel(old.different().std(), nu.different().std()));
        }
        if (pyCounts != null) {
            System.out.println("\nNumPy's counts against facecal's (the reference doubles): pairs in a different "
                    + "histogram bin / cutoff bucket, and the mean's relative difference:\n");
            System.out.println("| metric | bin moves | bucket moves | mean rel. diff (different persons) |");
            System.out.println("|---|---:|---:|---|");
            for (DistanceMetric m : metrics) {
                CutoffCounter.Counts nu = results.get(m)[1];
                long[] pyHist = numbers(pyCounts, m.deepfaceName(), "different", "histogram");
                long[] pyHistSame = numbers(pyCounts, m.deepfaceName(), "same", "histogram");
                long[] pyBuckets = numbers(pyCounts, m.deepfaceName(), "different", "buckets");
                long[] pyBucketsSame = numbers(pyCounts, m.deepfaceName(), "same", "buckets");
                double pyMean = number(pyCounts, m.deepfaceName(), "different", "mean");
                System.out.printf(Locale.ROOT, "| %s | %d | %d | %.1e |%n", m,
                        moves(nu.differentHistogram(), pyHist) + moves(nu.sameHistogram(), pyHistSame),
                        moves(buckets(nu, false), pyBuckets) + moves(buckets(nu, true), pyBucketsSame),
                        rel(nu.different().mean(), pyMean));
            }
        }
        if (pyMatrix != null) {
            StringBuilder agreement = new StringBuilder();
            for (DistanceMetric m : matrix) {
                agreement.append(String.format(Locale.ROOT, "%s: max |facecal - NumPy| = %.2e; ", m,
                        maxDifference(m, emb, tmp.resolve(m.deepfaceName() + ".f64"), threads)));
            }
            System.out.println("\nMatrix values against NumPy's float64: " + agreement);
        }
        if (analysis) {
            System.out.println("\nWhat the new kernel hands over, against the reference doubles, every pair (before "
                    + "the counter's correction; after it every decision is the reference's):\n");
            analyse("synthetic", emb, metrics, threads);
        }
        if (real) {
            var people = dev.facecal.study.StudyData.unitPeople();
            // embedding runs native code (OpenCV, ONNX Runtime) that overflows the launcher's 1 MB main-thread stack
            // when run from a plain `java` command: load on a thread with room
            Object[] loaded = new Object[1];
            Thread loader = new Thread(null, () -> loaded[0] = dev.facecal.study.StudyData.unitEmbeddings(),
                    "embeddings", 64L << 20);
            loader.start();
            loader.join();
            var photos = (dev.facecal.pipeline.PhotoEmbeddings) loaded[0];
            var unit = dev.facecal.study.scale.LabelledEmbeddings.of("deepface-unit, dlib", people, photos);
            System.out.printf(Locale.ROOT, "%nThe same on the dlib embeddings of DeepFace's %d test photos (%,d pairs),"
                    + " and the counts, old against new:%n%n", unit.size(), unit.pairs());
            analyse("real", unit.vectors(), metrics, threads);
            for (DistanceMetric m : metrics) {
                CutoffCounter.Counts old = CutoffCounter.reference(m, unit.vectors(), unit.identity(), CUTOFFS, WIDTH,
                        BINS, threads, AllPairs.Engine.PANEL);
                CutoffCounter.Counts nu = CutoffCounter.run(m, unit.vectors(), unit.identity(), CUTOFFS, WIDTH, BINS,
                        threads, AllPairs.Engine.BLOCKED);
                System.out.printf(Locale.ROOT, "- %s: counts identical: %s (recomputed %d)%n", m, identical(old, nu),
                        nu.recomputed());
            }
        }
        if (pyCounts != null) {
            System.out.println("\nPython side: " + pyCounts.replaceAll("\"(times|counts)\": \\{.*", "...}"));
        }
        try (var files = Files.list(tmp)) {
            for (Path f : files.toList()) Files.delete(f);
        }
        Files.delete(tmp);
    }

    /**
     * For every pair, the value the blocked kernel's certified pass hands over against the reference double:
     * bitwise different, largest difference and its ratio to the margin (at most 1 by the proof), and the pairs whose
     * float32 rounding, DeepFace 6-decimal rounding, histogram bin or cutoff decision would differ.
     */
    private static void analyse(String name, float[][] emb, List<DistanceMetric> metrics, int threads) {
        int n = emb.length;
        double[] ref = new double[(int) AllPairs.pairCount(n)];
        System.out.println("| data | metric | values != reference | max abs diff | max diff / margin | float32 "
                + "differs | 6-decimal rounding differs | bin differs | a cutoff decision differs | examples (i, j:"
                + " reference, kernel) |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---|");
        for (DistanceMetric m : metrics) {
            AllPairs.into(m, emb, ref, threads);
            long[] k = new long[5]; // differ, float32, 6 decimals, bin, cutoff
            double[] worst = new double[2]; // abs diff, diff / margin
            List<String> examples = new ArrayList<>();
            AllPairs.certified(m, emb, threads, (i, jFrom, d, offset, count, cert) -> {
                int base = (int) AllPairs.index(n, i, jFrom);
                double mg = cert.margin();
                for (int t = 0; t < count; t++) {
                    double r = ref[base + t], v = d[offset + t];
                    if (Double.doubleToLongBits(r) == Double.doubleToLongBits(v)) continue;
                    double diff = Math.abs(r - v);
                    boolean a = (float) r != (float) v;
                    boolean b = DistanceMetric.deepfaceRound(r) != DistanceMetric.deepfaceRound(v);
                    boolean c = bin(r) != bin(v);
                    boolean e = bucket(r) != bucket(v);
                    synchronized (k) {
                        k[0]++;
                        if (a) k[1]++;
                        if (b) k[2]++;
                        if (c) k[3]++;
                        if (e) k[4]++;
                        worst[0] = Math.max(worst[0], diff);
                        worst[1] = Math.max(worst[1], mg > 0 ? diff / mg : Double.POSITIVE_INFINITY);
                        if ((b || c || e) && examples.size() < 3) {
                            examples.add(String.format(Locale.ROOT, "%d, %d: %.17g, %.17g", i, jFrom + t, r, v));
                        }
                    }
                }
            }, AllPairs.Engine.BLOCKED, false, null);
            System.out.printf(Locale.ROOT, "| %s | %s | %,d of %,d | %.1e | %.1e | %,d | %,d | %,d | %,d | %s |%n", name,
                    m, k[0], ref.length, worst[0], worst[1], k[1], k[2], k[3], k[4], String.join("; ", examples));
        }
    }

    /**
     * Fused multiply-adds per second on one core, float64 and float32 (GFLOP/s, 2 per lane): twelve independent
     * accumulators, enough to hide the latency, so the loop runs at the FMA units' throughput.
     */
    private static double[] fmaThroughput() {
        var d = jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED;
        var f = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED;
        double bestD = 0, bestF = 0;
        int iters = 20_000_000;
        for (int r = 0; r < 5; r++) {
            long t0 = System.nanoTime();
            double sd = fmaDoubles(iters, r);
            long t1 = System.nanoTime();
            double sf = fmaFloats(iters, r);
            long t2 = System.nanoTime();
            if (sd == 42 && sf == 42) System.out.print(""); // keep the results alive
            bestD = Math.max(bestD, 12.0 * iters * d.length() * 2 / (t1 - t0));
            bestF = Math.max(bestF, 12.0 * iters * f.length() * 2 / (t2 - t1));
        }
        return new double[] {bestD, bestF};
    }

    private static double fmaDoubles(int iters, double seed) {
        var s = jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED;
        var x = jdk.incubator.vector.DoubleVector.broadcast(s, seed);
        var y = jdk.incubator.vector.DoubleVector.broadcast(s, 0.999999);
        var a0 = x; var a1 = x.add(1); var a2 = x.add(2); var a3 = x.add(3); var a4 = x.add(4); var a5 = x.add(5);
        var a6 = x.add(6); var a7 = x.add(7); var a8 = x.add(8); var a9 = x.add(9); var a10 = x.add(10);
        var a11 = x.add(11);
        for (int i = 0; i < iters; i++) {
            a0 = a0.fma(y, x); a1 = a1.fma(y, x); a2 = a2.fma(y, x); a3 = a3.fma(y, x); a4 = a4.fma(y, x);
            a5 = a5.fma(y, x); a6 = a6.fma(y, x); a7 = a7.fma(y, x); a8 = a8.fma(y, x); a9 = a9.fma(y, x);
            a10 = a10.fma(y, x); a11 = a11.fma(y, x);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }

    private static double fmaFloats(int iters, double seed) {
        var s = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED;
        var x = jdk.incubator.vector.FloatVector.broadcast(s, (float) seed);
        var y = jdk.incubator.vector.FloatVector.broadcast(s, 0.999999f);
        var a0 = x; var a1 = x.add(1); var a2 = x.add(2); var a3 = x.add(3); var a4 = x.add(4); var a5 = x.add(5);
        var a6 = x.add(6); var a7 = x.add(7); var a8 = x.add(8); var a9 = x.add(9); var a10 = x.add(10);
        var a11 = x.add(11);
        for (int i = 0; i < iters; i++) {
            a0 = a0.fma(y, x); a1 = a1.fma(y, x); a2 = a2.fma(y, x); a3 = a3.fma(y, x); a4 = a4.fma(y, x);
            a5 = a5.fma(y, x); a6 = a6.fma(y, x); a7 = a7.fma(y, x); a8 = a8.fma(y, x); a9 = a9.fma(y, x);
            a10 = a10.fma(y, x); a11 = a11.fma(y, x);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }

    private static int bin(double v) {
        return v >= 0 && v < BINS * WIDTH ? Math.min(BINS - 1, (int) (v * (1.0 / WIDTH))) : BINS;
    }

    private static int bucket(double v) {
        int b = 0;
        double[] sorted = CUTOFFS.clone();
        Arrays.sort(sorted);
        while (b < sorted.length && !(v <= sorted[b])) b++;
        return b;
    }

    private static String identical(CutoffCounter.Counts a, CutoffCounter.Counts b) {
        boolean same = Arrays.equals(a.confusions(), b.confusions())
                && Arrays.equals(a.sameHistogram(), b.sameHistogram())
                && Arrays.equals(a.differentHistogram(), b.differentHistogram())
                && a.same().count() == b.same().count() && a.different().count() == b.different().count()
                && a.same().nan() == b.same().nan() && a.different().nan() == b.different().nan()
                && eq(a.same().min(), b.same().min()) && eq(a.same().max(), b.same().max())
                && eq(a.different().min(), b.different().min()) && eq(a.different().max(), b.different().max());
        return same ? "yes" : "NO";
    }

    private static boolean eq(double x, double y) {
        return Double.doubleToLongBits(x) == Double.doubleToLongBits(y);
    }

    private static double rel(double a, double b) {
        return a == b ? 0 : Math.abs(a - b) / Math.abs(a);
    }

    /** The cutoff buckets (sorted cutoffs, last = above all) of a class, from the confusion matrices. */
    private static long[] buckets(CutoffCounter.Counts c, boolean same) {
        double[] sorted = c.cutoffs().clone();
        Integer[] order = new Integer[sorted.length];
        for (int q = 0; q < order.length; q++) order[q] = q;
        Arrays.sort(order, (x, y) -> Double.compare(c.cutoffs()[x], c.cutoffs()[y]));
        long[] b = new long[sorted.length + 1];
        long before = 0;
        for (int q = 0; q < order.length; q++) {
            var k = c.confusions()[order[q]];
            long accepted = same ? k.tp() : k.fp();
            b[q] = accepted - before;
            before = accepted;
        }
        b[sorted.length] = (same ? c.same().count() : c.different().count()) - before;
        return b;
    }

    /** Pairs that sit in a different bin: half the sum of the absolute count differences. */
    private static long moves(long[] a, long[] b) {
        long s = 0;
        for (int k = 0; k < a.length; k++) s += Math.abs(a[k] - b[k]);
        return s / 2;
    }

    private static final class Timing {
        final List<Double> wallList = new ArrayList<>();
        final List<Double> cpuList = new ArrayList<>();
        double[] wall = new double[0];
        double[] cpu = new double[0];

        <T> T time(Supplier<T> work) {
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long c0 = os.getProcessCpuTime(), t0 = System.nanoTime();
            T result = work.get();
            long t1 = System.nanoTime(), c1 = os.getProcessCpuTime();
            wallList.add((t1 - t0) / 1e9);
            cpuList.add((c1 - c0) / 1e9);
            wall = wallList.stream().mapToDouble(Double::doubleValue).toArray();
            cpu = cpuList.stream().mapToDouble(Double::doubleValue).toArray();
            return result;
        }

        double last() {
            return wall[wall.length - 1];
        }

        String wall() {
            return times(wall);
        }
    }

    private static List<DistanceMetric> metrics(String list) {
        return Arrays.stream(list.split(",")).map(DistanceMetric::parse).toList();
    }

    private static String names(List<DistanceMetric> metrics) {
        return String.join(",", metrics.stream().map(DistanceMetric::deepfaceName).toList());
    }

    private static String cutoffList() {
        return String.join(",", Arrays.stream(CUTOFFS).mapToObj(Double::toString).toList());
    }

    private static String python(String python, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(python, "reference/distances_reference.py"));
        cmd.addAll(List.of(args));
        System.err.println("running " + String.join(" ", cmd));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String json;
        try (InputStream in = p.getInputStream()) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        if (p.waitFor() != 0) throw new IllegalStateException("the Python side failed (exit " + p.exitValue() + ")");
        return json;
    }

    private static double maxDifference(DistanceMetric m, float[][] emb, Path numpyF64, int threads) throws IOException {
        try (FileChannel ch = FileChannel.open(numpyF64, StandardOpenOption.READ)) {
            DoubleBuffer np = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()).order(ByteOrder.LITTLE_ENDIAN)
                    .asDoubleBuffer();
            int n = emb.length;
            if (np.capacity() != AllPairs.pairCount(n)) throw new IllegalStateException(numpyF64 + ": wrong size");
            DoubleAccumulator worst = new DoubleAccumulator(Math::max, 0.0);
            AllPairs.stream(m, emb, threads, (i, jFrom, d, offset, count) -> {
                int base = (int) AllPairs.index(n, i, jFrom);
                double w = 0.0;
                for (int t = 0; t < count; t++) w = Math.max(w, Math.abs(d[offset + t] - np.get(base + t)));
                worst.accumulate(w);
            });
            return worst.get();
        }
    }

    private static void writeEmbeddings(float[][] emb, Path file) {
        ByteBuffer buf = ByteBuffer.allocate(emb.length * emb[0].length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : emb) for (float v : row) buf.putFloat(v);
        write(file, buf);
    }

    private static void writeLabels(int[] labels, Path file) {
        ByteBuffer buf = ByteBuffer.allocate(labels.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : labels) buf.putInt(v);
        write(file, buf);
    }

    private static void write(Path file, ByteBuffer buf) {
        try {
            Files.write(file, buf.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The times list of {@code metric} in the Python side's JSON. */
    private static double[] pythonTimes(String json, String metric) {
        Matcher m = Pattern.compile("\"times\": \\{[^}]*?\"" + metric + "\": \\[([^\\]]*)\\]").matcher(json);
        if (!m.find()) throw new IllegalStateException("no times for " + metric + " in " + json);
        return Arrays.stream(m.group(1).split(",")).mapToDouble(s -> Double.parseDouble(s.trim())).toArray();
    }

    /** The part of the counts JSON for {@code metric} and {@code cls}. */
    private static String countsPart(String json, String metric, String cls) {
        int c = json.indexOf("\"counts\": {");
        int at = json.indexOf("\"" + metric + "\": {", c);
        int from = json.indexOf("\"" + cls + "\": {", at);
        return json.substring(from, json.indexOf('}', from));
    }

    private static long[] numbers(String json, String metric, String cls, String field) {
        Matcher m = Pattern.compile("\"" + field + "\": \\[([^\\]]*)\\]").matcher(countsPart(json, metric, cls));
        if (!m.find()) throw new IllegalStateException("no " + field + " for " + metric + " " + cls);
        return Arrays.stream(m.group(1).split(",")).mapToLong(s -> Long.parseLong(s.trim())).toArray();
    }

    private static double number(String json, String metric, String cls, String field) {
        Matcher m = Pattern.compile("\"" + field + "\": ([-0-9.eE+]+|null)").matcher(countsPart(json, metric, cls));
        if (!m.find()) throw new IllegalStateException("no " + field + " for " + metric + " " + cls);
        return m.group(1).equals("null") ? Double.NaN : Double.parseDouble(m.group(1));
    }

    private static double median(double[] t) {
        double[] s = t.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double min(double[] t) {
        return Arrays.stream(t).min().orElseThrow();
    }

    private static String times(double[] t) {
        return String.format(Locale.ROOT, "%.3f (%.3f-%.3f)", median(t), min(t), Arrays.stream(t).max().orElseThrow());
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String cpu() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (IOException e) {
            // fall through
        }
        return System.getProperty("os.arch");
    }
}
