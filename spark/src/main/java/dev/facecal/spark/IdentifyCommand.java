package dev.facecal.spark;

import dev.facecal.FacecalException;
import dev.facecal.Provenance;
import dev.facecal.calibrate.Numbers;
import dev.facecal.dataset.CsvOut;
import dev.facecal.distance.DistanceMetric;
import dev.facecal.study.identify.Seed003;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code facecal spark identify}: seed 003's rank-k identification against distractors, at scale. */
@Command(name = "identify", mixinStandardHelpOptions = true,
        description = {"Seed 003's identification protocol (MegaFace style) on Spark: every photo of a person with "
                + "at least two photos in EMB is a probe in turn, its gallery is its person's other photo(s) mixed "
                + "with every distractor of DIST; reports the rank-1 .. rank-k identification rates. A summary goes "
                + "to stdout; --out DIR also writes identify.json and probes.csv (one row per probe)."})
final class IdentifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--embeddings", required = true, paramLabel = "EMB.parquet",
            description = "the probes' embeddings Parquet (identity, embedding; path orders a person's photos)")
    String embeddings;

    @Option(names = "--distractors", required = true, paramLabel = "DIST.parquet",
            description = "the distractors' embeddings Parquet: other persons, none of them in EMB")
    String distractors;

    @Option(names = "--metric", defaultValue = "cosine", paramLabel = "METRIC",
            description = "distance (default: ${DEFAULT-VALUE}; also euclidean, euclidean_l2, angular)")
    String metric;

    @Option(names = "--k", defaultValue = "10", paramLabel = "K",
            description = "ranks reported, 1 .. K (default: ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--block", defaultValue = "512", paramLabel = "N",
            description = "embeddings per block of the probe x distractor cross join (default: ${DEFAULT-VALUE})")
    int block;

    @Option(names = "--partitions", paramLabel = "N",
            description = "partitions of the blocks (default: Spark's default parallelism)")
    Integer partitions;

    @Mixin
    MasterOption master;

    @Option(names = "--out", paramLabel = "DIR", description = "also write identify.json and probes.csv here")
    Path out;

    @Override
    public Integer call() {
        DistanceMetric m;
        try {
            m = DistanceMetric.parse(metric);
        } catch (IllegalArgumentException e) {
            throw new FacecalException("--metric: " + e.getMessage());
        }
        if (k < 1) throw new FacecalException("--k " + k + ": give a rank of at least 1, e.g. --k 10");
        if (block < 1) throw new FacecalException("--block " + block + ": give at least 1 embedding per block");
        String url = master.url();
        PrintWriter err = spec.commandLine().getErr();
        SparkSession spark = Sessions.open(url, "facecal spark identify");
        try {
            long opened = System.nanoTime();
            EmbeddingTable probeTable = EmbeddingTable.read(spark, embeddings);
            EmbeddingTable distractorTable = EmbeddingTable.read(spark, distractors);
            check(probeTable, distractorTable);
            Set<String> probePersons = new HashSet<>();
            List<String> single = new ArrayList<>();
            long probeCount = 0;
            for (Row r : probeTable.rows().groupBy(EmbeddingTable.IDENTITY).count().collectAsList()) {
                if (r.getLong(1) >= 2) {
                    probePersons.add(r.getString(0));
                    probeCount += r.getLong(1);
                } else {
                    single.add(r.getString(0));
                }
            }
            if (probePersons.isEmpty()) {
                throw new FacecalException(embeddings + ": no person has two photos (column '"
                        + EmbeddingTable.IDENTITY + "'): a probe needs another photo of its person in the gallery;"
                        + " give EMB at least two photos of each person to identify");
            }
            if (!single.isEmpty()) {
                single.sort(null);
                err.println("note: " + embeddings + ": " + single.size() + " person(s) with one photo left out (no "
                        + "gallery photo to find), e.g. " + String.join(", ", single.subList(0, Math.min(3,
                        single.size()))));
            }
            Set<String> clash = new TreeSet<>(probePersons);
            clash.retainAll(new HashSet<>(distractorTable.identities()));
            if (!clash.isEmpty()) {
                throw new FacecalException(distractors + ": " + clash.size() + " distractor identities are also probe "
                        + "persons of " + embeddings + " (column '" + EmbeddingTable.IDENTITY + "', e.g. "
                        + String.join(", ", clash.stream().limit(3).toList()) + "): distractors must be other "
                        + "persons; make them with ./facecal spark synthetic --prefix distractor, or rename them");
            }
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            int parts = partitions != null ? partitions : sc.defaultParallelism();
            long distractorCount = distractorTable.rows().count();
            err.printf(Locale.ROOT, "%s: %d probes of %d persons; %s: %d distractors; %s, k %d, block %d, on %s%n",
                    embeddings, probeCount, probePersons.size(), distractors, distractorCount, m.deepfaceName(), k,
                    block, url);
            JavaRDD<BlockedIdentification.Probe> probes = BlockedIdentification.probes(probeTable,
                    new HashSet<>(probePersons)).cache();
            JavaRDD<VectorBlock> dist = distractorTable.blocks(sc, block, parts).cache();
            BlockedIdentification.Outcome outcome = BlockedIdentification.run(probes, dist, m, k, block, parts);
            List<BlockedIdentification.ProbeResult> results = outcome.probes();
            double seconds = (System.nanoTime() - opened) / 1e9;
            IdentificationRates rates = IdentificationRates.of(results, k, VerificationRates.of(
                    outcome.pairs().counts(), Seed003.FAR_TARGETS));
            PrintWriter o = spec.commandLine().getOut();
            o.print(rates.summary(probePersons.size(), distractorCount, m, seconds));
            o.flush();
            if (out != null) {
                Provenance p = Provenance.empty()
                        .with("input", "embeddings", embeddings)
                        .with("input", "distractors", distractors)
                        .with("input", "model", probeTable.model())
                        .with("identify", "protocol", "seed 003: each photo of a person with >= 2 photos probes "
                                + "against its person's other photos and every distractor; ties go to the distractor")
                        .with("identify", "metric", m.deepfaceName())
                        .with("identify", "k", k)
                        .with("spark", "master", url)
                        .with("spark", "version", spark.version())
                        .with("spark", "block", block)
                        .with("spark", "partitions", parts)
                        .with("spark", "seconds", String.format(Locale.ROOT, "%.3f", seconds));
                write(out, results, rates, probePersons.size(), distractorCount, p);
                err.println("wrote " + out.resolve("identify.json") + " and " + out.resolve("probes.csv"));
            }
            return 0;
        } finally {
            spark.stop();
        }
    }

    private void check(EmbeddingTable probes, EmbeddingTable dist) {
        if (!probes.model().isEmpty() && !dist.model().isEmpty() && !probes.model().equals(dist.model())) {
            throw new FacecalException(embeddings + " holds " + probes.model() + " embeddings but " + distractors
                    + " holds " + dist.model() + " ones (column '" + EmbeddingTable.MODEL + "'): distances between "
                    + "models mean nothing; embed the distractors with the probes' model");
        }
        List<Row> first = dist.rows().select(EmbeddingTable.EMBEDDING).limit(1).collectAsList();
        if (first.isEmpty()) {
            throw new FacecalException(distractors + " has no rows: identification against distractors needs some; "
                    + "make them with ./facecal spark synthetic --prefix distractor --out " + distractors);
        }
        List<Row> p = probes.rows().select(EmbeddingTable.EMBEDDING).limit(1).collectAsList();
        if (!p.isEmpty() && !first.get(0).isNullAt(0) && !p.get(0).isNullAt(0)
                && p.get(0).getList(0).size() != first.get(0).getList(0).size()) {
            throw new FacecalException(embeddings + " has " + p.get(0).getList(0).size() + "-value embeddings but "
                    + distractors + " has " + first.get(0).getList(0).size() + "-value ones (column '"
                    + EmbeddingTable.EMBEDDING + "'): both must come from one model");
        }
    }

    static void write(Path dir, List<BlockedIdentification.ProbeResult> results, IdentificationRates rates,
                      int persons, long distractors, Provenance p) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new FacecalException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        StringBuilder csv = new StringBuilder("row,identity,path,genuine_distance,nearest_distractor_distance,rank\n");
        for (var r : results) {
            CsvOut.row(csv, Long.toString(r.row()), r.identity(), r.path(), Numbers.repr(r.genuine()),
                    r.nearest().length == 0 ? "" : Numbers.repr(r.nearest()[0]),
                    r.rank() == 0 ? "" : Integer.toString(r.rank()));
        }
        CsvOut.writeAtomically(dir.resolve("probes.csv"), csv);
        CsvOut.writeAtomically(dir.resolve("identify.json"), rates.json(persons, distractors, p));
    }
}
