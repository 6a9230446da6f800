package dev.facecal.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.Sha256;
import dev.facecal.config.Configuration;
import dev.facecal.dataset.Identity;
import dev.facecal.models.FaceApiPackage;
import dev.facecal.models.ModelStore;
import dev.facecal.pairs.PairList;
import dev.facecal.pipeline.EmbeddingOptions;
import dev.facecal.pipeline.EmbeddingStage;
import dev.facecal.pipeline.FaceOptions;
import dev.facecal.pipeline.PhotoEmbeddings;
import dev.facecal.pipeline.PhotoResult;
import dev.facecal.pipeline.Progress;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code facecal spark embed} in local mode on real photos (DeepFace's unit-test photos, people recovered from its
 * master.csv) with the installed dlib model: the embeddings are bit for bit those of the core's single-machine
 * embeddings stage; a run that dies part way resumes, skipping the photos of finished parts, to the rows of an
 * uninterrupted run; bad input is a row with a reason or a one-line message.
 */
class SparkEmbedTest {
    @TempDir
    static Path dir;

    static Path photos;
    static Path models;
    static List<Identity> people;

    /**
     * dlib installed into a model folder of the test's own (from face-api's npm tarball: {@code $FACECAL_FACEAPI_TGZ}
     * or {@code npm pack} into {@code target/faceapi}, as the core's tests get it), and the first three people of
     * master.csv with two or more photos.
     */
    @BeforeAll
    static void data() {
        models = dir.resolve("models");
        String env = System.getenv("FACECAL_FACEAPI_TGZ");
        Path cached = Path.of("target", "faceapi", FaceApiPackage.TARBALL_NAME).toAbsolutePath();
        Path tgz = env != null && !env.isBlank() ? Path.of(env)
                : Files.isRegularFile(cached) ? cached : FaceApiPackage.npmPack(cached.getParent());
        new ModelStore(models).install("dlib", tgz, null, false, new PrintWriter(new StringWriter()));
        assertEquals(ModelStore.State.INSTALLED, new ModelStore(models).check("dlib").state());
        photos = Path.of(System.getProperty("facecal.shared", "../shared")).toAbsolutePath().normalize()
                .resolve("datasets/deepface-unit");
        people = PairList.people(photos.resolve("master.csv")).identities().stream()
                .filter(i -> i.size() >= 2).limit(3).toList();
        assertEquals(3, people.size());
    }

    @AfterEach
    void noFault() {
        EmbedTask.FAIL_AFTER_ROWS.set(-1);
    }

    /** A folder-per-identity copy of up to {@code perPerson} photos of each of {@link #people}. */
    static Path identityFolder(String name, int perPerson) throws IOException {
        Path root = dir.resolve(name);
        for (Identity id : people) {
            Path d = Files.createDirectories(root.resolve(id.name()));
            for (String f : id.files().subList(0, Math.min(perPerson, id.size()))) {
                Files.copy(photos.resolve(f), d.resolve(f));
            }
        }
        return root;
    }

