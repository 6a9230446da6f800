package dev.facecal.distance;

import dev.facecal.calibrate.Confusion;
import dev.facecal.calibrate.OperatingCurve;
import dev.facecal.calibrate.PrecisionRecallTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Seed 002's bookkeeping over all pairs of labelled embeddings without keeping the distances: for every cutoff how
 * many same-person and different-person pairs lie at or below it (so tp/fp/fn/tn per cutoff), a fixed-width
 * histogram of each class, and each class's count, mean, standard deviation, smallest and largest distance. Memory
 * is a few kilobytes per thread whatever the number of pairs; 81.9 M pairs cost one pass.
 *
 * <p><b>Exactness.</b> A pair is accepted at cutoff c when {@code distance <= c}, the comparison
 * {@link OperatingCurve#confusionAt} makes, on the reference doubles ({@link DistanceMetric#of}); a pair falls in
 * histogram bin {@code floor(distance / binWidth)} (by {@code (int) (distance * (1 / binWidth))}), the last bin
 * taking what lies at or past {@code bins * binWidth}, below 0 or is NaN. The pass ({@link AllPairs#certified})
 * hands over each distance either as that double (cosine) or as a value v within a proven margin m of it
 * ({@link Certificate}: euclidean and euclidean_l2 from the Gram matrix, angular through the Vector API's arc
 * cosine). The counter decides the bin and the cutoffs from {@code v - m} and {@code v + m}: both are monotone
 * decisions, so where the two ends agree the reference double lies on the same side; where they do not (a bin edge
 * or cutoff closer than m, below 1e-9 on 128-D embeddings) it recomputes the pair exactly. So the confusion counts
 * and the histogram are those of the reference doubles, exactly, and equal {@link PrecisionRecallTable#of} over the
 * stored distances (tested); smallest and largest are reference doubles too (a value that could beat the current
 * one by its margin is recomputed). The sums behind mean and standard deviation add the values handed over (in
 * vector lanes), so the mean can differ from that of the reference doubles by at most the margin, in practice in
 * the 15th digit. A NaN distance (zero vector under cosine) is accepted at no cutoff and counted in the last bin, as
 * {@code confusionAt} and the histogram above.
 *
 * <p><b>Speed.</b> With the Vector API ({@link CutoffLanes}) a different-person pair whose margin lies well inside a
 * histogram bin costs one increment of that bin's count: cutoffs on bin edges (seed 002's 0.3, 0.4, ... with bins
 * of 0.01) are decided by the bin, up to two cutoffs inside bins by two comparisons; the bucket counts are summed
 * from the bins at the end. Same-person pairs (a fraction of a percent), pairs near a bin edge, and everything when
 * more than two cutoffs lie inside bins, take the plain path, which compares a pair with the cutoffs only where its
 * bin holds one.
 *
 * <p><b>Threads.</b> Each thread counts into its own arrays (found through a {@link ThreadLocal}), merged after the
 * run. Sums are kept per row (one thread writes a row, in column order) and added in row order, so means and
 * standard deviations do not depend on the thread count either.
 *
 * <p>Use: {@code CutoffCounter.Counts c = CutoffCounter.run(metric, embeddings, labels, cutoffs, binWidth, bins,
 * threads)}.
 */
public final class CutoffCounter {
    private final DistanceMetric metric;
    private final int[] label;
    private final CutoffGrid grid;
    private final double[][] rowSum; // [class][row]
    private final double[][] rowSumSq;
    /** Whether the per-pair arithmetic runs on the Vector API ({@link CutoffLanes}). */
    private final boolean vector;
    /** The persons as doubles, padded for whole vectors (vector path). */
    private final double[] labelLanes;
    private final List<Tally> tallies = new ArrayList<>();
    private final ThreadLocal<Tally> local = ThreadLocal.withInitial(this::newTally);

    /**
     * Summary of one class's distances.
     *
     * @param count pairs (NaN included)
     * @param mean  mean, NaN left out
     * @param std   sample standard deviation (ddof 1, as pandas), NaN left out
     * @param min   smallest
     * @param max   largest
     * @param nan   NaN distances
     */
    public record ClassStats(long count, double mean, double std, double min, double max, long nan) {}

    /**
     * What a pass counted.
     *
     * @param metric             the distance
     * @param embeddings         number of embeddings
     * @param pairs              number of pairs, {@code N (N - 1) / 2}
     * @param cutoffs            the cutoffs, in the order given
     * @param confusions         the confusion matrix at each cutoff (accept {@code distance <= cutoff})
     * @param binWidth           histogram bin width
     * @param sameHistogram      same-person pairs per bin {@code [k w, (k + 1) w)}, last entry: beyond the range or
     *                           NaN
     * @param differentHistogram the same for different-person pairs
     * @param same               same-person distance statistics
     * @param different          different-person distance statistics
     * @param nanos              wall time of the all-pairs pass with counting
     * @param threads            threads used
     * @param vectorApi          whether a Vector API engine ran
     * @param recomputed         pairs recomputed exactly because their value's margin left a decision open
     */
    public record Counts(DistanceMetric metric, int embeddings, long pairs, double[] cutoffs, Confusion[] confusions,
                         double binWidth, long[] sameHistogram, long[] differentHistogram, ClassStats same,
                         ClassStats different, long nanos, int threads, boolean vectorApi, long recomputed) {}

    /** Per-thread counts: histogram bins (last = overflow or NaN) and, for bins holding a cutoff, buckets. */
    private final class Tally {
        final long[][] bucket = new long[2][grid.sorted.length + 1];
        final long[][] hist = new long[2][grid.bins + 1];
        /**
         * The vector path's cell counts, {@value #COPIES} copies: pair k counts into copy {@code k % COPIES}, so
         * that runs of pairs in one cell do not wait on each other's increments.
         */
        final long[] cellCounts = vector ? new long[COPIES * grid.cells] : null;
        final int[] cell = new int[AllPairs.PANEL + 64];
        final double[] sums = new double[128];
        /** Same-person sums of the current run (the careful path's share). */
        double runSum1, runSq1;
        final double[] min = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        final double[] max = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        final long[] nan = new long[2];
        long recomputed;
    }

    private static final int COPIES = 4;

    private CutoffCounter(DistanceMetric metric, int[] labels, CutoffGrid grid, boolean vector) {
        this.metric = metric;
        this.label = labels.clone();
        this.grid = grid;
        // more than two cutoffs inside bins: the vector path does not take them, the plain one counts
        this.vector = vector && grid.inner.length <= 2;
        this.labelLanes = new double[labels.length + 64];
        for (int i = 0; i < labels.length; i++) labelLanes[i] = labels[i];
        this.rowSum = new double[2][labels.length];
        this.rowSumSq = new double[2][labels.length];
    }

    /**
     * Streams every pair of {@code embeddings} through a counter, on the fastest engine this JVM runs.
     *
     * @param labels   the person of each embedding (pairs with equal labels are same-person pairs)
     * @param cutoffs  distance cutoffs, any order, finite
     * @param binWidth histogram bin width, positive
     * @param bins     number of histogram bins from 0; distances at or past {@code bins * binWidth} go to an
     *                 overflow bin
     * @param threads  0 = every processor
     */
    public static Counts run(DistanceMetric metric, float[][] embeddings, int[] labels, double[] cutoffs,
                             double binWidth, int bins, int threads) {
        return run(metric, embeddings, labels, cutoffs, binWidth, bins, threads, AllPairs.Engine.best());
    }

    static Counts run(DistanceMetric metric, float[][] embeddings, int[] labels, double[] cutoffs, double binWidth,
                      int bins, int threads, AllPairs.Engine engine) {
        return run(metric, embeddings, labels, cutoffs, binWidth, bins, threads, engine, AllPairs.vectorApi());
    }

    /** With {@code vector}, the per-pair arithmetic on the Vector API ({@link CutoffLanes}), else in plain Java. */
    static Counts run(DistanceMetric metric, float[][] embeddings, int[] labels, double[] cutoffs, double binWidth,
                      int bins, int threads, AllPairs.Engine engine, boolean vector) {
        CutoffCounter c = counter(metric, embeddings, labels, cutoffs, binWidth, bins, vector);
        long[] passRecomputed = new long[1];
        long t0 = System.nanoTime();
        AllPairs.certified(metric, embeddings, threads, c.vector ? c::acceptLanes : c::acceptCertified, engine, false,
                passRecomputed);
        long nanos = System.nanoTime() - t0;
        return c.result(embeddings.length, nanos, Parallel.threads(threads), engine, passRecomputed[0]);
    }

    /**
     * The counter as it ran before the certified pass, kept as the reference for the tests and the benchmark: the
     * exact stream ({@link AllPairs#stream}) of reference doubles on {@code engine}, each pair compared with the
     * cutoffs through the same bins, one by one.
     */
    static Counts reference(DistanceMetric metric, float[][] embeddings, int[] labels, double[] cutoffs,
                            double binWidth, int bins, int threads, AllPairs.Engine engine) {
        CutoffCounter c = counter(metric, embeddings, labels, cutoffs, binWidth, bins, false);
        long t0 = System.nanoTime();
        AllPairs.stream(metric, embeddings, threads, c::acceptExact, engine);
        long nanos = System.nanoTime() - t0;
        return c.result(embeddings.length, nanos, Parallel.threads(threads), engine, 0);
    }

    private static CutoffCounter counter(DistanceMetric metric, float[][] embeddings, int[] labels, double[] cutoffs,
                                         double binWidth, int bins, boolean vector) {
        if (labels.length != embeddings.length) {
            throw new IllegalArgumentException(embeddings.length + " embeddings but " + labels.length + " labels");
        }
        return new CutoffCounter(metric, labels, new CutoffGrid(cutoffs, binWidth, bins), vector);
    }

    /**
     * The path the counter replaces: every distance stored (doubles, N up to 65,535), labelled, sorted into an
     * {@link OperatingCurve} and read at each cutoff by {@link PrecisionRecallTable#of}.
     */
    public static PrecisionRecallTable stored(DistanceMetric metric, float[][] embeddings, int[] labels,
                                              double[] cutoffs) {
        int n = embeddings.length;
        if (labels.length != n) throw new IllegalArgumentException(n + " embeddings but " + labels.length + " labels");
        double[] d = new double[(int) AllPairs.pairCount(n)];
        AllPairs.into(metric, embeddings, d, 0);
        boolean[] same = new boolean[d.length];
        int p = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) same[p++] = labels[i] == labels[j];
        }
        return PrecisionRecallTable.of(OperatingCurve.of(d, same), cutoffs);
    }

    private Tally newTally() {
        Tally t = new Tally();
        synchronized (tallies) {
            tallies.add(t);
        }
        return t;
    }

    /** One run of certified values (see the class comment). */
    private void acceptCertified(int i, int jFrom, double[] distances, int offset, int count, Certificate cert) {
        Tally t = local.get();
        int[] lab = label;
        int li = lab[i];
        int[] byBin = grid.binBucket;
        long[] h0 = t.hist[0], h1 = t.hist[1];
        double m = cert.margin();
        double s0 = 0, s1 = 0, q0 = 0, q1 = 0;
        double min0 = t.min[0], min1 = t.min[1], max0 = t.max[0], max1 = t.max[1];
        for (int k = 0; k < count; k++) {
            double v = distances[offset + k];
            boolean exact = m == 0;
            int h = grid.bin(v - m);
            if (!exact && h != grid.bin(v + m)) {
                v = cert.exact(i, jFrom + k);
                exact = true;
                t.recomputed++;
                h = grid.bin(v);
            }
            int cls = lab[jFrom + k] == li ? 1 : 0;
            if (byBin[h] < 0) {
                // a cutoff lies in or next to this bin (or the distance is out of range): compare with the cutoffs
                int b = grid.bucket(h, v - m);
                if (!exact && b != grid.bucket(h, v + m)) {
                    v = cert.exact(i, jFrom + k);
                    exact = true;
                    t.recomputed++;
                    b = grid.bucket(h, v);
                }
                t.bucket[cls][b]++;
            }
            if (cls == 1) {
                h1[h]++;
                if (v == v) {
                    s1 += v;
                    q1 += v * v;
                    if (v - m < min1) min1 = Math.min(min1, exact ? v : exactFor(cert, t, i, jFrom + k));
                    if (v + m > max1) max1 = Math.max(max1, exact ? v : exactFor(cert, t, i, jFrom + k));
                } else {
                    t.nan[1]++;
                }
            } else {
                h0[h]++;
                if (v == v) {
                    s0 += v;
                    q0 += v * v;
                    if (v - m < min0) min0 = Math.min(min0, exact ? v : exactFor(cert, t, i, jFrom + k));
                    if (v + m > max0) max0 = Math.max(max0, exact ? v : exactFor(cert, t, i, jFrom + k));
                } else {
                    t.nan[0]++;
                }
            }
        }
        t.min[0] = min0;
        t.min[1] = min1;
        t.max[0] = max0;
        t.max[1] = max1;
        rowSum[0][i] += s0;
        rowSum[1][i] += s1;
        rowSumSq[0][i] += q0;
        rowSumSq[1][i] += q1;
    }

    /**
     * One run of certified values, the arithmetic on the Vector API ({@link CutoffLanes#classify}): what is left
     * here per pair is one increment of its cell's count; same-person pairs, pairs whose margin comes near a bin
     * edge or an inner cutoff, and candidates for a new extreme take the careful path.
     */
    private void acceptLanes(int i, int jFrom, double[] distances, int offset, int count, Certificate cert) {
        Tally t = local.get();
        double m = cert.margin();
        double[] sums = t.sums;
        int[] cell = t.cell;
        int l = CutoffLanes.L;
        CutoffGrid g = grid;
        int cells = g.cells;
        int flags = g.inner.length == 0
                ? CutoffLanes.classify(distances, offset, count, m, labelLanes, jFrom, label[i], g.inv,
                        CutoffGrid.EDGE, g.bins, t.min[0], t.max[0], cells - 1, cell, sums)
                : CutoffLanes.classifyInner(distances, offset, count, m, labelLanes, jFrom, label[i], g.inv,
                        CutoffGrid.EDGE, g.bins, g.inner[0], g.inner.length > 1 ? g.inner[1] : Double.POSITIVE_INFINITY,
                        t.min[0], t.max[0], cells - 1, cell, sums);
        long[] counts = t.cellCounts;
        t.runSum1 = 0;
        t.runSq1 = 0;
        // every pair adds one to its cell; the careful ones to the last cell, which is only there to take them
        int trash = cells - 1;
        for (int k = 0; k < count; k++) {
            counts[(k & (COPIES - 1)) * cells + cell[k]]++;
        }
        if (counts[trash] + counts[cells + trash] + counts[2 * cells + trash] + counts[3 * cells + trash] > 0) {
            for (int k = 0; k < count; k++) {
                if (cell[k] == trash) carefully(t, i, jFrom + k, distances[offset + k], m, cert);
            }
            for (int copy = 0; copy < COPIES; copy++) counts[copy * cells + trash] = 0;
        }
        double all = 0, allSq = 0;
        if ((flags & CutoffLanes.SOME_NAN) == 0) {
            for (int lane = 0; lane < l; lane++) { // lanes added in order: the same sum whatever the thread
                all += sums[lane];
                allSq += sums[l + lane];
            }
        } else {
            for (int k = 0; k < count; k++) {
                double v = distances[offset + k];
                if (v == v) {
                    all += v;
                    allSq += v * v;
                }
            }
        }
        rowSum[0][i] += all - t.runSum1;
        rowSum[1][i] += t.runSum1;
        rowSumSq[0][i] += allSq - t.runSq1;
        rowSumSq[1][i] += t.runSq1;
        if ((flags & CutoffLanes.SOME_EXTREME) != 0) {
            int li = label[i];
            for (int k = 0; k < count; k++) {
                double v = distances[offset + k];
                if (label[jFrom + k] == li || v != v) continue;
                if (v - m < t.min[0]) t.min[0] = Math.min(t.min[0], m == 0 ? v : exactFor(cert, t, i, jFrom + k));
                if (v + m > t.max[0]) t.max[0] = Math.max(t.max[0], m == 0 ? v : exactFor(cert, t, i, jFrom + k));
            }
        }
    }

    /**
     * One pair the fast path could not settle (its margin straddles a bin edge or a cutoff, or its bin holds more
     * than one cutoff): bin and bucket from the value where the margin allows, else from the exact distance.
     */
    private void carefully(Tally t, int i, int j, double v, double m, Certificate cert) {
        int cls = label[j] == label[i] ? 1 : 0;
        if (cls == 1) {
            if (v == v) {
                t.runSum1 += v;
                t.runSq1 += v * v;
                if (v - m < t.min[1]) t.min[1] = Math.min(t.min[1], m == 0 ? v : exactFor(cert, t, i, j));
                if (v + m > t.max[1]) t.max[1] = Math.max(t.max[1], m == 0 ? v : exactFor(cert, t, i, j));
            }
        }
        if (v != v) t.nan[cls]++;
        boolean exact = m == 0;
        int h = grid.bin(v - m);
        if (!exact && h != grid.bin(v + m)) {
            v = cert.exact(i, j);
            exact = true;
            t.recomputed++;
            h = grid.bin(v);
        }
        if (grid.binBucket[h] < 0) {
            double mm = exact ? 0 : m;
            int b = grid.bucket(h, v - mm);
            if (b != grid.bucket(h, v + mm)) {
                b = grid.bucket(h, cert.exact(i, j));
                t.recomputed++;
            }
            t.bucket[cls][b]++;
        }
        t.hist[cls][h]++;
    }

    private static double exactFor(Certificate cert, Tally t, int i, int j) {
        t.recomputed++;
        return cert.exact(i, j);
    }

    /** One run of reference doubles, pair by pair (the reference path). */
    private void acceptExact(int i, int jFrom, double[] distances, int offset, int count) {
        Tally t = local.get();
        int li = label[i];
        double s0 = 0, s1 = 0, q0 = 0, q1 = 0;
        for (int k = 0; k < count; k++) {
            double v = distances[offset + k];
            int h = grid.bin(v);
            int b = grid.binBucket[h];
            int cls = label[jFrom + k] == li ? 1 : 0;
            if (b < 0) t.bucket[cls][grid.bucket(h, v)]++;
            t.hist[cls][h]++;
            if (v == v) {
                if (cls == 1) {
                    s1 += v;
                    q1 += v * v;
                } else {
                    s0 += v;
                    q0 += v * v;
                }
                t.min[cls] = Math.min(t.min[cls], v);
                t.max[cls] = Math.max(t.max[cls], v);
            } else {
                t.nan[cls]++;
            }
        }
        rowSum[0][i] += s0;
        rowSum[1][i] += s1;
        rowSumSq[0][i] += q0;
        rowSumSq[1][i] += q1;
    }

    private Counts result(int n, long nanos, int threads, AllPairs.Engine engine, long passRecomputed) {
        CutoffGrid g = grid;
        int bins = g.bins, cells = g.cells;
        long[][] bucket = new long[2][g.sorted.length + 1];
        long[][] hist = new long[2][bins + 1];
        double[] min = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] max = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        long[] nan = new long[2];
        long recomputed = passRecomputed;
        synchronized (tallies) {
            for (Tally t : tallies) {
                for (int c = 0; c < 2; c++) {
                    for (int b = 0; b < bucket[c].length; b++) bucket[c][b] += t.bucket[c][b];
                    for (int h = 0; h <= bins; h++) {
                        hist[c][h] += t.hist[c][h];
                        // bins without a cutoff: all their pairs fall in the bin's bucket
                        if (g.binBucket[h] >= 0) bucket[c][g.binBucket[h]] += t.hist[c][h];
                    }
                    min[c] = Math.min(min[c], t.min[c]);
                    max[c] = Math.max(max[c], t.max[c]);
                    nan[c] += t.nan[c];
                }
                if (t.cellCounts != null) { // different-person pairs counted by cell
                    for (int copy = 0; copy < COPIES; copy++) {
                        for (int cellIndex = 0; cellIndex < cells - 1; cellIndex++) {
                            long k = t.cellCounts[copy * cells + cellIndex];
                            if (k == 0) continue;
                            int h = cellIndex % (bins + 1), q = cellIndex / (bins + 1);
                            hist[0][h] += k;
                            bucket[0][g.cellBase[h] + q] += k;
                        }
                    }
                }
                recomputed += t.recomputed;
            }
        }
        Confusion[] byCutoff = g.confusions(bucket);
        ClassStats[] stats = new ClassStats[2];
        for (int c = 0; c < 2; c++) {
            long total = Arrays.stream(hist[c]).sum();
            double s = 0, q = 0;
            for (int r = 0; r < label.length; r++) {
                s += rowSum[c][r];
                q += rowSumSq[c][r];
            }
            long k = total - nan[c];
            double mean = k == 0 ? Double.NaN : s / k;
            double var = k < 2 ? Double.NaN : Math.max(0, (q - k * mean * mean) / (k - 1));
            stats[c] = new ClassStats(total, mean, Math.sqrt(var), k == 0 ? Double.NaN : min[c],
                    k == 0 ? Double.NaN : max[c], nan[c]);
        }
        return new Counts(metric, n, AllPairs.pairCount(n), g.cutoffs.clone(), byCutoff, g.width, hist[1], hist[0],
                stats[1], stats[0], nanos, threads, engine != AllPairs.Engine.PLAIN, recomputed);
    }
}
