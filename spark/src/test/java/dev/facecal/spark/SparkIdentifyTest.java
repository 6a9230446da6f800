package dev.facecal.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.distance.DistanceMetric;
import dev.facecal.study.scale.SyntheticEmbeddings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code facecal spark identify} in local mode against a brute-force single-machine pass of seed 003's protocol
 * in this test (every probe against its person's other photos and every distractor, {@link DistanceMetric#of}):
 * each probe's genuine distance, nearest distractor and rank are equal, whatever the blocking; then bad inputs.
 */
class SparkIdentifyTest {
    static final int K = 5;

    @TempDir
    static Path dir;

    static Path probes, distractors, empty, noEmbedding, lonely;

    record Photo(String identity, String path, float[] vector) {}

    static final List<Photo> PROBES = new ArrayList<>(), DISTRACTORS = new ArrayList<>();

    @BeforeAll
    static void writeParquets() {
        // one population (one average face), every 8th person a probe person, the others distractors: some probes
        // then lose to a distractor, as in MegaFace
        SyntheticEmbeddings d = SyntheticEmbeddings.of(2000, 900, SyntheticEmbeddings.Shape.dlibLike(), 3L);
        for (int i = 2; i < d.vectors().length; i++) {
            int person = d.identity()[i];
            if (person % 8 == 0) {
                String id = "probe" + person;
                PROBES.add(new Photo(id, id + "/" + i + ".jpg", d.vectors()[i]));
            } else {
                String id = "distractor" + person;
                DISTRACTORS.add(new Photo(id, id + "/" + i + ".jpg", d.vectors()[i]));
            }
        }
        // two persons with one photo: left out with a note
        PROBES.add(new Photo("lonely1", "lonely1/0.jpg", d.vectors()[0]));
        PROBES.add(new Photo("lonely2", "lonely2/0.jpg", d.vectors()[1]));
        SparkSession spark = SparkSession.builder().master("local[2]").appName("test data")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            probes = dir.resolve("probes.parquet");
            distractors = dir.resolve("distractors.parquet");
            empty = dir.resolve("empty.parquet");
            noEmbedding = dir.resolve("noembedding.parquet");
            lonely = dir.resolve("lonely.parquet");
            spark.createDataFrame(rows(PROBES.subList(PROBES.size() - 2, PROBES.size())), SyntheticCommand.schema())
                    .write().parquet(lonely.toString());
            spark.createDataFrame(rows(PROBES), SyntheticCommand.schema()).repartition(3).write()
                    .parquet(probes.toString());
            spark.createDataFrame(rows(DISTRACTORS), SyntheticCommand.schema()).repartition(2).write()
                    .parquet(distractors.toString());
            spark.createDataFrame(List.of(), SyntheticCommand.schema()).write().parquet(empty.toString());
            StructType noEmb = new StructType().add("identity", DataTypes.StringType).add("path",
                    DataTypes.StringType);
            spark.createDataFrame(List.of(RowFactory.create("x", "x/0.jpg")), noEmb).write()
                    .parquet(noEmbedding.toString());
        } finally {
            spark.stop();
        }
    }

    static List<Row> rows(List<Photo> photos) {
        List<Row> rows = new ArrayList<>();
        for (Photo ph : photos) {
            Float[] v = new Float[ph.vector().length];
            for (int k = 0; k < v.length; k++) v[k] = ph.vector()[k];
            rows.add(RowFactory.create(ph.identity(), ph.path(), "dlib", v));
        }
        return rows;
    }

    record Run(int status, String out, String err) {}

    static Run run(String... args) {
        PrintStream oldErr = System.err, oldOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream(), out = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            int status = SparkMain.execute(args);
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
    }

    /** One probe by brute force: row number, person, file, genuine distance, nearest distractor, rank (0: > K). */
    record Expected(long row, String identity, String path, double genuine, double nearest, int rank) {}

    static List<Expected> bruteForce(DistanceMetric m) {
        List<Photo> sorted = new ArrayList<>(PROBES);
        sorted.sort(Comparator.comparing(Photo::identity).thenComparing(Photo::path));
        Map<String, Integer> photos = new HashMap<>();
        for (Photo p : sorted) photos.merge(p.identity(), 1, Integer::sum);
        List<Expected> out = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            Photo p = sorted.get(i);
            if (photos.get(p.identity()) < 2) continue;
            double genuine = Double.POSITIVE_INFINITY;
            for (Photo o : sorted) {
                if (o != p && o.identity().equals(p.identity())) genuine = Math.min(genuine, m.of(p.vector(),
                        o.vector()));
            }
            double nearest = Double.POSITIVE_INFINITY;
            int closer = 0;
            for (Photo d : DISTRACTORS) {
                double x = m.of(p.vector(), d.vector());
                nearest = Math.min(nearest, x);
                if (x <= genuine) closer++;
            }
            out.add(new Expected(i, p.identity(), p.path(), genuine, nearest, closer < K ? closer + 1 : 0));
        }
        return out;
    }

    /** Persons of the probe Parquet with one photo (lonely1, lonely2 and any the generator gave one photo). */
    static long singles() {
        Map<String, Integer> photos = new HashMap<>();
        for (Photo p : PROBES) photos.merge(p.identity(), 1, Integer::sum);
        return photos.values().stream().filter(c -> c == 1).count();
    }

    /** TAR at seed 003's FAR targets by the core's rule, over every rounded probe pair and probe-distractor pair. */
    static List<dev.facecal.calibrate.TarAtFar> bruteForceTar(DistanceMetric m) {
        Map<String, Integer> photos = new HashMap<>();
        for (Photo p : PROBES) photos.merge(p.identity(), 1, Integer::sum);
        List<Photo> probes = PROBES.stream().filter(p -> photos.get(p.identity()) >= 2).toList();
        List<Double> d = new ArrayList<>();
        List<Boolean> same = new ArrayList<>();
        for (int i = 0; i < probes.size(); i++) {
            for (int j = i + 1; j < probes.size(); j++) {
                if (probes.get(i).identity().equals(probes.get(j).identity())) {
                    d.add(DistanceMetric.deepfaceRound(m.of(probes.get(i).vector(), probes.get(j).vector())));
                    same.add(true);
                }
            }
            for (Photo x : DISTRACTORS) {
                d.add(DistanceMetric.deepfaceRound(m.of(probes.get(i).vector(), x.vector())));
                same.add(false);
            }
        }
        double[] ds = d.stream().mapToDouble(Double::doubleValue).toArray();
        boolean[] ss = new boolean[ds.length];
        for (int i = 0; i < ss.length; i++) ss[i] = same.get(i);
        var curve = dev.facecal.calibrate.OperatingCurve.of(ds, ss);
        List<dev.facecal.calibrate.TarAtFar> out = new ArrayList<>();
        for (double far : dev.facecal.study.identify.Seed003.FAR_TARGETS) {
            out.add(dev.facecal.calibrate.TarAtFar.of(curve, far));
        }
        return out;
    }

    static List<Expected> readProbes(Path csv) {
        try {
            List<String> lines = Files.readAllLines(csv);
            assertEquals("row,identity,path,genuine_distance,nearest_distractor_distance,rank", lines.get(0));
            List<Expected> out = new ArrayList<>();
            for (String l : lines.subList(1, lines.size())) {
                String[] f = l.split(",", -1);
                out.add(new Expected(Long.parseLong(f[0]), f[1], f[2], Double.parseDouble(f[3]),
                        Double.parseDouble(f[4]), f[5].isEmpty() ? 0 : Integer.parseInt(f[5])));
            }
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void sparkRanksEqualABruteForcePassExactlyWhateverTheBlocking() throws IOException {
        List<Expected> expected = bruteForce(DistanceMetric.COSINE);
        int n = expected.size();
        long persons = expected.stream().map(Expected::identity).distinct().count();
        assertTrue(n > 50, n + " probes");
        long rank1 = expected.stream().filter(e -> e.rank() == 1).count();
        // the data make the protocol bite: some probes lose to a distractor, most do not
        assertTrue(rank1 > n / 2 && rank1 < n, rank1 + " of " + n + " at rank 1");
        List<dev.facecal.calibrate.TarAtFar> tar = bruteForceTar(DistanceMetric.COSINE);
        // the targets bite: TAR is neither 0 nor 1 at FAR 1e-4
        assertTrue(tar.get(0).tar() > 0 && tar.get(0).tar() < 1, tar.toString());
        for (int block : new int[] {64, 2000}) {
            Path out = dir.resolve("identify" + block);
            Run r = run("identify", "--embeddings", probes.toString(), "--distractors", distractors.toString(),
                    "--k", Integer.toString(K), "--block", Integer.toString(block), "--master", "local[2]", "--out",
                    out.toString());
            assertEquals(0, r.status(), r.err());
            assertEquals(expected, readProbes(out.resolve("probes.csv")), "block " + block);
            assertTrue(r.out().contains("rank-1: " + rank1 + "/" + n + " = "), r.out());
            assertTrue(r.out().contains(n + " probes of " + persons + " persons against " + DISTRACTORS.size()
                    + " distractors"), r.out());
            assertTrue(r.err().contains(singles() + " person(s) with one photo left out"), r.err());
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("identify.json")
                    .toFile());
            for (int k = 1; k <= K; k++) {
                int kk = k;
                long hits = expected.stream().filter(e -> e.rank() >= 1 && e.rank() <= kk).count();
                assertEquals(hits, json.get("rank").get(Integer.toString(k)).get("hits").asLong(), "rank " + k);
            }
            assertEquals(DISTRACTORS.size(), json.get("distractors").asLong());
            var tars = json.get("tar_at_far");
            assertEquals(tar.size(), tars.size());
            for (int i = 0; i < tar.size(); i++) {
                var t = tars.get(i);
                assertEquals(tar.get(i), new dev.facecal.calibrate.TarAtFar(t.get("target_far").asDouble(),
                        t.get("threshold").asDouble(), t.get("far").asDouble(), t.get("tar").asDouble()),
                        "TAR at FAR " + tar.get(i).targetFar());
            }
            assertTrue(r.out().contains(String.format(java.util.Locale.ROOT, "TAR %.4f at FAR 1e-03", tar.get(1)
                    .tar())), r.out());
        }
    }

    @Test
    void badInputsAreNamedWithWhatToDo() {
        Run r = run("identify", "--embeddings", probes.toString(), "--distractors", empty.toString(), "--master",
                "local[1]");
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains(empty + " has no rows"), r.err());

        r = run("identify", "--embeddings", probes.toString(), "--distractors", noEmbedding.toString(), "--master",
                "local[1]");
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains(noEmbedding + " has no column 'embedding'"), r.err());

        r = run("identify", "--embeddings", probes.toString(), "--distractors", probes.toString(), "--master",
                "local[1]");
        assertEquals(2, r.status(), r.err());
        long multi = PROBES.stream().map(Photo::identity).distinct().count() - singles();
        assertTrue(r.err().contains(multi + " distractor identities are also probe persons of " + probes), r.err());
        assertTrue(r.err().contains("--prefix distractor"), r.err());

        r = run("identify", "--embeddings", lonely.toString(), "--distractors", distractors.toString(), "--master",
                "local[1]");
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains(lonely + ": no person has two photos (column 'identity')"), r.err());

        r = run("identify", "--embeddings", probes.toString(), "--distractors", distractors.toString(), "--k", "0");
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("--k 0: give a rank of at least 1"), r.err());
        for (Run x : List.of(r)) assertFalse(x.err().contains("Exception"), x.err());
    }
}
