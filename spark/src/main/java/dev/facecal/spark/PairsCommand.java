package dev.facecal.spark;

import dev.facecal.FacecalException;
import dev.facecal.Provenance;
import dev.facecal.calibrate.DistanceCounts;
import dev.facecal.distance.DistanceMetric;
import dev.facecal.distance.NegativeSample;
import dev.facecal.pipeline.CountsFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Option(names = "--negatives", paramLabel = "all|N", defaultValue = "all",
            description = {"different-person pairs to count: all (default), or N: a seeded sample of about N of them "
                    + "(each kept with probability N/M, M the different-person pairs; every same-person pair is "
                    + "still counted). Recorded in provenance.json; calibrate then warns that FAR is estimated."})
    String negatives;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "" + NegativeSample.DEFAULT_SEED,
            description = "seed of the --negatives N sample (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--block", paramLabel = "N", defaultValue = "512",
            description = "embeddings per block of the blocked cross join (default: ${DEFAULT-VALUE})")
    int block;

    @Option(names = "--partitions", paramLabel = "N",
            description = "partitions of the blocks (default: Spark's default parallelism)")
    Integer partitions;

    @Mixin
    MasterOption master;

    @Option(names = "--out", required = true, paramLabel = "COUNTS_DIR", description = "the counts folder to write")
    Path out;

    @Override
    public Integer call() {
        Long requested = requestedNegatives(negatives);
        List<DistanceMetric> ms = new ArrayList<>();
        for (String m : metrics) {
            try {
                ms.add(DistanceMetric.parse(m));
            } catch (IllegalArgumentException e) {
                throw new FacecalException("--metrics: " + e.getMessage());
            }
        }
        String url = master.url();
        var err = spec.commandLine().getErr();
        if (requested == null && spec.commandLine().getParseResult().hasMatchedOption("--seed")) {
            err.println("note: --seed " + seed + " has no effect with --negatives all (every pair is counted); give "
                    + "--negatives N to count a seeded sample");
        }
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
            long all = n * (n - 1) / 2;
            NegativeSample sample = null;
            if (requested != null) {
                long population = all - samePersonPairs(table);
                sample = new NegativeSample(seed, requested, population);
                if (sample.keepsAll()) {
                    err.println("note: --negatives " + requested + " is at least the " + population
                            + " different-person pairs there are: counting them all");
                }
            }
            err.println(embeddings + ": " + n + " embeddings of " + table.identities().size() + " persons"
                    + (table.model().isEmpty() ? "" : " (model " + table.model() + ")") + "; counting "
                    + (sample == null ? all + " pairs" : "the same-person pairs and a sample of about "
                    + Math.min(requested, sample.population()) + " of " + sample.population()
                    + " different-person pairs (seed " + seed + ")") + " per metric on " + url);
            PairCounts.Result r = PairCounts.count(blocks, ms, sample);
            long done = System.nanoTime();
            Provenance p = Provenance.empty()
                    .with("input", "embeddings", embeddings)
                    .with("input", "model", table.model())
                    .with("input", "embeddings_count", n)
                    .with("input", "identities", table.identities().size())
                    .with("pairs", "pairs", all)
                    .with("pairs", "metrics", String.join(",", ms.stream().map(DistanceMetric::deepfaceName).toList()))
                    .with("pairs", "rounding", "numpy round to 6 decimals (DeepFace)")
                    .with("pairs", "nan_pairs", r.nanPairs())
                    .with("spark", "master", url)
                    .with("spark", "version", spark.version())
                    .with("spark", "block", block)
                    .with("spark", "blocks", r.blocks())
                    .with("spark", "partitions", parts)
                    .with("spark", "seconds", String.format(java.util.Locale.ROOT, "%.3f", (done - opened) / 1e9))
                    .with("spark", "session_seconds", String.format(java.util.Locale.ROOT, "%.3f",
                            (opened - started) / 1e9));
            p = negativesProvenance(p, sample, r, all);
            CountsFiles.write(out, r.counts(), p);
            double s = (done - opened) / 1e9;
            err.printf(java.util.Locale.ROOT, "counted %d pairs x %d metric(s) in %.1f s (%d pairs considered, "
                    + "%.3g pairs/s per metric; session start %.1f s); wrote %s%n", r.pairs(), ms.size(), s, all,
                    all / s, (opened - started) / 1e9, out);
            if (sample != null && !sample.keepsAll()) {
                DistanceCounts c = r.counts().values().iterator().next();
                err.printf(java.util.Locale.ROOT, "different-person pairs: %d sampled of %d (fraction %.6g, seed %d);"
                        + " same-person pairs: all %d%n", c.negatives(), sample.population(),
                        c.negatives() / (double) sample.population(), seed, c.positives());
            }
            if (r.nanPairs() > 0) {
                err.println("note: " + r.nanPairs() + " pairs have no distance (a zero embedding under cosine or "
                        + "angular); they are left out of the counts");
            }
            return 0;
        } finally {
            spark.stop();
        }
    }

    /** {@code --negatives}: {@code null} for all, else N &ge; 1. */
    static Long requestedNegatives(String option) {
        if (option.equalsIgnoreCase("all")) return null;
        long n;
        try {
            n = Long.parseLong(option.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new FacecalException("--negatives " + option + ": give 'all' or a number of different-person pairs "
                    + "to sample, e.g. --negatives 1000000");
        }
        if (n <= 0) {
            throw new FacecalException("--negatives " + option + ": the sample needs at least 1 different-person "
                    + "pair; give a positive number, or 'all' to count every pair");
        }
        return n;
    }

    /** Same-person pairs of the table: sum over persons of c(c-1)/2, c the person's photos. */
    static long samePersonPairs(EmbeddingTable table) {
        long same = 0;
        for (var row : table.rows().groupBy(EmbeddingTable.IDENTITY).count().collectAsList()) {
            long c = row.getLong(1);
            same += c * (c - 1) / 2;
        }
        return same;
    }

    /** The provenance's {@code negatives} section: how the different-person pairs were chosen. */
    static Provenance negativesProvenance(Provenance p, NegativeSample sample, PairCounts.Result r, long all) {
        if (sample == null || sample.keepsAll()) {
            return p.with(CountsFiles.NEGATIVES, "mode", "all");
        }
        DistanceCounts c = r.counts().values().iterator().next();
        return p.with(CountsFiles.NEGATIVES, "mode", "sample")
                .with(CountsFiles.NEGATIVES, "seed", sample.seed())
                .with(CountsFiles.NEGATIVES, "requested", sample.requested())
                .with(CountsFiles.NEGATIVES, "population", sample.population())
                .with(CountsFiles.NEGATIVES, "sampled", c.negatives())
                .with(CountsFiles.NEGATIVES, "fraction", String.format(java.util.Locale.ROOT, "%.6g",
                        c.negatives() / (double) sample.population()))
                .with(CountsFiles.NEGATIVES, "order", "rows sorted by identity, then path")
                .with(CountsFiles.NEGATIVES, "rule", "pair {i<j} of different persons kept iff splitmix64 hash(seed,"
                        + " i, j) < floor(requested * 2^64 / population), unsigned (dev.facecal.distance."
                        + "NegativeSample)");
    }
}
