package dev.facecal.distance;

import dev.facecal.VectorApi;

import java.util.Arrays;

/**
 * Distances of all pairs {@code i < j} of N embeddings, e.g. 12,797 x 128-D, 81.9 M pairs.
 *
 * <p><b>Order and output.</b> Pairs come in condensed order, as {@code scipy.spatial.distance.pdist} and
 * {@code numpy.triu_indices(n, 1)}: (0,1), (0,2), ..., (0,N-1), (1,2), ...; pair (i, j) is at
 * {@link #index(int, int, int)}. Three ways to receive them:
 *
 * <ul>
 *   <li>{@link #stream} hands row segments (pairs (i, j) for a run of j) to a consumer on the worker threads and
 *       keeps nothing: any N, no memory beyond the embeddings;
 *   <li>{@link #of} and {@link #into(DistanceMetric, float[][], float[], int)} store float32, 4 bytes a pair
 *       (328 MB for 81.9 M pairs), enough for thresholds and plots (7 significant digits, more than DeepFace's
 *       6 decimals for distances below 10);
 *   <li>{@link #into(DistanceMetric, float[][], double[], int)} stores the doubles, 8 bytes a pair (655 MB).
 * </ul>
 *
 * <p>Arrays hold at most {@code Integer.MAX_VALUE - 8} values, so the array forms take N up to 65,535; beyond, use
 * {@link #stream}. Every form returns a {@link Summary} of the unrounded doubles.
 *
 * <p><b>Values.</b> Every distance {@link #stream} and the double array give is the double that
 * {@link DistanceMetric#of} and {@link PairDistances} give for the pair, bit for bit, whatever the thread count: the
 * same sums in the same order ({@link VectorMath}); euclidean and euclidean_l2 from differences, never
 * {@code |a|^2 + |b|^2 - 2 a.b}, which loses digits for close pairs. The float32 array holds the float32 rounding of
 * that double, also bit for bit, but gets there faster for euclidean, euclidean_l2 and angular: it is filled by the
 * certified pass ({@link #certified}), which computes the first two from the Gram matrix and angular with the Vector
 * API's arc cosine, each with a proven error bound ({@link Certificate}), and recomputes the pairs whose rounding the
 * bound leaves open (a few in 100,000 on 128-D embeddings).
 *
 * <p><b>Engines.</b> With the JDK's Vector API ({@code jdk.incubator.vector}, present when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}) the blocked engine runs ({@link AllPairsBlocked}: register tiles of
 * 6 rows x 4 vectors, a fused multiply-add per pair and dimension, which is exact for float embeddings). Without the
 * module, plain loops, which C2 does not vectorise here and which are about ten times slower (docs/benchmarks.md).
 * The engine before the blocked one (the panel engine: tiles of 4 rows x 2 vectors with separate multiply and add,
 * {@link AllPairsVectorKernel}) is kept as {@link Engine#PANEL} for the benchmark and the tests. Tasks are taken by
 * {@code threads} threads (0 = all processors), largest first.
 */
public final class AllPairs {
    /** Columns per panel, the longest run a consumer receives: 256 x 128-D doubles = 256 KiB, an L2 cache's share. */
    static final int PANEL = 256;
    /** Rows per task of the plain and panel engines. */
    static final int ROWS = 16;

    /** Whether the Vector API module is in the boot layer (and not switched off with -Dfacecal.vector=false). */
    private static final boolean VECTOR_API = VectorApi.enabled();

    /** The engines; all give the same doubles (tested). */
    enum Engine {
        /** Plain loops: any JVM. */
        PLAIN,
        /** The panel engine ({@link AllPairsVectorKernel}), the default before the blocked one: Vector API. */
        PANEL,
        /** The blocked engine ({@link AllPairsBlocked}): Vector API, the default where the module is present. */
        BLOCKED;

        /** The engine this JVM runs by default. */
        static Engine best() {
            return VECTOR_API ? BLOCKED : PLAIN;
        }
    }

    private AllPairs() {}

    /** Whether the Vector API kernel runs in this JVM (the module is present and not switched off). */
    public static boolean vectorApi() {
        return VECTOR_API;
    }

