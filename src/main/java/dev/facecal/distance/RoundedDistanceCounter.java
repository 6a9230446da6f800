package dev.facecal.distance;

import dev.facecal.calibrate.DistanceCounts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Counts every pair's distance, rounded to DeepFace's 6 decimals ({@link DistanceMetric#deepfaceRound}), per class:
 * how many same-person and different-person pairs lie at each distinct rounded distance ({@link DistanceCounts}).
 * No distance is kept; memory is one table entry per distinct rounded value (at most a few million).
 *
 * <p>Work comes in blocks ({@link #block}, {@link #within}): a block of rows against a block of columns, or all
 * pairs inside one block. The single-machine pass {@link #all} and the Spark module's blocked cross join call the
 * same two methods, so their counts agree exactly whatever the blocking.
 *
 * <p><b>Exactness.</b> Each distance is the reference double of {@link DistanceMetric#of(float[], float[])}: the
 * same {@link VectorMath} calls in the same order, with the per-vector parts (squared norms, DeepFace's
 * l2-normalised vector) computed once per block rather than once per pair, which changes no bit. {@code -0.0}
 * counts as {@code 0.0}. A NaN distance (a zero vector under cosine or angular) is counted apart ({@link #nan()}).
 */
public final class RoundedDistanceCounter {
    private final DistanceMetric metric;
    private final LongCounts counts = new LongCounts();
    private long nanSame;
    private long nanDifferent;

    /** A block of embeddings with the per-vector parts a metric needs, computed once. */
    public static final class Block {
        final float[][] vectors;
        final int[] labels;
        final double[] selfDot;
        final double[][] normalised;

        /**
         * @param vectors embeddings of one length (not copied: do not change them)
         * @param labels  the person of each (pairs with equal labels are same-person pairs)
         */
        public Block(DistanceMetric metric, float[][] vectors, int[] labels) {
            if (vectors.length != labels.length) {
                throw new IllegalArgumentException(vectors.length + " vectors but " + labels.length + " labels");
            }
            this.vectors = vectors;
            this.labels = labels;
            boolean dots = metric == DistanceMetric.COSINE || metric == DistanceMetric.ANGULAR;
            this.selfDot = dots ? new double[vectors.length] : null;
            this.normalised = metric == DistanceMetric.EUCLIDEAN_L2 ? new double[vectors.length][] : null;
            for (int i = 0; i < vectors.length; i++) {
                if (i > 0) VectorMath.requireSameLength(vectors[0].length, vectors[i].length);
                if (dots) selfDot[i] = VectorMath.dot(vectors[i], vectors[i]);
                if (normalised != null) normalised[i] = VectorMath.l2Normalised(vectors[i]);
            }
        }

        /** Number of embeddings. */
        public int size() {
            return vectors.length;
        }
    }

    public RoundedDistanceCounter(DistanceMetric metric) {
        this.metric = metric;
    }

    /** The metric counted. */
    public DistanceMetric metric() {
        return metric;
    }

    /**
     * The metric's distance between row {@code i} of {@code a} and row {@code j} of {@code b}: the reference double
     * of {@link DistanceMetric#of(float[], float[])}, bit for bit, from the blocks' precomputed per-vector parts
     * (so {@code facecal spark identify} ranks with the same numbers as {@code spark pairs} counts).
     */
    public double distance(Block a, int i, Block b, int j) {
        return switch (metric) {
            case COSINE -> VectorMath.cosine(VectorMath.dot(a.vectors[i], b.vectors[j]), a.selfDot[i], b.selfDot[j]);
            case ANGULAR -> VectorMath.angular(VectorMath.dot(a.vectors[i], b.vectors[j]), a.selfDot[i],
                    b.selfDot[j]);
            case EUCLIDEAN -> Math.sqrt(VectorMath.squaredDistance(a.vectors[i], b.vectors[j]));
            case EUCLIDEAN_L2 -> Math.sqrt(VectorMath.squaredDistance(a.normalised[i], b.normalised[j]));
        };
    }

    private void count(double d, boolean same) {
        double r = DistanceMetric.deepfaceRound(d);
        if (Double.isNaN(r)) {
            if (same) nanSame++; else nanDifferent++;
            return;
        }
        if (r == 0) r = 0.0;
        counts.add(Double.doubleToRawLongBits(r), same ? 1 : 0, same ? 0 : 1);
    }

    /** Counts every pair (i, j) with i a row of {@code rows} and j a row of {@code columns}. */
    public void block(Block rows, Block columns) {
        for (int i = 0; i < rows.size(); i++) {
            int li = rows.labels[i];
            for (int j = 0; j < columns.size(); j++) {
                count(distance(rows, i, columns, j), li == columns.labels[j]);
            }
        }
    }

    /** Counts every pair {i < j} inside one block. */
    public void within(Block block) {
        for (int i = 0; i < block.size(); i++) {
            int li = block.labels[i];
            for (int j = i + 1; j < block.size(); j++) {
                count(distance(block, i, block, j), li == block.labels[j]);
            }
        }
    }

    /**
     * Like {@link #block}, but a different-person pair is counted only when {@code sample} keeps it
     * ({@link NegativeSample#keep} on the pair's global indices); same-person pairs are all counted.
     *
     * @param rowIndex    each row's global index (the stable numbering the sample is drawn over)
     * @param columnIndex each column's global index
     */
    public void block(Block rows, long[] rowIndex, Block columns, long[] columnIndex, NegativeSample sample) {
        if (sample.keepsAll()) {
            block(rows, columns);
            return;
        }
        long seed = sample.seed(), t = sample.threshold();
        for (int i = 0; i < rows.size(); i++) {
            int li = rows.labels[i];
            long gi = rowIndex[i];
            for (int j = 0; j < columns.size(); j++) {
                boolean same = li == columns.labels[j];
                long gj = columnIndex[j];
                if (same || NegativeSample.keep(seed, Math.min(gi, gj), Math.max(gi, gj), t)) {
                    count(distance(rows, i, columns, j), same);
                }
            }
        }
    }

    /** Like {@link #within}, but a different-person pair is counted only when {@code sample} keeps it. */
    public void within(Block block, long[] index, NegativeSample sample) {
        if (sample.keepsAll()) {
            within(block);
            return;
        }
        long seed = sample.seed(), t = sample.threshold();
        for (int i = 0; i < block.size(); i++) {
            int li = block.labels[i];
            long gi = index[i];
            for (int j = i + 1; j < block.size(); j++) {
                boolean same = li == block.labels[j];
                long gj = index[j];
                if (same || NegativeSample.keep(seed, Math.min(gi, gj), Math.max(gi, gj), t)) {
                    count(distance(block, i, block, j), same);
                }
            }
        }
    }

    /** Adds another counter's counts (same metric). */
    public void merge(RoundedDistanceCounter other) {
        if (other.metric != metric) {
            throw new IllegalArgumentException("cannot merge " + other.metric + " counts into " + metric + " counts");
        }
        counts.addAll(other.counts);
        nanSame += other.nanSame;
        nanDifferent += other.nanDifferent;
    }

    /** Adds counts of one rounded distance (from another machine's counter). */
    public void add(double roundedDistance, long same, long different) {
        if (Double.isNaN(roundedDistance)) {
            nanSame += same;
            nanDifferent += different;
            return;
        }
        counts.add(Double.doubleToRawLongBits(roundedDistance == 0 ? 0.0 : roundedDistance), same, different);
    }

    /** Pairs whose distance was NaN (a zero vector under cosine or angular), same-person and different-person. */
    public long[] nan() {
        return new long[] {nanSame, nanDifferent};
    }

    /** The counts so far, ascending by distance (NaN distances left out: see {@link #nan()}). */
    public DistanceCounts counts() {
        long[][] e = counts.entries();
        int n = e[0].length;
        Integer[] order = new Integer[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            v[i] = Double.longBitsToDouble(e[0][i]);
        }
        Arrays.sort(order, (x, y) -> Double.compare(v[x], v[y]));
        double[] values = new double[n];
        long[] same = new long[n];
        long[] different = new long[n];
        for (int k = 0; k < n; k++) {
            values[k] = v[order[k]];
            same[k] = e[1][order[k]];
            different[k] = e[2][order[k]];
        }
        return new DistanceCounts(values, same, different);
    }

    /**
     * The single-machine pass: every pair {i < j} of {@code embeddings}, in row blocks of {@code blockSize} spread
     * over {@code threads} threads (0 = every processor).
     */
    public static RoundedDistanceCounter all(DistanceMetric metric, float[][] embeddings, int[] labels, int blockSize,
                                             int threads) {
        if (blockSize < 1) throw new IllegalArgumentException("block size must be >= 1, got " + blockSize);
        int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        int nb = (embeddings.length + blockSize - 1) / blockSize;
        Block[] blocks = new Block[nb];
        for (int b = 0; b < nb; b++) {
            int from = b * blockSize, to = Math.min(embeddings.length, from + blockSize);
            blocks[b] = new Block(metric, Arrays.copyOfRange(embeddings, from, to), Arrays.copyOfRange(labels, from,
                    to));
        }
        RoundedDistanceCounter total = new RoundedDistanceCounter(metric);
        ExecutorService pool = Executors.newFixedThreadPool(t);
        try {
            List<Future<RoundedDistanceCounter>> parts = new ArrayList<>();
            for (int w = 0; w < t; w++) {
                int worker = w;
                parts.add(pool.submit(() -> {
                    RoundedDistanceCounter c = new RoundedDistanceCounter(metric);
                    for (int b = worker; b < nb; b += t) {
                        c.within(blocks[b]);
                        for (int o = b + 1; o < nb; o++) c.block(blocks[b], blocks[o]);
                    }
                    return c;
                }));
            }
            for (Future<RoundedDistanceCounter> f : parts) total.merge(f.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while counting pairs", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("counting pairs failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return total;
    }
}