    @Test
    void sparkEmbeddingsAreTheSingleMachineEmbeddingsBitForBit() throws IOException {
        Path data = identityFolder("three-people", 2);
        Path out = dir.resolve("three.parquet");
        int opened = Embedders.opened();
        SparkPairsTest.Run r = SparkPairsTest.run("embed", "--models", models.toString(), "--dataset", data.toString(),
                "--out", out.toString(),
                "--master", "local[2]", "--partitions", "3", "--threads", "1");
        assertEquals(0, r.status(), r.err());
        assertTrue(Embedders.opened() - opened <= 1, "one model session for the JVM's tasks, not one per task");

        List<Path> files;
        try (Stream<Path> s = Files.walk(data)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        ModelStore store = new ModelStore(models);
        EmbeddingOptions options = new EmbeddingOptions(store, "dlib",
                FaceOptions.opencv(Configuration.fromEnvironment().cascadeDir()), null, 16, 0, false);
        PhotoEmbeddings single = EmbeddingStage.run(files, options, Progress.NONE);

        Map<String, Row> rows = rows(out);
        assertEquals(files.size(), rows.size(), "one row per photo");
        String modelSha = store.installed("dlib").orElseThrow().onnxSha256();
        int ok = 0;
        for (Path f : files) {
            Row row = rows.get(f.toUri().getPath());
            assertNotNull(row, f + " has a row: " + rows.keySet());
            assertEquals(f.getParent().getFileName().toString(), row.getAs("identity"));
            assertEquals(Sha256.of(Files.readAllBytes(f)), row.getAs("sha256"));
            assertEquals("dlib", row.getAs("model"));
            assertEquals(modelSha, row.getAs("model_sha256"));
            PhotoResult core = single.get(f);
            if (core.ok()) {
                ok++;
                assertEquals("ok", row.getAs("status"), f.toString());
                assertNull(row.getAs("reason"));
                assertArrayEquals(bits(core.embedding()), bits(floats(row)), f + ": the same bits as the core");
            } else {
                assertFalse("ok".equals(row.getAs("status")), f.toString());
                assertEquals(core.failure(), row.getAs("reason"), f.toString());
                assertTrue(row.isNullAt(row.fieldIndex("embedding")));
            }
        }
        assertTrue(ok >= 4, "most photos have a face: " + ok);
    }

    @Test
    void aKilledRunResumesSkippingFinishedPartsToTheRowsOfAnUninterruptedRun() throws IOException {
        Path data = identityFolder("resume-people", 3);
        Path whole = dir.resolve("whole.parquet");
        String[] common = {"embed", "--models", models.toString(), "--dataset", data.toString(), "--master",
            "local[1]", "--partitions", "5", "--detector", "opencv-fast", "--threads", "1"};
        SparkPairsTest.Run uninterrupted = SparkPairsTest.run(concat(common, "--out", whole.toString()));
        assertEquals(0, uninterrupted.status(), uninterrupted.err());
        Map<String, String> expected = partRows(whole);

        Path out = dir.resolve("resumed.parquet");
        EmbedTask.FAIL_AFTER_ROWS.set(expected.size() / 2);
        int failedStatus;
        try {
            failedStatus = SparkPairsTest.run(concat(common, "--out", out.toString())).status();
        } catch (RuntimeException e) { // the job's failure, as a killed run would end
            failedStatus = -1;
        }
        // The fault stays armed (0: every further row fails) until the resumed run: a task of the failed job that
        // the scheduler had already launched when the job was aborted then fails too, instead of committing a part
        // after the parts below were counted.
        assertTrue(failedStatus != 0, "the injected fault fails the run");
        List<Path> finishedParts = parts(out);
        assertFalse(finishedParts.isEmpty(), "tasks finished before the fault left their parts");
        int finished = partRows(out).size();
        assertTrue(finished > 0 && finished < expected.size(), "part of the photos are done: " + finished);
        Path stale = Files.writeString(out.resolve(EmbeddingParts.TMP_PREFIX + "killed-3.parquet"), "half a part");
        EmbedTask.FAIL_AFTER_ROWS.set(-1);

        SparkPairsTest.Run resumed = SparkPairsTest.run(concat(common, "--out", out.toString()));
        assertEquals(0, resumed.status(), resumed.err());
        assertTrue(resumed.err().contains("skipped " + finished + " already in " + out), resumed.err());
        assertTrue(resumed.err().contains("embedded " + (expected.size() - finished) + " photo(s)"), resumed.err());
        assertFalse(Files.exists(stale), "a killed run's temporary part is removed");
        assertTrue(parts(out).containsAll(finishedParts), "finished parts are kept, not rewritten");
        assertEquals(expected, partRows(out), "the same rows as an uninterrupted run");

        // one photo's content changes (another person's photo copied over it): only that one is embedded again
        Path changed = data.resolve(people.get(0).name()).resolve(people.get(0).files().get(0));
        Files.copy(data.resolve(people.get(1).name()).resolve(people.get(1).files().get(0)), changed,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        SparkPairsTest.Run again = SparkPairsTest.run(concat(common, "--out", out.toString()));
        assertEquals(0, again.status(), again.err());
        assertTrue(again.err().contains("embedded 1 photo(s)"), again.err());
        assertTrue(again.err().contains("skipped " + (expected.size() - 1) + " already"), again.err());
        assertTrue(again.err().contains("warning: 1 photo(s) changed since an earlier run"), again.err());
    }

    @Test
    void aNonImageIsARowWithItsReasonAndSparkPairsSkipsIt() throws IOException {
        Path data = identityFolder("bad-input", 2);
        Path notes = Files.writeString(data.resolve(people.get(0).name()).resolve("notes.txt"), "not a photo");
        Files.writeString(data.resolve("loose.jpg"), "belongs to nobody");
        Path out = dir.resolve("bad.parquet");
        SparkPairsTest.Run r = SparkPairsTest.run("embed", "--models", models.toString(), "--dataset", data.toString(),
                "--out", out.toString(),
                "--master", "local[1]", "--detector", "opencv-fast", "--threads", "1");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("1 file(s) directly in the folder belong to no person"), r.err());
        Row bad = rows(out).get(notes.toUri().getPath());
        assertEquals("unreadable", bad.getAs("status"));
        assertTrue(((String) bad.getAs("reason")).contains("not an image"), bad.toString());
        assertTrue(r.err().contains(notes.getFileName() + ": unreadable: "), r.err());
        assertFalse(r.err().contains("Exception"), r.err());

        SparkPairsTest.Run pairs = SparkPairsTest.run("pairs", "--embeddings", out.toString(), "--master",
                "local[1]", "--out", dir.resolve("bad-counts").toString());
        assertEquals(0, pairs.status(), pairs.err());
        assertTrue(pairs.err().contains("skipped 1 row(s) whose status is not ok"), pairs.err());
    }

    @Test
    void aMissingDatasetAModelNotInstalledAndAFileAsOutputAreOneLineEach() throws IOException {
        Path none = dir.resolve("no-such-folder");
        SparkPairsTest.Run r = SparkPairsTest.run("embed", "--models", models.toString(), "--dataset", none.toString(),
                "--out", dir.resolve("none.parquet").toString(), "--master", "local[1]");
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("--dataset " + none + ": no such folder"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());

        Path empty = Files.createDirectories(dir.resolve("no-models"));
        SparkPairsTest.Run m = SparkPairsTest.run("embed", "--dataset", none.toString(), "--models", empty.toString(),
                "--out", dir.resolve("none.parquet").toString(), "--master", "local[1]");
        assertEquals(2, m.status(), m.err());
        assertTrue(m.err().contains("model dlib is not usable in " + empty + " (not installed): install it with "
                + "./facecal model install dlib"), m.err());

        Path data = identityFolder("out-is-a-file", 1);
        Path file = Files.writeString(dir.resolve("emb.parquet"), "a file");
        SparkPairsTest.Run f = SparkPairsTest.run("embed", "--models", models.toString(), "--dataset", data.toString(),
                "--out", file.toString(),
                "--master", "local[1]");
        assertEquals(2, f.status(), f.err());
        assertTrue(f.err().contains("--out " + file + " is a file"), f.err());
        assertFalse(f.err().contains("Exception"), f.err());
    }

    /** The rows of an embeddings folder by local path. */
    static Map<String, Row> rows(Path out) {
        // a Spark session of its own: what spark pairs and any Spark job see
        SparkSession spark = SparkSession.builder().master("local[1]").appName("read")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            Map<String, Row> m = new TreeMap<>();
            for (Row row : spark.read().parquet(out.toString()).collectAsList()) {
                String local = new org.apache.hadoop.fs.Path((String) row.getAs("path")).toUri().getPath();
                assertNull(m.put(local, row), "one row per photo: " + local);
            }
            return m;
        } finally {
            spark.stop();
        }
    }