    /**
     * What a run computed, over the unrounded doubles: pair count, smallest and largest distance and the mean, NaN
     * (zero vectors under cosine or angular) left out of all three and counted apart. The mean is a sum per row in
     * column order, then over rows in row order, so it does not depend on the number of threads.
     */
    public record Summary(DistanceMetric metric, int n, int dimension, long pairs, double min, double max,
                          double mean, long nanCount) {}

    /** Receives the distances of pairs (i, jFrom), (i, jFrom + 1), ..., (i, jFrom + count - 1). */
    @FunctionalInterface
    public interface SegmentConsumer {
        /**
         * Called on the worker threads, concurrently, in no particular order across rows (the segments of one row
         * come in increasing j, from one thread). The values are {@code distances[offset .. offset + count)}; the
         * array is reused after the call returns.
         */
        void accept(int i, int jFrom, double[] distances, int offset, int count);
    }

    /** N(N-1)/2. */
    public static long pairCount(int n) {
        if (n < 0) throw new IllegalArgumentException("n must be >= 0, got " + n);
        return (long) n * (n - 1) / 2;
    }

    /** Position of pair (i, j), {@code 0 <= i < j < n}, in condensed order. */
    public static long index(int n, int i, int j) {
        if (i < 0 || i >= j || j >= n) {
            throw new IllegalArgumentException("need 0 <= i < j < n, got i=" + i + ", j=" + j + ", n=" + n);
        }
        return rowStart(n, i) + (j - i - 1);
    }

    private static long rowStart(int n, int i) {
        return (long) i * (2L * n - i - 1) / 2;
    }

    /** All pairs as float32 in condensed order, on every available processor. */
    public static float[] of(DistanceMetric metric, float[][] embeddings) {
        return of(metric, embeddings, 0);
    }

    /** All pairs as float32 in condensed order. */
    public static float[] of(DistanceMetric metric, float[][] embeddings, int threads) {
        float[] out = new float[arrayLength(embeddings.length)];
        into(metric, embeddings, out, threads);
        return out;
    }

    /**
     * Stores all pairs, as float32, in condensed order into {@code out} (length N(N-1)/2): {@code (float) d} of each
     * reference double {@code d}. The summary's smallest and largest distance are reference doubles; its mean is of
     * the values the certified pass computed (for euclidean and euclidean_l2 each within about 1e-12 of the
     * reference, see {@link Certificate}).
     */
    public static Summary into(DistanceMetric metric, float[][] embeddings, float[] out, int threads) {
        return into(metric, embeddings, out, threads, Engine.best());
    }

    static Summary into(DistanceMetric metric, float[][] embeddings, float[] out, int threads, Engine engine) {
        int n = embeddings.length;
        checkLength(out.length, n);
        return certified(metric, embeddings, threads, (i, jFrom, d, offset, count, cert) -> {
            int base = (int) (rowStart(n, i) + (jFrom - i - 1)) - offset;
            double m = cert.margin();
            if (m == 0) {
                for (int t = offset; t < offset + count; t++) out[base + t] = (float) d[t];
                return;
            }
            for (int t = offset; t < offset + count; t++) {
                double v = d[t];
                float f = (float) v;
                if ((float) (v - m) != f || (float) (v + m) != f) {
                    // the panel's margin leaves the rounding open: the pair's own bound, else the exact value
                    int j = jFrom + (t - offset);
                    double mt = cert.tightMargin(i, j, v);
                    if ((float) (v - mt) != f || (float) (v + mt) != f) f = (float) cert.exact(i, j);
                }
                out[base + t] = f;
            }
        }, engine, true, null);
    }

    /** Stores all pairs, as doubles, in condensed order into {@code out} (length N(N-1)/2). */
    public static Summary into(DistanceMetric metric, float[][] embeddings, double[] out, int threads) {
        int n = embeddings.length;
        checkLength(out.length, n);
        return stream(metric, embeddings, threads, (i, jFrom, d, offset, count) ->
                System.arraycopy(d, offset, out, (int) (rowStart(n, i) + (jFrom - i - 1)), count));
    }

