package dev.facecal.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.calibrate.DistanceCounts;
import dev.facecal.distance.DistanceMetric;
import dev.facecal.distance.NegativeSample;
import dev.facecal.distance.RoundedDistanceCounter;
import dev.facecal.pipeline.CountsFiles;
import dev.facecal.study.scale.SyntheticEmbeddings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code facecal spark pairs --negatives N}: the seeded sample of different-person pairs against a single-machine
 * pass of the same predicate ({@link NegativeSample#keep} on the rows numbered by identity, then path) over every
 * pair: equal counts, whatever the blocking; the sample's size within a binomial bound of N; the provenance and the
 * calibrate warning; bad values of N.
 */
class SparkNegativesTest {
    static final SyntheticEmbeddings DATA = SyntheticEmbeddings.of(600, 130, SyntheticEmbeddings.Shape.dlibLike(),
            20261202L);
    static final long N = 6000, SEED = 99;

    @TempDir
    static Path dir;

    static Path parquet;

    /** A photo as the test writes it: identity, path, vector. */
    record Photo(String identity, String path, float[] vector) {}

    static final List<Photo> PHOTOS = new ArrayList<>();

    @BeforeAll
    static void writeParquet() {
        for (int i = 0; i < DATA.vectors().length; i++) {
            String id = "person" + DATA.identity()[i];
            PHOTOS.add(new Photo(id, id + "/" + i + ".jpg", DATA.vectors()[i]));
        }
        SparkSession spark = SparkSession.builder().master("local[2]").appName("test data")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            List<Row> rows = new ArrayList<>();
            for (Photo p : PHOTOS) {
                Float[] v = new Float[p.vector().length];
                for (int k = 0; k < v.length; k++) v[k] = p.vector()[k];
                rows.add(RowFactory.create(p.identity(), p.path(), "dlib", v));
            }
            parquet = dir.resolve("emb.parquet");
            // shuffled into 4 files: the row numbering must not depend on the files' order
            spark.createDataFrame(rows, SyntheticCommand.schema()).repartition(4).write().parquet(parquet.toString());
        } finally {
            spark.stop();
        }
    }

    /** The single-machine pass: every pair {i < j} in (identity, path) order, same-person or kept by the sample. */
    static DistanceCounts singleMachine(DistanceMetric m, NegativeSample sample) {
        List<Photo> sorted = new ArrayList<>(PHOTOS);
        sorted.sort(Comparator.comparing(Photo::identity).thenComparing(Photo::path));
        RoundedDistanceCounter c = new RoundedDistanceCounter(m);
        for (int i = 0; i < sorted.size(); i++) {
            for (int j = i + 1; j < sorted.size(); j++) {
                boolean same = sorted.get(i).identity().equals(sorted.get(j).identity());
                if (same || sample.keeps(i, j)) {
                    double d = DistanceMetric.deepfaceRound(m.of(sorted.get(i).vector(), sorted.get(j).vector()));
                    c.add(d, same ? 1 : 0, same ? 0 : 1);
                }
            }
        }
        return c.counts();
    }

    static long differentPersonPairs() {
        long n = PHOTOS.size(), all = n * (n - 1) / 2, same = 0;
        var byPerson = new java.util.HashMap<String, Long>();
        for (Photo p : PHOTOS) byPerson.merge(p.identity(), 1L, Long::sum);
        for (long c : byPerson.values()) same += c * (c - 1) / 2;
        return all - same;
    }

    @Test
    void sampledCountsEqualTheSingleMachinePassOfTheSamePredicateWhateverTheBlocking() {
        long m = differentPersonPairs();
        NegativeSample sample = new NegativeSample(SEED, N, m);
        DistanceCounts cosine = singleMachine(DistanceMetric.COSINE, sample);
        DistanceCounts euclidean = singleMachine(DistanceMetric.EUCLIDEAN, sample);
        // the sample's size: Binomial(M, N/M), within 5 standard deviations of N
        double p = (double) N / m, sd = Math.sqrt(m * p * (1 - p));
        assertTrue(Math.abs(cosine.negatives() - N) <= 5 * sd, cosine.negatives() + " sampled, N " + N + " sd " + sd);
        assertTrue(cosine.positives() > 1000, "every same-person pair: " + cosine.positives());

        for (int block : new int[] {41, 600}) {
            Path out = dir.resolve("counts" + block);
            SparkPairsTest.Run r = SparkPairsTest.run("pairs", "--embeddings", parquet.toString(), "--metrics",
                    "cosine,euclidean", "--negatives", Long.toString(N), "--seed", Long.toString(SEED), "--block",
                    Integer.toString(block), "--master", "local[2]", "--out", out.toString());
            assertEquals(0, r.status(), r.err());
            var counts = CountsFiles.read(out);
            assertEquals(cosine, counts.get("cosine"), "cosine, block " + block);
            assertEquals(euclidean, counts.get("euclidean"), "euclidean, block " + block);
            var neg = CountsFiles.provenance(out).section(CountsFiles.NEGATIVES);
            assertEquals("sample", neg.get("mode"));
            assertEquals(Long.toString(SEED), neg.get("seed"));
            assertEquals(Long.toString(N), neg.get("requested"));
            assertEquals(Long.toString(m), neg.get("population"));
            assertEquals(Long.toString(cosine.negatives()), neg.get("sampled"));
            assertTrue(r.err().contains("different-person pairs: " + cosine.negatives() + " sampled of " + m),
                    r.err());
        }

        // calibrate on a sampled counts folder says so
        SparkPairsTest.Run c = SparkPairsTest.run("calibrate", dir.resolve("counts41").toString(), "--format", "json",
                "-o", dir.resolve("cal.json").toString());
        assertEquals(0, c.status(), c.err());
        assertTrue(c.err().contains("the different-person counts are a seeded sample (" + cosine.negatives() + " of "
                + m + " pairs"), c.err());
        assertTrue(c.err().contains("FAR and other rates over different-person pairs are estimates"), c.err());
    }

    @Test
    void anotherSeedDrawsAnotherSampleAndAllCountsEveryPair() {
        long m = differentPersonPairs();
        // another seed: another sample (the predicate alone; Spark's equality to it is shown above)
        assertNotEquals(singleMachine(DistanceMetric.COSINE, new NegativeSample(100, N, m)),
                singleMachine(DistanceMetric.COSINE, new NegativeSample(SEED, N, m)));

        Path all = dir.resolve("all");
        SparkPairsTest.Run r = SparkPairsTest.run("pairs", "--embeddings", parquet.toString(), "--metrics",
                "cosine", "--seed", "5", "--master", "local[2]", "--out", all.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("note: --seed 5 has no effect with --negatives all"), r.err());
        assertEquals(m, CountsFiles.read(all).get("cosine").negatives());
        assertEquals("all", CountsFiles.provenance(all).section(CountsFiles.NEGATIVES).get("mode"));
        SparkPairsTest.Run c = SparkPairsTest.run("calibrate", all.toString(), "--format", "json", "-o",
                dir.resolve("all.json").toString());
        assertEquals(0, c.status(), c.err());
        assertTrue(!c.err().contains("seeded sample"), c.err());
    }

    @Test
    void badSampleSizesAreRefusedWithWhatToDo() {
        for (String bad : new String[] {"0", "-3", "lots"}) {
            SparkPairsTest.Run r = SparkPairsTest.run("pairs", "--embeddings", parquet.toString(), "--negatives", bad,
                    "--master", "local[1]", "--out", dir.resolve("bad").toString());
            assertEquals(2, r.status(), r.err());
            assertTrue(r.err().contains("facecal spark: --negatives " + bad + ": "), r.err());
            assertTrue(!r.err().contains("Exception"), r.err());
        }
    }
}
