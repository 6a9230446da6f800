package dev.facecal.distance;

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
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * All-pairs cosine and euclidean distances of N random float32 embeddings, timed, side by side with NumPy
 * ({@code reference/distances_reference.py --bench}, launched as a subprocess in the same run on the same
 * embeddings). Not a test: a program, run from the test classes after {@code mvn test-compile}:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Xms4g -Xmx4g -XX:+AlwaysPreTouch \
 *     -cp target/classes:target/test-classes dev.facecal.distance.AllPairsBenchmark \
 *     [--n 12797] [--dim 128] [--seed 42] [--repeats 3] [--threads 2] [--python /usr/bin/python3] [--no-reference]
 * </pre>
 *
 * <p>Embeddings: {@code SplittableRandom(seed).nextGaussian() * 0.1} per component, as float. Timed per run: from
 * the embeddings in memory to the condensed float32 array filled ({@link AllPairs#of}); also the same computation
 * streamed to a no-op consumer (no output array). One untimed warm-up on 2,000 embeddings first. After the timed
 * runs it checks 200,000 random pairs against {@link PairDistances} (bit for bit) and, with the reference, every
 * pair's double against NumPy's float64 (max absolute difference). Prints a Markdown report on stdout.
 */
public final class AllPairsBenchmark {
    private AllPairsBenchmark() {}

    public static void main(String[] args) throws Exception {
        int n = 12_797, dim = 128, repeats = 3, threads = 2;
        long seed = 42;
        String python = "/usr/bin/python3";
        boolean reference = true;
        for (int a = 0; a < args.length; a++) {
            switch (args[a]) {
                case "--n" -> n = Integer.parseInt(args[++a]);
                case "--dim" -> dim = Integer.parseInt(args[++a]);
                case "--seed" -> seed = Long.parseLong(args[++a]);
                case "--repeats" -> repeats = Integer.parseInt(args[++a]);
                case "--threads" -> threads = Integer.parseInt(args[++a]);
                case "--python" -> python = args[++a];
                case "--no-reference" -> reference = false;
                default -> throw new IllegalArgumentException("unknown option " + args[a]);
            }
        }
        float[][] emb = embeddings(n, dim, seed);
        DistanceMetric[] metrics = {DistanceMetric.COSINE, DistanceMetric.EUCLIDEAN};

        for (DistanceMetric m : metrics) { // warm-up
            AllPairs.of(m, Arrays.copyOf(emb, Math.min(n, 2000)), threads);
            AllPairs.stream(m, Arrays.copyOf(emb, Math.min(n, 2000)), threads, (i, j, d, o, c) -> { });
        }
        List<String> rows = new ArrayList<>();
        double[][] javaTimes = new double[metrics.length][];
        AllPairs.Summary[] summaries = new AllPairs.Summary[metrics.length];
        for (int mi = 0; mi < metrics.length; mi++) {
            DistanceMetric m = metrics[mi];
            double[] t = new double[repeats];
            double[] ts = new double[repeats];
            float[] out = null;
            for (int r = 0; r < repeats; r++) {
                out = null;
                long t0 = System.nanoTime();
                out = AllPairs.of(m, emb, threads);
                t[r] = (System.nanoTime() - t0) / 1e9;
                long t1 = System.nanoTime();
                summaries[mi] = AllPairs.stream(m, emb, threads, (i, j, d, o, c) -> { });
                ts[r] = (System.nanoTime() - t1) / 1e9;
                System.err.printf(Locale.ROOT, "facecal %s: float32 array %.3f s, stream %.3f s%n", m, t[r], ts[r]);
            }
            javaTimes[mi] = t;
            checkAgainstPairDistances(m, emb, out, threads);
            rows.add(String.format(Locale.ROOT, "| %s | %s | %s |", m, times(t), times(ts)));
        }

        String pyJson = null;
        Path tmp = Files.createTempDirectory("facecal-allpairs");
        Path embFile = tmp.resolve("embeddings.f32");
        String agreement = "";
        if (reference) {
            writeEmbeddings(emb, embFile);
            List<String> cmd = List.of(python, "reference/distances_reference.py", "--bench", "--embeddings",
                    embFile.toString(), "--n", Integer.toString(n), "--dim", Integer.toString(dim), "--repeats",
                    Integer.toString(repeats), "--out", tmp.toString());
            System.err.println("running " + String.join(" ", cmd));
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (InputStream in = p.getInputStream()) {
                pyJson = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            if (p.waitFor() != 0) throw new IllegalStateException("the Python side failed (exit " + p.exitValue() + ")");
            StringBuilder sb = new StringBuilder();
            for (DistanceMetric m : metrics) {
                sb.append(String.format(Locale.ROOT, "%s: max |facecal - numpy| = %.2e; ", m,
                        maxDifference(m, emb, tmp.resolve(m.deepfaceName() + ".f64"), threads)));
            }
            agreement = sb.toString();
        }

        System.out.println("Machine: " + cpu() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores; JDK " + System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version") + "; JVM flags "
                + ManagementFactory.getRuntimeMXBean().getInputArguments());
        System.out.printf(Locale.ROOT, "Data: %,d x %d float32 embeddings, N(0, 0.1) per component, seed %d; %,d pairs;"
                + " %d threads; %d runs each (median, min-max)%n%n", n, dim, seed, AllPairs.pairCount(n), threads, repeats);
        System.out.println("| metric | facecal, float32 array s | facecal, stream (no array) s |");
        System.out.println("|---|---:|---:|");
        rows.forEach(System.out::println);
        for (AllPairs.Summary s : summaries) System.out.println("\n" + s);
        if (pyJson != null) {
            System.out.println("\n| metric | numpy s | facecal s | numpy / facecal (median) |");
            System.out.println("|---|---:|---:|---:|");
            for (int mi = 0; mi < metrics.length; mi++) {
                double[] py = pythonTimes(pyJson, metrics[mi].deepfaceName());
                System.out.printf(Locale.ROOT, "| %s | %s | %s | %.1fx |%n", metrics[mi], times(py),
                        times(javaTimes[mi]), median(py) / median(javaTimes[mi]));
            }
            System.out.println("\nAgreement: " + agreement);
            System.out.println("\nPython side: " + pyJson.replaceAll("\"(times|summary)\": \\{.*", "...}"));
        }
        try (var files = Files.list(tmp)) {
            for (Path f : files.toList()) Files.delete(f);
        }
        Files.delete(tmp);
    }

    static float[][] embeddings(int n, int dim, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] e = new float[n][dim];
        for (float[] row : e) {
            for (int k = 0; k < dim; k++) row[k] = (float) (r.nextGaussian() * 0.1);
        }
        return e;
    }

    private static void checkAgainstPairDistances(DistanceMetric m, float[][] emb, float[] out, int threads) {
        int n = emb.length, samples = 200_000;
        SplittableRandom r = new SplittableRandom(1);
        int[] first = new int[samples], second = new int[samples];
        for (int s = 0; s < samples; s++) {
            int i = r.nextInt(n - 1);
            first[s] = i;
            second[s] = r.nextInt(i + 1, n);
        }
        double[] d = PairDistances.of(m, emb, first, second, threads);
        for (int s = 0; s < samples; s++) {
            float got = out[(int) AllPairs.index(n, first[s], second[s])];
            if (got != (float) d[s]) {
                throw new IllegalStateException(m + " pair (" + first[s] + ", " + second[s] + "): AllPairs " + got
                        + ", PairDistances " + d[s]);
            }
        }
        System.err.println("facecal " + m + ": " + samples + " sampled pairs identical to PairDistances");
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
        try {
            Files.write(file, buf.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double[] pythonTimes(String json, String metric) {
        Matcher m = Pattern.compile("\"" + metric + "\": \\[([^\\]]*)\\]").matcher(json);
        if (!m.find()) throw new IllegalStateException("no times for " + metric + " in " + json);
        return Arrays.stream(m.group(1).split(",")).mapToDouble(s -> Double.parseDouble(s.trim())).toArray();
    }

    private static double median(double[] t) {
        double[] s = t.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String times(double[] t) {
        return String.format(Locale.ROOT, "%.3f (%.3f-%.3f)", median(t), Arrays.stream(t).min().orElseThrow(),
                Arrays.stream(t).max().orElseThrow());
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