    /** Computes all pairs and hands them to {@code consumer} (see {@link SegmentConsumer}); keeps none. */
    public static Summary stream(DistanceMetric metric, float[][] embeddings, int threads, SegmentConsumer consumer) {
        return stream(metric, embeddings, threads, consumer, Engine.best());
    }

    static Summary stream(DistanceMetric metric, float[][] embeddings, int threads, SegmentConsumer consumer,
                          Engine engine) {
        CertifiedConsumer c = (i, jFrom, d, offset, count, cert) -> consumer.accept(i, jFrom, d, offset, count);
        if (engine == Engine.BLOCKED) {
            return AllPairsBlocked.run(AllPairsBlocked.Data.of(metric, embeddings, false), threads, c, true, null);
        }
        return panelEngine(metric, embeddings, threads, c, engine == Engine.PANEL, true);
    }

    /**
     * The certified pass: every pair handed to {@code consumer} as a value within a proven margin of its reference
     * double, with the means to recompute it ({@link CertifiedConsumer}, {@link Certificate}). The blocked engine
     * computes euclidean and euclidean_l2 from the Gram matrix here (one fused multiply-add per pair and dimension
     * instead of three operations) and angular with the Vector API's arc cosine; cosine, and the other engines, hand
     * over the reference doubles with margin 0.
     *
     * @param summary    whether to compute the summary (else null is returned)
     * @param exactCalls where to add the number of pairs recomputed by the pass itself (values below the floor, the
     *                   summary's extreme candidates; not the consumer's own calls), or null
     */
    static Summary certified(DistanceMetric metric, float[][] embeddings, int threads, CertifiedConsumer consumer,
                             Engine engine, boolean summary, long[] exactCalls) {
        if (engine == Engine.BLOCKED) {
            return AllPairsBlocked.run(AllPairsBlocked.Data.of(metric, embeddings, true), threads, consumer, summary,
                    exactCalls);
        }
        return panelEngine(metric, embeddings, threads, consumer, engine == Engine.PANEL, summary);
    }

    /** The plain and panel engines; the values are the reference doubles (margin 0). */
    private static Summary panelEngine(DistanceMetric metric, float[][] embeddings, int threads,
                                       CertifiedConsumer consumer, boolean vector, boolean summary) {
        int nThreads = Parallel.threads(threads);
        Prepared d = Prepared.of(metric, embeddings);
        int n = d.n;
        double[] rowSum = new double[n];
        int tasks = (n + ROWS - 1) / ROWS;
        RunningSummary total = new RunningSummary();
        Parallel.run(tasks, nThreads, next -> {
            double[][] out = new double[ROWS][PANEL];
            RunningSummary stats = new RunningSummary();
            Certificate cert = Certificate.ofExact(metric, embeddings);
            for (int task = next.getAsInt(); task < tasks; task = next.getAsInt()) {
                int i0 = task * ROWS, i1 = Math.min(n, i0 + ROWS);
                for (int p = (i0 + 1) / PANEL; p < d.panels; p++) {
                    if (vector) {
                        AllPairsVectorKernel.panel(d, i0, i1, p, out);
                    } else {
                        plainPanel(d, i0, i1, p, out);
                    }
                    int jBase = p * PANEL, jEnd = Math.min(n, jBase + PANEL);
                    for (int i = i0; i < i1; i++) {
                        int lo = Math.max(jBase, i + 1);
                        if (lo >= jEnd) continue;
                        double[] row = out[i - i0];
                        int col = lo - jBase, len = jEnd - lo;
                        if (metric == DistanceMetric.ANGULAR) {
                            double sqi = d.sq[i];
                            for (int t = col; t < col + len; t++) {
                                row[t] = VectorMath.angular(row[t], sqi, d.sq[jBase + t]);
                            }
                        }
                        if (summary) rowSum[i] += stats.add(row, col, len, i, lo, cert);
                        consumer.accept(i, lo, row, col, len, cert);
                    }
                }
            }
            synchronized (total) {
                total.merge(stats);
            }
        });
        return summary ? total.summary(metric, n, d.dim, rowSum) : null;
    }

