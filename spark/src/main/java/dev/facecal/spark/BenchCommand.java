package dev.facecal.spark;

import dev.facecal.distance.DistanceMetric;
import dev.facecal.distance.RoundedDistanceCounter;
import dev.facecal.study.scale.SyntheticEmbeddings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code facecal spark bench}: pairs/s of {@code spark pairs} in local[1] and local[2] against the single-machine
 * pass ({@link RoundedDistanceCounter#all} on 1 and 2 threads) on the same seeded synthetic embeddings in one run,
 * and the fixed cost of a Spark job (the same job on 2 embeddings). Each Spark figure is the job alone (read the
 * Parquet, block, cross join, count, collect), after the session has started; the session start is reported apart.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure spark pairs in local[1] and local[2] against the single-machine counter on the same "
                + "synthetic embeddings, and the fixed cost of a Spark job; prints a Markdown table."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--images", defaultValue = "4000", paramLabel = "N", description = "embeddings (default: ${DEFAULT-VALUE})")
    int images;

    @Option(names = "--metric", defaultValue = "cosine", paramLabel = "METRIC", description = "metric (default: ${DEFAULT-VALUE})")
    String metric;

    @Option(names = "--block", defaultValue = "512", paramLabel = "N", description = "block size (default: ${DEFAULT-VALUE})")
    int block;

    @Override
    public Integer call() throws Exception {
        DistanceMetric m = DistanceMetric.parse(metric);
        SyntheticEmbeddings data = SyntheticEmbeddings.of(images, Math.max(2, images * 5467 / 12797),
                SyntheticEmbeddings.Shape.dlibLike(), 2L);
        SyntheticEmbeddings tiny = SyntheticEmbeddings.of(2, 1, SyntheticEmbeddings.Shape.dlibLike(), 2L);
        long pairs = (long) images * (images - 1) / 2;
        Path tmp = Files.createTempDirectory("facecal-spark-bench");
        String big = tmp.resolve("emb.parquet").toString(), small = tmp.resolve("tiny.parquet").toString();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%d synthetic dlib-like embeddings, %d pairs, %s, block %d; load "
                + "average at start %s%n%n", images, pairs, m, block, loadAverage()));
        out.append("| engine | seconds | pairs/s | pairs/s per core |\n|:--|--:|--:|--:|\n");
        for (int threads : new int[] {1, 2}) {
            RoundedDistanceCounter.all(m, data.vectors(), data.identity(), block, threads); // warm-up
            long t = System.nanoTime();
            RoundedDistanceCounter.all(m, data.vectors(), data.identity(), block, threads);
            row(out, "single machine, RoundedDistanceCounter.all, " + threads + " thread(s)",
                    (System.nanoTime() - t) / 1e9, pairs, threads);
        }
        for (int cores : new int[] {1, 2}) {
            long t0 = System.nanoTime();
            SparkSession spark = Sessions.open("local[" + cores + "]", "facecal spark bench");
            double start = (System.nanoTime() - t0) / 1e9;
            try {
                if (cores == 1) {
                    SyntheticCommand.write(spark, data, big);
                    SyntheticCommand.write(spark, tiny, small);
                }
                JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
                job(spark, sc, small, m, cores); // warm-up: the JIT and Spark's first job
                long t = System.nanoTime();
                job(spark, sc, small, m, cores);
                double fixed = (System.nanoTime() - t) / 1e9;
                t = System.nanoTime();
                job(spark, sc, big, m, cores);
                double s = (System.nanoTime() - t) / 1e9;
                row(out, "spark pairs, local[" + cores + "]", s, pairs, cores);
                out.append(String.format(Locale.ROOT, "| local[%d]: session start %.2f s, fixed cost of a job "
                        + "(2 embeddings) %.2f s | | | |%n", cores, start, fixed));
            } finally {
                spark.stop();
            }
        }
        out.append(String.format(Locale.ROOT, "%nload average at end %s%n", loadAverage()));
        System.out.print(out);
        return 0;
    }

    private void job(SparkSession spark, JavaSparkContext sc, String path, DistanceMetric m, int parts) {
        EmbeddingTable t = EmbeddingTable.read(spark, path);
        PairCounts.count(t.blocks(sc, block, parts), List.of(m));
    }

    private static void row(StringBuilder out, String engine, double s, long pairs, int cores) {
        out.append(String.format(Locale.ROOT, "| %s | %.2f | %.3g | %.3g |%n", engine, s, pairs / s,
                pairs / s / cores));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
