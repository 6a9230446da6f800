package dev.facecal.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.calibrate.DistanceCounts;
import dev.facecal.distance.DistanceMetric;
import dev.facecal.distance.RoundedDistanceCounter;
import dev.facecal.pipeline.CountsFiles;
import dev.facecal.study.scale.SyntheticEmbeddings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code facecal spark pairs} in local mode against the core's single-machine pass
 * ({@link RoundedDistanceCounter#all}) on seeded synthetic dlib-like embeddings: the counts per metric and distinct
 * 6-decimal distance are equal, whatever the blocking; then the bad inputs the issue names.
 */
class SparkPairsTest {
    static final SyntheticEmbeddings DATA = SyntheticEmbeddings.of(500, 110, SyntheticEmbeddings.Shape.dlibLike(),
            20261201L);

    @TempDir
    static Path dir;

    static Path parquet, mixed;

    @BeforeAll
    static void writeParquet() {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("test data")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            StructType schema = new StructType()
                    .add("identity", DataTypes.StringType, false)
                    .add("path", DataTypes.StringType, false)
                    .add("model", DataTypes.StringType, false)
                    .add("embedding", DataTypes.createArrayType(DataTypes.FloatType, false), false);
            List<Row> rows = new ArrayList<>(), two = new ArrayList<>();
            for (int i = 0; i < DATA.vectors().length; i++) {
                Float[] v = new Float[DATA.vectors()[i].length];
                for (int k = 0; k < v.length; k++) v[k] = DATA.vectors()[i][k];
                String id = "person" + DATA.identity()[i];
                rows.add(RowFactory.create(id, id + "/" + i + ".jpg", "dlib", v));
                if (i < 20) two.add(RowFactory.create(id, id + "/" + i + ".jpg", i < 10 ? "dlib" : "Facenet", v));
            }
            parquet = dir.resolve("emb.parquet");
            mixed = dir.resolve("mixed.parquet");
            spark.createDataFrame(rows, schema).repartition(3).write().parquet(parquet.toString());
            spark.createDataFrame(two, schema).write().parquet(mixed.toString());
        } finally {
            spark.stop();
        }
    }

    record Run(int status, String err) {}

    static Run run(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = SparkMain.execute(args);
            return new Run(status, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(old);
        }
    }

    @Test
    void sparkCountsEqualTheSingleMachineCountsExactly() {
        Path out = dir.resolve("counts");
        Run r = run("pairs", "--embeddings", parquet.toString(), "--metrics", "cosine,euclidean,euclidean_l2,angular",
                "--block", "97", "--master", "local[2]", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        var counts = CountsFiles.read(out);
        assertEquals(List.of("cosine", "euclidean", "euclidean_l2", "angular"), List.copyOf(counts.keySet()));
        for (DistanceMetric m : DistanceMetric.values()) {
            DistanceCounts single = RoundedDistanceCounter.all(m, DATA.vectors(), DATA.identity(), 256, 1).counts();
            assertEquals(500L * 499 / 2, single.pairs());
            assertTrue(single.positives() > 1000, "enough same-person pairs: " + single.positives());
            assertEquals(single, counts.get(m.deepfaceName()), m.deepfaceName());
        }
        assertTrue(CountsFiles.provenance(out).section("input").get("model").equals("dlib"));

        // spark calibrate: the core's calibrate on the counts folder, its options and formats passed through
        Path json = dir.resolve("calibration.json");
        Run c = run("calibrate", out.toString(), "--format", "json", "--columns", "cosine", "-o", json.toString());
        assertEquals(0, c.status(), c.err());
        var expected = dev.facecal.calibrate.Calibration.ofCounts(out.toString(),
                java.util.Map.of("cosine", counts.get("cosine")), dev.facecal.calibrate.CalibrationOptions.defaults()
                        .withBootstrap(0, 42), dev.facecal.Provenance.empty());
        try {
            var j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
            assertEquals(500L * 499 / 2, j.get("pairs").asLong());
            assertEquals(expected.columns().get("cosine").threshold("c45"),
                    j.get("columns").get("cosine").get("thresholds").get("c45").asDouble());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aParquetOfTwoModelsIsRefusedNamingThem() {
        Run r = run("pairs", "--embeddings", mixed.toString(), "--master", "local[1]", "--out",
                dir.resolve("x").toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains(mixed + " mixes embeddings of 2 models (Facenet, dlib)"), r.err());
    }

    @Test
    void aMissingParquetIsNamed() {
        Path none = dir.resolve("none.parquet");
        Run r = run("pairs", "--embeddings", none.toString(), "--master", "local[1]", "--out", dir.resolve("y")
                .toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("cannot read the embeddings Parquet " + none), r.err());
    }

    @Test
    void anUnreachableMasterIsNamed() {
        Run r = run("pairs", "--embeddings", parquet.toString(), "--master", "spark://127.0.0.1:9", "--out",
                dir.resolve("z").toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("the Spark master spark://127.0.0.1:9 is unreachable"), r.err());
    }
}