    /**
     * The scalar kernel: for each row {@code i} of {@code [i0, i1)} and the columns {@code j > i} of panel
     * {@code p}, {@code out[i - i0][j - jBase]} = the cosine or euclidean distance, or for angular the dot product
     * (finished by the caller).
     */
    private static void plainPanel(Prepared d, int i0, int i1, int p, double[][] out) {
        int dim = d.dim, jBase = p * PANEL, jEnd = Math.min(d.n, jBase + PANEL);
        for (int i = i0; i < i1; i++) {
            int lo = Math.max(jBase, i + 1);
            if (lo >= jEnd) continue;
            double[] acc = out[i - i0];
            int col = lo - jBase;
            Arrays.fill(acc, col, jEnd - jBase, 0.0);
            int r = i * dim;
            if (d.difference) {
                for (int k = 0; k < dim; k++) {
                    double a = d.rows[r + k];
                    int base = (p * dim + k) * PANEL;
                    for (int t = col; t < jEnd - jBase; t++) {
                        double x = a - d.panel[base + t];
                        acc[t] += x * x;
                    }
                }
                for (int t = col; t < jEnd - jBase; t++) {
                    acc[t] = Math.sqrt(acc[t]);
                }
            } else {
                for (int k = 0; k < dim; k++) {
                    double a = d.rows[r + k];
                    int base = (p * dim + k) * PANEL;
                    for (int t = col; t < jEnd - jBase; t++) {
                        acc[t] += a * d.panel[base + t];
                    }
                }
                if (d.metric == DistanceMetric.COSINE) {
                    double sqi = d.sq[i];
                    for (int t = col; t < jEnd - jBase; t++) {
                        acc[t] = VectorMath.cosine(acc[t], sqi, d.sq[jBase + t]);
                    }
                }
            }
        }
    }

    /**
     * The embeddings ready for the kernels: {@code rows} row-major doubles (L2-normalised for euclidean_l2),
     * {@code sq} the squared norms padded with zeros to whole panels (cosine and angular), {@code panel} the
     * columns dimension-major per panel, zero-padded: element (j, k) at {@code ((j / PANEL) * dim + k) * PANEL +
     * j % PANEL}.
     */
    record Prepared(DistanceMetric metric, boolean difference, int n, int dim, int panels, double[] rows, double[] sq,
                    double[] panel) {
        static Prepared of(DistanceMetric metric, float[][] embeddings) {
            int n = embeddings.length;
            int dim = Embeddings.dimension(embeddings);
            boolean difference = metric == DistanceMetric.EUCLIDEAN || metric == DistanceMetric.EUCLIDEAN_L2;
            int panels = (n + PANEL - 1) / PANEL;
            double[] rows = new double[Math.multiplyExact(n, dim)];
            double[] sq = difference ? null : new double[panels * PANEL];
            for (int i = 0; i < n; i++) {
                double[] v = metric == DistanceMetric.EUCLIDEAN_L2 ? VectorMath.l2Normalised(embeddings[i]) : null;
                for (int k = 0; k < dim; k++) {
                    rows[i * dim + k] = v != null ? v[k] : embeddings[i][k];
                }
                if (sq != null) sq[i] = VectorMath.dot(embeddings[i], embeddings[i]);
            }
            double[] panel = new double[Math.multiplyExact(panels, Math.multiplyExact(dim, PANEL))];
            for (int j = 0; j < n; j++) {
                int p = j / PANEL, t = j % PANEL;
                for (int k = 0; k < dim; k++) {
                    panel[(p * dim + k) * PANEL + t] = rows[j * dim + k];
                }
            }
            return new Prepared(metric, difference, n, dim, panels, rows, sq, panel);
        }
    }

    private static int arrayLength(int n) {
        long pairs = pairCount(n);
        if (pairs > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(n + " embeddings make " + pairs + " pairs, more than an array holds "
                    + "(N <= 65,535); use AllPairs.stream");
        }
        return (int) pairs;
    }

    private static void checkLength(int length, int n) {
        if (length != arrayLength(n)) {
            throw new IllegalArgumentException("the output must hold N(N-1)/2 = " + pairCount(n) + " values for "
                    + n + " embeddings, it has " + length);
        }
    }
}