    /**
     * The rows of an embeddings folder's finished parts by path, each as its text (Parquet's own reader, no Spark
     * session: the embedding's floats in full, so equal text is equal bits); a path twice fails.
     */
    static Map<String, String> partRows(Path out) throws IOException {
        Map<String, String> m = new TreeMap<>();
        for (Path part : parts(out)) {
            try (var reader = org.apache.parquet.hadoop.ParquetReader.builder(
                    new org.apache.parquet.hadoop.example.GroupReadSupport(),
                    new org.apache.hadoop.fs.Path(part.toString())).build()) {
                for (org.apache.parquet.example.data.Group g = reader.read(); g != null; g = reader.read()) {
                    String path = g.getString("path", 0);
                    assertNull(m.put(path, g.toString()), "one row per photo: " + path);
                }
            }
        }
        return m;
    }

    static float[] floats(Row row) {
        List<Object> xs = row.getList(row.fieldIndex("embedding"));
        float[] f = new float[xs.size()];
        for (int i = 0; i < f.length; i++) f[i] = (Float) xs.get(i);
        return f;
    }

    static int[] bits(float[] f) {
        int[] b = new int[f.length];
        for (int i = 0; i < f.length; i++) b[i] = Float.floatToRawIntBits(f[i]);
        return b;
    }

    static List<Path> parts(Path out) throws IOException {
        try (Stream<Path> s = Files.list(out)) {
            return s.filter(p -> p.getFileName().toString().startsWith(EmbeddingParts.PART_PREFIX)).sorted()
                    .toList();
        }
    }

    static String[] concat(String[] a, String... b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
