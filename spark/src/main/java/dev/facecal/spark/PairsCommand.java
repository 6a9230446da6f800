package dev.facecal.spark;

import dev.facecal.FacecalException;
import dev.facecal.Provenance;
import dev.facecal.distance.DistanceMetric;
import dev.facecal.pipeline.CountsFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code facecal spark pairs}: all pairs of an embeddings Parquet → counts per metric and distinct distance. */
@Command(name = "pairs", mixinStandardHelpOptions = true,
        description = {"Count every pair of an embeddings Parquet on Spark: per metric, how many same-person and "
                + "different-person pairs lie at each distinct distance rounded to DeepFace's 6 decimals. Writes a "
                + "counts folder (one CSV per metric and provenance.json) that ./facecal spark calibrate reads."})
final class PairsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--embeddings", required = true, paramLabel = "EMB.parquet",
            description = "Parquet with columns identity and embedding (as spark embed writes it); any Hadoop path")
    String embeddings;

    @Option(names = "--metrics", split = ",", paramLabel = "METRIC", defaultValue = "cosine,euclidean,euclidean_l2",
            description = "metrics to count (default: ${DEFAULT-VALUE}; also angular)")
    List<String> metrics = new ArrayList<>();

    @Option(names = "--negatives", paramLabel = "all", defaultValue = "all",
            description = "different-person pairs to count: all (the only choice so far)")
    String negatives;

    @Option(names = "--block", paramLabel = "N", defaultValue = "512",
            description = "embeddings per block of the blocked cross join (default: ${DEFAULT-VALUE})")
    int block;

    @Option(names = "--partitions", paramLabel = "N",
            description = "partitions of the blocks (default: Spark's default parallelism)")
    Integer partitions;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master (default: spark-submit's, else local[*])")
    String master;

    @Option(names = "--out", required = true, paramLabel = "COUNTS_DIR", description = "the counts folder to write")
    Path out;

    @Override
    public Integer call() {
        if (!negatives.equals("all")) {
            throw new FacecalException("--negatives " + negatives + ": only 'all' is available so far (a seeded "
                    + "sample of different-person pairs is not implemented); drop the option to count every pair");
        }
        List<DistanceMetric> ms = new ArrayList<>();
        for (String m : metrics) {
            try {
                ms.add(DistanceMetric.parse(m));
            } catch (IllegalArgumentException e) {
                throw new FacecalException("--metrics: " + e.getMessage());
            }
        }
        String url = Sessions.master(master);
        var err = spec.commandLine().getErr();
        long started = System.nanoTime();
        SparkSession spark = Sessions.open(url, "facecal spark pairs");
        try {
            long opened = System.nanoTime();
            EmbeddingTable table = EmbeddingTable.read(spark, embeddings);
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            int parts = partitions != null ? partitions : sc.defaultParallelism();
            JavaRDD<VectorBlock> blocks = table.blocks(sc, block, parts).cache();
            long n = table.rows().count();
            if (table.notOk() > 0) {
                err.println(embeddings + ": skipped " + table.notOk() + " row(s) whose status is not ok (photos "
                        + "without an embedding: no face, unreadable, ...)");
            }
            err.println(embeddings + ": " + n + " embeddings of " + table.identities().size() + " persons"
                    + (table.model().isEmpty() ? "" : " (model " + table.model() + ")") + "; counting "
                    + (n * (n - 1) / 2) + " pairs per metric on " + url);
            PairCounts.Result r = PairCounts.count(blocks, ms);
            long done = System.nanoTime();
            Provenance p = Provenance.empty()
                    .with("input", "embeddings", embeddings)
                    .with("input", "model", table.model())
                    .with("input", "embeddings_count", n)
                    .with("input", "identities", table.identities().size())
                    .with("pairs", "pairs", n * (n - 1) / 2)
                    .with("pairs", "metrics", String.join(",", ms.stream().map(DistanceMetric::deepfaceName).toList()))
                    .with("pairs", "rounding", "numpy round to 6 decimals (DeepFace)")
                    .with("pairs", "nan_pairs", r.nanPairs())
                    .with("spark", "master", url)
                    .with("spark", "version", spark.version())
                    .with("spark", "block", block)
                    .with("spark", "blocks", r.blocks())
                    .with("spark", "partitions", parts)
                    .with("spark", "seconds", String.format(java.util.Locale.ROOT, "%.3f", (done - opened) / 1e9));
            CountsFiles.write(out, r.counts(), p);
            double s = (done - opened) / 1e9;
            err.printf(java.util.Locale.ROOT, "counted %d pairs x %d metric(s) in %.1f s (%.3g pairs/s per metric; "
                    + "session start %.1f s); wrote %s%n", n * (n - 1) / 2, ms.size(), s, n * (n - 1) / 2 / s,
                    (opened - started) / 1e9, out);
            if (r.nanPairs() > 0) {
                err.println("note: " + r.nanPairs() + " pairs have no distance (a zero embedding under cosine or "
                        + "angular); they are left out of the counts");
            }
            return 0;
        } finally {
            spark.stop();
        }
    }
}
