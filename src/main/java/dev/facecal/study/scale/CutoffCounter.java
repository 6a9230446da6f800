package dev.facecal.study.scale;

import dev.facecal.calibrate.Confusion;
import dev.facecal.calibrate.OperatingCurve;
import dev.facecal.calibrate.PrecisionRecallTable;
import dev.facecal.distance.AllPairs;
import dev.facecal.distance.DistanceMetric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Seed 002's bookkeeping without keeping the distances: as {@link AllPairs#stream} hands over each run of pair
 * distances, counts for every cutoff how many same-person and different-person pairs lie at or below it (so
 * tp/fp/fn/tn per cutoff), fills a fixed-width histogram of each class, and sums each class's distances and
 * squares. Memory is a few kilobytes per thread whatever the number of pairs; 81.9 M pairs cost one pass.
 *
 * <p><b>Exactness.</b> A pair is accepted at cutoff c when {@code distance <= c}, the comparison
 * {@link dev.facecal.calibrate.OperatingCurve#confusionAt} makes, on the very doubles {@link AllPairs} produces
 * (bit-identical to {@link DistanceMetric#of}); a histogram bin with no cutoff in or within 1e-9 of it gives every
 * distance in it the same bucket, found once in advance, and distances in the other bins are compared with every
 * cutoff; so the confusion counts equal those of
 * {@link dev.facecal.calibrate.PrecisionRecallTable#of} over the stored distances, exactly (tested). A NaN distance
 * (zero vector under cosine) is accepted at no cutoff, as there.
 *
 * <p><b>Threads.</b> The consumer runs on the worker threads; each thread counts into its own arrays (found
 * through a {@link ThreadLocal}), merged after the run. Sums are kept per row (one thread writes a row, in column
 * order) and added in row order, so means and standard deviations do not depend on the thread count either.
 *
 * <p>Use: {@code CutoffCounts c = CutoffCounter.run(metric, embeddings, cutoffs, binWidth, bins, threads)}.
 */
public final class CutoffCounter implements AllPairs.SegmentConsumer {
    private final int[] label;
    private final double[] cutoffs;
    private final double[] sortedCutoffs;
    private final double binWidth;
    private final double invWidth;
    private final double histogramEnd;
    private final int bins;
    /** The cutoff bucket of every distance falling in histogram bin h, or -1 where a cutoff lies in or near it. */
    private final int[] binBucket;
    private final double[][] rowSum; // [class][row]
    private final double[][] rowSumSq;
    private final List<Tally> tallies = new ArrayList<>();
    private final ThreadLocal<Tally> local = ThreadLocal.withInitial(this::newTally);

    /** Per-thread counts: cutoff buckets and histogram bins (last = overflow or NaN), per class. */
    private final class Tally {
        final long[][] bucket = new long[2][sortedCutoffs.length + 1];
        final long[][] hist = new long[2][bins + 1];
        final double[] min = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        final double[] max = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        final long[] nan = new long[2];
    }

    /**
     * A counter for {@code labels.length} embeddings.
     *
     * @param labels   the person of each embedding (pairs with equal labels are same-person pairs)
     * @param cutoffs  distance cutoffs, any order, finite
     * @param binWidth histogram bin width, positive
     * @param bins     number of histogram bins from 0; distances at or past {@code bins * binWidth} go to an
     *                 overflow bin
     */
    public CutoffCounter(int[] labels, double[] cutoffs, double binWidth, int bins) {
        if (!(binWidth > 0) || Double.isInfinite(binWidth)) {
            throw new IllegalArgumentException("bin width must be positive, got " + binWidth);
        }
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be at least 1, got " + bins);
        }
        for (double c : cutoffs) {
            if (!Double.isFinite(c)) throw new IllegalArgumentException("cutoffs must be finite, got " + c);
        }
        this.label = labels.clone();
        this.sortedCutoffs = cutoffs.clone();
        Arrays.sort(sortedCutoffs);
        this.cutoffs = cutoffs.clone();
        this.binWidth = binWidth;
        this.invWidth = 1.0 / binWidth;
        this.bins = bins;
        this.histogramEnd = bins * binWidth;
        this.binBucket = new int[bins + 1];
        for (int h = 0; h < bins; h++) {
            double lo = h * binWidth, hi = (h + 1) * binWidth, margin = 1e-9 * Math.max(1.0, hi);
            int a = bucket(lo - margin), b = bucket(hi + margin);
            binBucket[h] = a == b ? a : -1;
        }
        binBucket[bins] = -1;
        this.rowSum = new double[2][labels.length];
        this.rowSumSq = new double[2][labels.length];
    }

    /** The first cutoff at or above {@code v} (its index in sorted order), or the number of cutoffs. */
    private int bucket(double v) {
        int b = 0;
        while (b < sortedCutoffs.length && !(v <= sortedCutoffs[b])) b++;
        return b;
    }

    private Tally newTally() {
        Tally t = new Tally();
        synchronized (tallies) {
            tallies.add(t);
        }
        return t;
    }

    /**
     * Streams every pair of {@code embeddings} through a new counter.
     *
     * @param threads 0 = every processor
     */
    public static CutoffCounts run(DistanceMetric metric, LabelledEmbeddings embeddings, double[] cutoffs,
                                   double binWidth, int bins, int threads) {
        CutoffCounter c = new CutoffCounter(embeddings.identity(), cutoffs, binWidth, bins);
        long t0 = System.nanoTime();
        AllPairs.Summary s = AllPairs.stream(metric, embeddings.vectors(), threads, c);
        long nanos = System.nanoTime() - t0;
        return c.result(metric, s.pairs(), nanos, threads == 0 ? Runtime.getRuntime().availableProcessors() : threads);
    }

    /**
     * The reference path the counter replaces: every distance stored (doubles, N up to 65,535), labelled, sorted
     * into an {@link OperatingCurve} and read at each cutoff by {@link PrecisionRecallTable#of}.
     */
    public static PrecisionRecallTable stored(DistanceMetric metric, LabelledEmbeddings embeddings, double[] cutoffs) {
        int n = embeddings.size();
        double[] d = new double[(int) AllPairs.pairCount(n)];
        AllPairs.into(metric, embeddings.vectors(), d, 0);
        boolean[] same = new boolean[d.length];
        int[] lab = embeddings.identity();
        int p = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) same[p++] = lab[i] == lab[j];
        }
        return PrecisionRecallTable.of(OperatingCurve.of(d, same), cutoffs);
    }

    @Override
    public void accept(int i, int jFrom, double[] distances, int offset, int count) {
        Tally t = local.get();
        int[] lab = label;
        int li = lab[i];
        double[] cut = sortedCutoffs;
        int[] byBin = binBucket;
        int m = cut.length;
        long[] b0 = t.bucket[0], b1 = t.bucket[1], h0 = t.hist[0], h1 = t.hist[1];
        double end = histogramEnd, inv = invWidth;
        double s0 = 0, s1 = 0, q0 = 0, q1 = 0;
        double min0 = t.min[0], min1 = t.min[1], max0 = t.max[0], max1 = t.max[1];
        for (int k = 0; k < count; k++) {
            double v = distances[offset + k];
            int h = v >= 0 && v < end ? Math.min(bins - 1, (int) (v * inv)) : bins;
            int b = byBin[h];
            if (b < 0) {
                // a cutoff lies in or next to this bin (or the distance is out of range): compare exactly
                b = 0;
                while (b < m && !(v <= cut[b])) b++;
            }
            if (lab[jFrom + k] == li) {
                b1[b]++;
                h1[h]++;
                if (v == v) {
                    s1 += v;
                    q1 += v * v;
                    if (v < min1) min1 = v;
                    if (v > max1) max1 = v;
                } else {
                    t.nan[1]++;
                }
            } else {
                b0[b]++;
                h0[h]++;
                if (v == v) {
                    s0 += v;
                    q0 += v * v;
                    if (v < min0) min0 = v;
                    if (v > max0) max0 = v;
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
     * The counts so far (call after {@link AllPairs#stream} returns).
     *
     * @param pairs number of pairs streamed
     * @param nanos wall time of the run, for the report
     */
    public CutoffCounts result(DistanceMetric metric, long pairs, long nanos, int threads) {
        int m = sortedCutoffs.length;
        long[][] bucket = new long[2][m + 1];
        long[][] hist = new long[2][bins + 1];
        double[] min = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] max = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        long[] nan = new long[2];
        synchronized (tallies) {
            for (Tally t : tallies) {
                for (int c = 0; c < 2; c++) {
                    for (int b = 0; b <= m; b++) bucket[c][b] += t.bucket[c][b];
                    for (int h = 0; h <= bins; h++) hist[c][h] += t.hist[c][h];
                    min[c] = Math.min(min[c], t.min[c]);
                    max[c] = Math.max(max[c], t.max[c]);
                    nan[c] += t.nan[c];
                }
            }
        }
        long[] total = new long[2];
        for (int c = 0; c < 2; c++) {
            for (long x : bucket[c]) total[c] += x;
        }
        Confusion[] byCutoff = new Confusion[cutoffs.length];
        for (int q = 0; q < cutoffs.length; q++) {
            int upTo = Arrays.binarySearch(sortedCutoffs, cutoffs[q]);
            // the first of equal cutoffs holds the bucket; accepted = buckets 0 .. that index
            while (upTo > 0 && sortedCutoffs[upTo - 1] == cutoffs[q]) upTo--;
            long tp = 0, fp = 0;
            for (int b = 0; b <= upTo; b++) {
                tp += bucket[1][b];
                fp += bucket[0][b];
            }
            byCutoff[q] = new Confusion(total[0] - fp, fp, total[1] - tp, tp);
        }
        CutoffCounts.ClassStats[] stats = new CutoffCounts.ClassStats[2];
        for (int c = 0; c < 2; c++) {
            double s = 0, q = 0;
            for (int r = 0; r < label.length; r++) {
                s += rowSum[c][r];
                q += rowSumSq[c][r];
            }
            long n = total[c] - nan[c];
            double mean = n == 0 ? Double.NaN : s / n;
            double var = n < 2 ? Double.NaN : Math.max(0, (q - n * mean * mean) / (n - 1));
            stats[c] = new CutoffCounts.ClassStats(total[c], mean, Math.sqrt(var), n == 0 ? Double.NaN : min[c],
                    n == 0 ? Double.NaN : max[c], nan[c]);
        }
        return new CutoffCounts(metric, label.length, pairs, cutoffs.clone(), byCutoff, binWidth, hist[1], hist[0],
                stats[1], stats[0], nanos, threads, vectorApi());
    }

    /** Whether {@link AllPairs} runs its Vector API kernel in this JVM (as it decides it). */
    public static boolean vectorApi() {
        return dev.facecal.distance.AllPairs.vectorApi();
    }
}
