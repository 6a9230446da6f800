package dev.facecal.spark;

import dev.facecal.FacecalException;
import dev.facecal.distance.DistanceMetric;
import dev.facecal.distance.RoundedDistanceCounter;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Seed 003's identification protocol (MegaFace style) on Spark: every photo of a person with at least two photos is
 * a probe in turn; its gallery is its person's other photo(s) mixed with every distractor. The probe's genuine
 * distance is the smallest distance to its person's other photos; its rank is 1 + the distractors at or below that
 * distance (a tie goes to the distractor). Rank-r identification rate is the fraction of probes of rank &le; r.
 *
 * <p><b>Blocked top-k.</b> Ranks up to {@code k} need only each probe's {@code k} nearest distractors. Probe blocks
 * cross distractor blocks ({@code cartesian}); each task keeps, per probe, the {@code k} smallest distances over its
 * block pairs ({@link NearestDistances}) and emits them once; a {@code reduceByKey} over the probe merges the lists.
 * The genuine distances come from grouping the probes by person. Distances are the reference doubles of
 * {@link DistanceMetric#of(float[], float[])} ({@link RoundedDistanceCounter#distance}, bit for bit), so the result is
 * that of a brute-force single-machine pass exactly, whatever the blocking.
 *
 * <p><b>Verification on the same pairs.</b> The same tasks count every probe-distractor distance (rounded to
 * DeepFace's 6 decimals) as a different-person pair, and the probes' same-person pairs are counted per person,
 * so TAR at FAR targets ({@link VerificationRates}) come from the counts without a list of distances.
 */
final class BlockedIdentification {
    private BlockedIdentification() {}

    /** A probe photo: its row in the probe table's stable order, its person and file, its embedding. */
    record Probe(long row, int label, String identity, String path, float[] vector) implements Serializable {}

    /**
     * One probe's outcome.
     *
     * @param row       the probe's row number (identity, then path order)
     * @param identity  its person
     * @param path      its file ("" when the Parquet has no path column)
     * @param genuine   distance to the nearest other photo of its person
     * @param nearest   distances to its nearest distractors, ascending (at most k)
     * @param rank      its person's rank among gallery and distractors, 1-based; 0 when above k (or NaN genuine)
     */
    record ProbeResult(long row, String identity, String path, double genuine, double[] nearest, int rank)
            implements Serializable {
        ProbeResult {
            if (rank < 0) throw new IllegalArgumentException("rank must be >= 0, got " + rank);
        }
    }

    /** The probes: rows of persons with at least two photos, numbered in {@code table}'s stable order. */
    static JavaRDD<Probe> probes(EmbeddingTable table, java.util.Set<String> probePersons) {
        boolean hasPath = List.of(table.rows().schema().fieldNames()).contains(EmbeddingTable.PATH);
        Map<String, Integer> labels = new HashMap<>();
        for (int i = 0; i < table.identities().size(); i++) labels.put(table.identities().get(i), i);
        String src = table.source();
        var cols = hasPath ? table.ordered().select(EmbeddingTable.IDENTITY, EmbeddingTable.EMBEDDING,
                EmbeddingTable.PATH) : table.ordered().select(EmbeddingTable.IDENTITY, EmbeddingTable.EMBEDDING);
        return cols.javaRDD().zipWithIndex()
                .filter(t -> probePersons.contains(t._1.getString(0)))
                .map(t -> {
                    Row r = t._1;
                    float[] f = EmbeddingTable.floats(r, src, t._2);
                    String path = hasPath && !r.isNullAt(2) ? r.getString(2) : "";
                    return new Probe(t._2, labels.get(r.getString(0)), r.getString(0), path, f);
                });
    }

    /** The probes in blocks of {@code blockSize} (by row number), over {@code partitions} partitions. */
    static JavaRDD<VectorBlock> blocks(JavaRDD<Probe> probes, int blockSize, int partitions) {
        long size = blockSize;
        return probes.mapToPair(p -> new Tuple2<>((int) (p.row() / size), p)).groupByKey(partitions).map(g -> {
            List<Probe> ps = new ArrayList<>();
            g._2.forEach(ps::add);
            ps.sort(java.util.Comparator.comparingLong(Probe::row));
            float[][] v = new float[ps.size()][];
            int[] l = new int[ps.size()];
            long[] n = new long[ps.size()];
            for (int k = 0; k < v.length; k++) {
                v[k] = ps.get(k).vector();
                l[k] = ps.get(k).label();
                n[k] = ps.get(k).row();
            }
            return new VectorBlock(g._1, v, l, n);
        });
    }

    /**
     * One task's share of the probe x distractor cross join: each of its probes' {@code k} nearest distractor
     * distances so far, and every probe-distractor distance (DeepFace-rounded) counted as a different-person pair.
     */
    record Partial(Map<Long, double[]> nearest, CountTable impostors) implements Serializable {}

    /** The cross join, one {@link Partial} per task (cache it: the nearest lists and the counts are read apart). */
    static JavaRDD<Partial> crossJoin(JavaRDD<VectorBlock> probeBlocks, JavaRDD<VectorBlock> distractorBlocks,
                                      DistanceMetric metric, int k) {
        return probeBlocks.cartesian(distractorBlocks).mapPartitions(it -> List.of(partial(it, metric, k))
                .iterator());
    }

    /** Each probe's {@code k} nearest distractor distances, by probe row. */
    static JavaPairRDD<Long, double[]> nearestDistractors(JavaRDD<Partial> partials, int k, int partitions) {
        return partials.flatMapToPair(p -> {
            List<Tuple2<Long, double[]>> out = new ArrayList<>(p.nearest().size());
            for (var e : p.nearest().entrySet()) out.add(new Tuple2<>(e.getKey(), e.getValue()));
            return out.iterator();
        }).reduceByKey((a, b) -> NearestDistances.merge(a, b, k), partitions);
    }

    private static Partial partial(Iterator<Tuple2<VectorBlock, VectorBlock>> it, DistanceMetric metric, int k) {
        RoundedDistanceCounter distances = new RoundedDistanceCounter(metric);
        Map<Long, double[]> top = new HashMap<>();
        while (it.hasNext()) {
            Tuple2<VectorBlock, VectorBlock> p = it.next();
            RoundedDistanceCounter.Block probes = new RoundedDistanceCounter.Block(metric, p._1.vectors(),
                    p._1.labels());
            RoundedDistanceCounter.Block distractors = new RoundedDistanceCounter.Block(metric, p._2.vectors(),
                    p._2.labels());
            for (int i = 0; i < probes.size(); i++) {
                double[] t = top.getOrDefault(p._1.rows()[i], NearestDistances.EMPTY);
                for (int j = 0; j < distractors.size(); j++) {
                    double d = distances.distance(probes, i, distractors, j);
                    t = NearestDistances.offer(t, d, k);
                    distances.add(DistanceMetric.deepfaceRound(d), 0, 1);
                }
                top.put(p._1.rows()[i], t);
            }
        }
        return new Partial(top, CountTable.of(distances.counts(), distances.nan()));
    }

    /** Every same-person pair of the probes, DeepFace-rounded, counted per person and merged. */
    static CountTable genuinePairs(JavaRDD<Probe> probes, DistanceMetric metric, int partitions) {
        return probes.mapToPair(p -> new Tuple2<>(p.label(), p)).groupByKey(partitions).map(g -> {
            List<Probe> ps = new ArrayList<>();
            g._2.forEach(ps::add);
            float[][] v = new float[ps.size()][];
            int[] l = new int[ps.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = ps.get(i).vector();
                l[i] = ps.get(i).label();
            }
            RoundedDistanceCounter c = new RoundedDistanceCounter(metric);
            c.within(new RoundedDistanceCounter.Block(metric, v, l));
            return CountTable.of(c.counts(), c.nan());
        }).fold(new CountTable(new double[0], new long[0], new long[0], 0, 0), CountTable::plus);
    }

    /** (probe row, (probe without its vector, genuine distance)), grouping the probes by person. */
    static JavaPairRDD<Long, Tuple2<Probe, Double>> genuine(JavaRDD<Probe> probes, DistanceMetric metric,
                                                           int partitions) {
        return probes.mapToPair(p -> new Tuple2<>(p.label(), p)).groupByKey(partitions).flatMapToPair(g -> {
            List<Probe> ps = new ArrayList<>();
            g._2.forEach(ps::add);
            List<Tuple2<Long, Tuple2<Probe, Double>>> out = new ArrayList<>(ps.size());
            for (Probe a : ps) {
                double best = Double.NaN;
                for (Probe b : ps) {
                    if (b.row() == a.row()) continue;
                    double d = metric.of(a.vector(), b.vector());
                    if (!Double.isNaN(d) && (Double.isNaN(best) || d < best)) best = d;
                }
                out.add(new Tuple2<>(a.row(), new Tuple2<>(new Probe(a.row(), a.label(), a.identity(), a.path(),
                        new float[0]), best)));
            }
            return out.iterator();
        });
    }

    /**
     * What a run finds: each probe's outcome (by probe row), and the verification counts of the same pairs: every
     * same-person pair of the probes and every probe-distractor pair, per DeepFace-rounded distance.
     */
    record Outcome(List<ProbeResult> probes, CountTable pairs) {}

    /** Runs the protocol. */
    static Outcome run(JavaRDD<Probe> probes, JavaRDD<VectorBlock> distractorBlocks, DistanceMetric metric,
                       int k, int blockSize, int partitions) {
        if (k < 1) throw new FacecalException("--k must be >= 1, got " + k);
        JavaRDD<VectorBlock> probeBlocks = blocks(probes, blockSize, partitions).cache();
        JavaRDD<Partial> partials = crossJoin(probeBlocks, distractorBlocks, metric, k).cache();
        JavaPairRDD<Long, double[]> nearest = nearestDistractors(partials, k, partitions);
        List<ProbeResult> out = new ArrayList<>();
        for (var t : genuine(probes, metric, partitions).join(nearest).collect()) {
            Probe p = t._2._1._1;
            double g = t._2._1._2;
            double[] top = t._2._2;
            out.add(new ProbeResult(p.row(), p.identity(), p.path(), g, top, NearestDistances.rank(top, g, k)));
        }
        out.sort(java.util.Comparator.comparingLong(ProbeResult::row));
        CountTable impostors = partials.map(Partial::impostors).fold(new CountTable(new double[0], new long[0],
                new long[0], 0, 0), CountTable::plus);
        CountTable pairs = impostors.plus(genuinePairs(probes, metric, partitions));
        partials.unpersist();
        probeBlocks.unpersist();
        return new Outcome(out, pairs);
    }
}
