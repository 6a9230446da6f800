package dev.facecal.spark;

import dev.facecal.study.scale.SyntheticEmbeddings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code facecal spark synthetic}: seeded dlib-like embeddings ({@link SyntheticEmbeddings}, the generator behind
 * seed 002's synthetic stand-in for LFW) as an embeddings Parquet, to try and measure {@code spark pairs} without
 * photos or a model.
 */
@Command(name = "synthetic", mixinStandardHelpOptions = true,
        description = {"Write seeded synthetic dlib-like embeddings (128-D, persons with several photos each) as an "
                + "embeddings Parquet (model 'synthetic'), e.g. to try or measure spark pairs."})
final class SyntheticCommand implements Callable<Integer> {
    @Option(names = "--images", defaultValue = "12797", paramLabel = "N",
            description = "embeddings (default: ${DEFAULT-VALUE}, LFW's count in seed 002)")
    int images;

    @Option(names = "--identities", defaultValue = "5467", paramLabel = "N",
            description = "persons (default: ${DEFAULT-VALUE})")
    int identities;

    @Option(names = "--seed", defaultValue = "2", paramLabel = "N", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--prefix", defaultValue = "person", paramLabel = "P",
            description = {"identity names are P000000, P000001, ... (default: ${DEFAULT-VALUE}); another prefix "
                    + "keeps distractors apart from probes, e.g. --prefix distractor for spark identify"})
    String prefix;

    @Option(names = "--distractors-out", paramLabel = "DIST.parquet",
            description = {"split one population for spark identify: every --probe-every'th person goes to --out "
                    + "(named with --prefix), every other person to this Parquet (named distractorNNNNNN)"})
    String distractorsOut;

    @Option(names = "--probe-every", defaultValue = "8", paramLabel = "N",
            description = "with --distractors-out: persons 0, N, 2N, ... are the probe persons (default: ${DEFAULT-VALUE})")
    int probeEvery;

    @Mixin
    MasterOption master;

    @Option(names = "--out", required = true, paramLabel = "EMB.parquet", description = "the Parquet to write")
    String out;

    @Override
    public Integer call() {
        SyntheticEmbeddings data = SyntheticEmbeddings.of(images, identities, SyntheticEmbeddings.Shape.dlibLike(),
                seed);
        SparkSession spark = Sessions.open(master.url(), "facecal spark synthetic");
        try {
            if (distractorsOut != null) {
                if (probeEvery < 2) {
                    throw new dev.facecal.FacecalException("--probe-every " + probeEvery + ": give at least 2 (one "
                            + "probe person in N), or drop --distractors-out");
                }
                if (prefix.equals(DISTRACTOR_PREFIX)) {
                    throw new dev.facecal.FacecalException("--prefix " + prefix + " would name probes like the "
                            + "distractors: choose another, e.g. --prefix probe");
                }
                int probes = write(spark, data, out, prefix, p -> p % probeEvery == 0);
                int others = write(spark, data, distractorsOut, DISTRACTOR_PREFIX, p -> p % probeEvery != 0);
                System.err.println("wrote " + probes + " probe embeddings (every " + probeEvery + "th of "
                        + identities + " persons, seed " + seed + ") to " + out + " and " + others
                        + " distractor embeddings to " + distractorsOut);
                return 0;
            }
            write(spark, data, out, prefix);
            System.err.println("wrote " + images + " synthetic embeddings of " + identities + " persons (seed " + seed
                    + ") to " + out);
            return 0;
        } finally {
            spark.stop();
        }
    }

    /** The schema of an embeddings Parquet with float embeddings. */
    static StructType schema() {
        return new StructType()
                .add(EmbeddingTable.IDENTITY, DataTypes.StringType, false)
                .add("path", DataTypes.StringType, false)
                .add(EmbeddingTable.MODEL, DataTypes.StringType, false)
                .add(EmbeddingTable.EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType, false), false);
    }

    static void write(SparkSession spark, SyntheticEmbeddings data, String out) {
        write(spark, data, out, "person");
    }

    /** The identity prefix of the distractors {@code --distractors-out} writes. */
    static final String DISTRACTOR_PREFIX = "distractor";

    /** Writes {@code data} with identities named {@code prefix} and a 6-digit number. */
    static void write(SparkSession spark, SyntheticEmbeddings data, String out, String prefix) {
        write(spark, data, out, prefix, p -> true);
    }

    /** Writes the embeddings of the persons {@code keep} accepts; returns how many. */
    static int write(SparkSession spark, SyntheticEmbeddings data, String out, String prefix,
                     java.util.function.IntPredicate keep) {
        if (prefix.isBlank() || prefix.contains("/")) {
            throw new dev.facecal.FacecalException("--prefix '" + prefix + "': give a non-empty name without '/'");
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < data.vectors().length; i++) {
            if (!keep.test(data.identity()[i])) continue;
            Float[] v = new Float[data.vectors()[i].length];
            for (int k = 0; k < v.length; k++) v[k] = data.vectors()[i][k];
            String id = String.format(java.util.Locale.ROOT, "%s%06d", prefix, data.identity()[i]);
            rows.add(RowFactory.create(id, "synthetic/" + id + "/" + i, "synthetic", v));
        }
        spark.createDataFrame(rows, schema()).coalesce(1).write().mode("errorifexists").parquet(out);
        return rows.size();
    }
}
