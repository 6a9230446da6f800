package dev.facecal.spark;

import dev.facecal.calibrate.DistanceCounts;
import dev.facecal.distance.DistanceMetric;
import dev.facecal.distance.NegativeSample;
import dev.facecal.distance.RoundedDistanceCounter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * {@code facecal spark pairs}: every pair of a set of labelled embeddings, counted per metric and per distinct
 * 6-decimal distance ({@link DistanceCounts}), through a blocked cross join. The embeddings are cut into blocks of
 * {@code blockSize}; every block pair {@code (a, b)} with {@code a <= b} is one unit of work, counted by the core's
 * {@link RoundedDistanceCounter} ({@code within} for {@code a == b}, {@code block} otherwise), so the counts are
 * those of the single-machine pass exactly. Each partition sums its block pairs into one table per metric and emits
 * it once ({@link CountTable}: three arrays); a {@code reduceByKey} over the metric merges the tables. No pair and no distance list
 * is ever materialised: what crosses the network is the blocks (the embeddings, each sent to about
 * {@code blocks / 2} tasks) and the tables (at most one entry per distinct rounded distance).
 *
 * <p>With a {@link NegativeSample} ({@code --negatives N}) every same-person pair is still counted, and a
 * different-person pair only when the sample keeps it, decided on the pair's two row numbers: the counts are
 * those of a single-machine pass over all pairs with the same predicate, whatever the blocking.
 */
public final class PairCounts {
    private PairCounts() {}

    /** What a run counted. */
    public record Result(Map<DistanceMetric, DistanceCounts> counts, long pairs, int blocks, long nanPairs) {}

    /**
     * Counts every pair of the blocks.
     *
     * @param blocks  the embeddings in blocks (numbered from 0, any partitioning)
     * @param metrics the metrics to count
     */
    public static Result count(JavaRDD<VectorBlock> blocks, List<DistanceMetric> metrics) {
        return count(blocks, metrics, null);
    }

    /**
     * Counts every same-person pair of the blocks and the different-person pairs {@code sample} keeps.
     *
     * @param sample the different-person pairs to count; {@code null}: all of them
     */
    public static Result count(JavaRDD<VectorBlock> blocks, List<DistanceMetric> metrics, NegativeSample sample) {
        List<DistanceMetric> ms = List.copyOf(metrics);
        // the cross join reads each block partition once per block of the other side: keep the blocks in memory
        if (blocks.getStorageLevel() == org.apache.spark.storage.StorageLevel.NONE()) blocks = blocks.cache();
        JavaPairRDD<VectorBlock, VectorBlock> work = blocks.cartesian(blocks).filter(p -> p._1.id() <= p._2.id());
        List<Tuple2<Integer, CountTable>> merged = work.mapPartitionsToPair(it -> countPartition(it, ms, sample))
                .reduceByKey(CountTable::plus, Math.max(1, ms.size()))
                .collect();
        Map<DistanceMetric, DistanceCounts> counts = new EnumMap<>(DistanceMetric.class);
        long nan = 0;
        DistanceMetric[] all = DistanceMetric.values();
        for (var t : merged) {
            counts.put(all[t._1], t._2.counts());
            nan = Math.max(nan, t._2.nanSame() + t._2.nanDifferent());
        }
        long pairs = counts.isEmpty() ? 0 : counts.values().iterator().next().pairs() + nan;
        return new Result(counts, pairs, (int) blocks.count(), nan);
    }

    /** One task: its block pairs into one counter per metric, emitted as one table per metric. */
    private static Iterator<Tuple2<Integer, CountTable>> countPartition(
            Iterator<Tuple2<VectorBlock, VectorBlock>> it, List<DistanceMetric> metrics, NegativeSample sample) {
        Map<DistanceMetric, RoundedDistanceCounter> counters = new EnumMap<>(DistanceMetric.class);
        for (DistanceMetric m : metrics) counters.put(m, new RoundedDistanceCounter(m));
        while (it.hasNext()) {
            Tuple2<VectorBlock, VectorBlock> p = it.next();
            for (DistanceMetric m : metrics) {
                RoundedDistanceCounter c = counters.get(m);
                RoundedDistanceCounter.Block a = new RoundedDistanceCounter.Block(m, p._1.vectors(), p._1.labels());
                if (p._1.id() == p._2.id()) {
                    if (sample == null) c.within(a); else c.within(a, p._1.rows(), sample);
                } else {
                    RoundedDistanceCounter.Block b = new RoundedDistanceCounter.Block(m, p._2.vectors(),
                            p._2.labels());
                    if (sample == null) c.block(a, b); else c.block(a, p._1.rows(), b, p._2.rows(), sample);
                }
            }
        }
        List<Tuple2<Integer, CountTable>> out = new ArrayList<>();
        for (var e : counters.entrySet()) {
            out.add(new Tuple2<>(e.getKey().ordinal(), CountTable.of(e.getValue().counts(), e.getValue().nan())));
        }
        return out.iterator();
    }

}
