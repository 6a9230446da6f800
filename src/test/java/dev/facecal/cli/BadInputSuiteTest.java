package dev.facecal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input suite of issue 11 (docs/reliability.md lists every case with its test): each case makes its own
 * input in a temporary folder (CSV text, image files, model stores), runs the command line in-process as a user
 * would, and checks the exit status, that the message names the input and says what to do, that no stack trace is
 * printed, and that what was there before (an earlier output, cache entries) is intact.
 */
class BadInputSuiteTest {
    @TempDir
    Path dir;

    static final String PREVIOUS = "an earlier report\n";

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    /** A clear refusal: status 2, the message names {@code names}, no stack trace. */
    static void refused(CliTest.Result r, String... names) {
        assertEquals(2, r.status(), r.err());
        assertNoTrace(r);
        for (String n : names) assertTrue(r.err().contains(n), "message names " + n + ": " + r.err());
    }

    static void assertNoTrace(CliTest.Result r) {
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception:"), "no stack trace: " + r.err());
        assertFalse(r.out().contains("\tat "), "no stack trace: " + r.out());
    }

    private static String table(int same, int different) {
        StringBuilder sb = new StringBuilder("file_x,file_y,decision,cosine,euclidean\n");
        for (int i = 0; i < same; i++) sb.append("a").append(i).append(".jpg,b").append(i).append(".jpg,1,0.")
                .append(10 + i % 50).append(",0.").append(20 + i % 50).append('\n');
        for (int i = 0; i < different; i++) sb.append("c").append(i).append(".jpg,d").append(i).append(".jpg,0,0.")
                .append(50 + i % 49).append(",0.").append(60 + i % 39).append('\n');
        return sb.toString();
    }

    // ------------------------------------------------------------------------------------ calibrate: outputs

    @Test
    void calibrateRefusesToWriteOverItsInput() throws Exception {
        Path csv = write("pairs.csv", table(5, 5));
        String before = Files.readString(csv);
        CliTest.Result r = CliTest.run("calibrate", csv.toString(), "-o", csv.toString(), "--bootstrap", "0");
        refused(r, csv.toString(), "replace the input");
        assertEquals(before, Files.readString(csv), "the input is intact");
        // the same file by another name
        CliTest.Result other = CliTest.run("calibrate", csv.toString(), "-o",
                dir.resolve(".").resolve("pairs.csv").toString(), "--bootstrap", "0");
        refused(other, "replace the input");
        assertEquals(before, Files.readString(csv));
    }

    @Test
    void outputOntoAFolderIsRefusedBeforeTheWork() throws Exception {
        Path csv = write("pairs.csv", table(5, 5));
        Path folder = Files.createDirectories(dir.resolve("reports"));
        CliTest.Result r = CliTest.run("calibrate", csv.toString(), "-o", folder.toString(), "--bootstrap", "0");
        refused(r, folder.toString(), "is a folder", "give a file name");
        assertFalse(r.err().contains("calibrated"), "refused before calibrating: " + r.err());
    }

    @Test
    void outputFilesGetTheUsualPermissions() throws Exception {
        Path csv = write("pairs.csv", table(5, 5));
        Path out = dir.resolve("report.txt");
        assertEquals(0, CliTest.run("calibrate", csv.toString(), "-o", out.toString(), "--bootstrap", "0").status());
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(out);
        Set<PosixFilePermission> probe = Files.getPosixFilePermissions(Files.createFile(dir.resolve("probe")));
        assertEquals(probe, perms, "an output is created like any new file (umask), not 0600");
        assertTrue(perms.contains(PosixFilePermission.OWNER_READ) && perms.contains(PosixFilePermission.OTHERS_READ)
                || !probe.contains(PosixFilePermission.OTHERS_READ));
    }

    // ------------------------------------------------------------------------------------ calibrate: tables

    @Test
    void aWordInTheFirstRowOfADistanceColumnIsAnErrorNotADroppedColumn() throws Exception {
        String t = table(5, 5).replaceFirst("(a0\\.jpg,b0\\.jpg,1,0\\.10,)0\\.20", "$1abc");
        Path csv = write("pairs.csv", t);
        Path out = write("report.txt", PREVIOUS);
        CliTest.Result r = CliTest.run("calibrate", csv.toString(), "--bootstrap", "0", "-o", out.toString());
        refused(r, csv.toString(), "line 2", "'euclidean'", "'abc'");
        assertEquals(PREVIOUS, Files.readString(out), "the earlier output is intact");
        // the only distance column
        Path only = write("only.csv", "file_x,file_y,decision,euclidean\na,b,1,abc\nc,d,1,0.3\ne,f,0,0.9\ng,h,0,0.8\n");
        CliTest.Result o = CliTest.run("calibrate", only.toString(), "--bootstrap", "0");
        refused(o, only.toString(), "line 2", "'euclidean'", "'abc'", "not a number");
    }

    @Test
    void aTextColumnIsStillLeftOut() throws Exception {
        Path csv = write("pairs.csv", "file_x,file_y,model,decision,cosine\na,b,dlib,1,0.1\nc,d,dlib,1,0.2\n"
                + "e,f,dlib,0,0.7\ng,h,dlib,0,0.8\n");
        CliTest.Result r = CliTest.run("calibrate", csv.toString(), "--bootstrap", "0", "--format", "json");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("1 distance column(s)"), r.err());
    }

    @Test
    void latin1CsvNamesTheLineAndSaysToConvert() throws Exception {
        Path csv = dir.resolve("latin1.csv");
        String t = "file_x,file_y,decision,cosine\na.jpg,b.jpg,1,0.1\nJos\u00e9/1.jpg,c.jpg,1,0.2\ne,f,0,0.7\ng,h,0,0.8\n";
        Files.write(csv, t.getBytes(StandardCharsets.ISO_8859_1));
        CliTest.Result r = CliTest.run("calibrate", csv.toString(), "--bootstrap", "0");
        refused(r, csv.toString(), "line 3", "0xE9", "not UTF-8", "convert it to UTF-8");
        Path master = dir.resolve("master.csv");
        Files.write(master, "file_x,file_y,decision\nJos\u00e9/1.jpg,a/2.jpg,1\n".getBytes(StandardCharsets.ISO_8859_1));
        CliTest.Result d = CliTest.run("distances", "--dataset", dir.toString(), "--pairs", master.toString(),
                "--models", dir.resolve("models").toString(), "--out", dir.resolve("d.csv").toString());
        refused(d, master.toString(), "line 2", "convert it to UTF-8");
    }

    @Test
    void emptyShortAndHeaderOnlyTables() throws Exception {
        Path empty = write("empty.csv", "");
        refused(CliTest.run("calibrate", empty.toString()), empty.toString(), "empty");
        Path header = write("header.csv", "file_x,file_y,decision,cosine\n");
        refused(CliTest.run("calibrate", header.toString()), header.toString(), "no pairs");
        Path oneClass = write("one-class.csv", "file_x,file_y,decision,cosine\na,b,1,0.1\nc,d,1,0.2\n");
        refused(CliTest.run("calibrate", oneClass.toString()), oneClass.toString(), "both same-person and different");
        Path noLabel = write("nolabel.csv", "file_x,file_y,cosine\na,b,0.1\n");
        refused(CliTest.run("calibrate", noLabel.toString()), noLabel.toString(), "no label column");
        Path ragged = write("ragged.csv", "file_x,file_y,decision,cosine\na,b,1,0.1\nc,d,0\n");
        refused(CliTest.run("calibrate", ragged.toString()), ragged.toString(), "line 3", "expected 4 fields");
    }

    @Test
    void twoRowTableIsCalibratedWithAWarning() throws Exception {
        Path csv = write("two.csv", "file_x,file_y,decision,cosine\na,b,1,0.1\nc,d,0,0.7\n");
        CliTest.Result r = CliTest.run("calibrate", csv.toString(), "--bootstrap", "0");
        assertEquals(0, r.status(), r.err());
        assertNoTrace(r);
        assertTrue(r.err().contains("warning: " + csv) && r.err().contains("at least 2"), r.err());
        assertTrue(r.out().contains("warnings: few_pairs="), "the report says it too: " + r.out());
    }

    @Test
    void duplicatePairsAreReportedWithTheirLines() throws Exception {
        Path csv = write("dup.csv", table(4, 4) + "b2.jpg,a2.jpg,1,0.12,0.22\n");
        CliTest.Result r = CliTest.run("calibrate", csv.toString(), "--bootstrap", "0");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("warning: " + csv) && r.err().contains("lines 4 and 10"), r.err());
        assertTrue(r.out().contains("duplicate_pairs="), r.out());
        CliTest.Result clean = CliTest.run("calibrate", write("clean.csv", table(4, 4)).toString(), "--bootstrap", "0");
        assertFalse(clean.err().contains("warning"), clean.err());
    }

    @Test
    void nanInfNegativeAndEmptyDistancesNameTheirLine() throws Exception {
        String[] bad = {"nan", "inf", "-inf", "-0.5", "", "1e999"};
        for (String v : bad) {
            Path csv = write("bad.csv", table(3, 3).replaceFirst("(c1\\.jpg,d1\\.jpg,0,)0\\.51", "$1" + v));
            CliTest.Result r = CliTest.run("calibrate", csv.toString(), "--bootstrap", "0");
            refused(r, csv.toString(), "line 6", "'cosine'");
            assertTrue(r.err().contains("fix or remove the row") || r.err().contains("remove the row"), r.err());
        }
    }

    @Test
    void unknownAndMixedLabels() throws Exception {
        Path csv = write("labels.csv", "file_x,file_y,decision,cosine\na,b,Yes,0.1\nc,d,maybe,0.2\n");
        refused(CliTest.run("calibrate", csv.toString()), csv.toString(), "line 3", "'maybe' is not a label");
        // spellings may be mixed (Yes/No, 1/0, true/false): each row is read on its own
        Path mixed = write("mixed.csv", "file_x,file_y,decision,cosine\na,b,Yes,0.1\nc,d,1,0.2\ne,f,No,0.7\n"
                + "g,h,0,0.8\n");
        CliTest.Result r = CliTest.run("calibrate", mixed.toString(), "--bootstrap", "0");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("2 same-person, 2 different-person"), r.err());
    }

    @Test
    void aHugeTableSaysTheBootstrapIsOff() throws Exception {
        Path csv = dir.resolve("huge.csv");
        StringBuilder sb = new StringBuilder("file_x,file_y,decision,cosine\n");
        for (int i = 0; i < 100_002; i++) {
            sb.append('p').append(i).append(",q").append(i).append(',').append(i % 2).append(",0.")
                    .append(i % 2 == 1 ? 1000 + i % 5000 : 4000 + i % 5000).append('\n');
        }
        Files.writeString(csv, sb);
        CliTest.Result r = CliTest.run("calibrate", csv.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("bootstrap") && r.err().contains("--bootstrap N"), r.err());
        assertTrue(r.out().contains("warnings: bootstrap=off: 100002 pairs is above 100000"), "in the report");
    }

    // ------------------------------------------------------------------------------------ model store

    @Test
    void aCorruptSidecarOrFlippedModelBytesNeverLeaveTheStoreStuck() throws Exception {
        Path models = dir.resolve("models");
        String tgz = dev.facecal.models.FaceApiTarball.get().toString();
        assertEquals(0, CliTest.run("model", "install", "dlib", "--from", tgz, "--models", models.toString()).status());
        Path sidecar = models.resolve("dlib.json"), onnx = models.resolve("dlib.onnx");
        byte[] good = Files.readAllBytes(onnx);

        Files.writeString(sidecar, "{\"name\":");
        CliTest.Result list = CliTest.run("model", "list", "--models", models.toString());
        assertEquals(0, list.status(), list.err());
        assertNoTrace(list);
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("dlib") && l.contains("CORRUPT")), list.out());
        assertTrue(list.out().contains("run ./facecal model install dlib --force"), list.out());
        CliTest.Result force = CliTest.run("model", "install", "dlib", "--from", tgz, "--force", "--models",
                models.toString());
        assertEquals(0, force.status(), force.err());
        assertTrue(CliTest.run("model", "list", "--models", models.toString()).out().lines()
                .anyMatch(l -> l.startsWith("dlib") && l.contains("yes")));

        Files.writeString(sidecar, "{\"name\":");
        CliTest.Result plain = CliTest.run("model", "install", "dlib", "--from", tgz, "--models", models.toString());
        assertEquals(0, plain.status(), plain.err());
        assertTrue(plain.err().contains("unreadable; reinstalling"), plain.err());

        byte[] flipped = good.clone();
        flipped[flipped.length / 2] ^= 0x55;
        Files.write(onnx, flipped);
        CliTest.Result after = CliTest.run("model", "list", "--models", models.toString());
        assertTrue(after.out().lines().anyMatch(l -> l.startsWith("dlib") && l.contains("CORRUPT")), after.out());
        assertTrue(after.out().contains("SHA-256") && after.out().contains("model install dlib --force"), after.out());
        CliTest.Result embed = CliTest.run("embed", "--model", "dlib", "--models", models.toString(), "--out",
                dir.resolve("e.csv").toString(), Fixtures.shared().resolve("datasets/deepface-unit/img1.jpg").toString());
        refused(embed, "dlib.onnx", "model install dlib --force");
        assertEquals(0, CliTest.run("model", "install", "dlib", "--from", tgz, "--models", models.toString()).status());
        assertTrue(java.util.Arrays.equals(good, Files.readAllBytes(onnx)), "repaired to the same bytes");
    }

    // ------------------------------------------------------------------------------------ photos to distances

    static Path photo(String name) {
        return Fixtures.shared().resolve("datasets/deepface-unit").resolve(name);
    }

    /** Installs the dlib model from the test tarball into {@code dir/models}. */
    static Path installDlib(Path dir) {
        Path models = dir.resolve("models");
        CliTest.Result r = CliTest.run("model", "install", "dlib", "--from",
                dev.facecal.models.FaceApiTarball.get().toString(), "--models", models.toString());
        assertEquals(0, r.status(), r.err());
        return models;
    }

    private Path person(Path root, String who, String... photos) throws Exception {
        Path d = Files.createDirectories(root.resolve(who));
        for (String p : photos) Files.copy(photo(p), d.resolve(p));
        return d;
    }

    @Test
    void onePhotoUnderTwoPeopleIsRefusedBeforeEmbedding() throws Exception {
        Path data = dir.resolve("people");
        person(data, "Jennifer", "img8.jpg", "img9.jpg");
        person(data, "Scarlett", "img8.jpg", "img10.jpg");
        Path out = write("dist.csv", PREVIOUS);
        CliTest.Result r = CliTest.run("distances", "--dataset", data.toString(), "--all-pairs", "--models",
                dir.resolve("no-models").toString(), "--out", out.toString());
        refused(r, "Jennifer/img8.jpg and Scarlett/img8.jpg are the same photo", "keep it under one person");
        assertEquals(PREVIOUS, Files.readString(out), "nothing written");
        // the same content under another name, through a pair list
        Files.copy(photo("img8.jpg"), data.resolve("Scarlett/copy.jpg"));
        Path pairs = write("pairs.csv", "file_x,file_y,decision\nJennifer/img8.jpg,Jennifer/img9.jpg,1\n"
                + "Jennifer/img9.jpg,Scarlett/img10.jpg,0\nJennifer/img8.jpg,Scarlett/copy.jpg,0\n");
        CliTest.Result c = CliTest.run("distances", "--dataset", data.toString(), "--pairs", pairs.toString(),
                "--models", dir.resolve("no-models").toString(), "--out", out.toString());
        refused(c, pairs.toString(), "Jennifer/img8.jpg and Scarlett/copy.jpg are the same photo (same content)");
        // the same name twice in a different-person row
        Path self = write("self.csv", "file_x,file_y,decision\nJennifer/img8.jpg,Jennifer/img8.jpg,0\n");
        refused(CliTest.run("distances", "--dataset", data.toString(), "--pairs", self.toString(), "--models",
                dir.resolve("no-models").toString(), "--out", out.toString()), "the same file");
    }

    @Test
    void anEmptyDatasetOrOneWhosePhotosAllFailIsAnErrorAndWritesNothing() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path out = write("dist.csv", PREVIOUS);
        refused(CliTest.run("distances", "--dataset", empty.toString(), "--all-pairs", "--out", out.toString()),
                empty.toString(), "no pairs");
        Path models = installDlib(dir);
        Path data = dir.resolve("bad");
        Files.createDirectories(data.resolve("a"));
        Files.createDirectories(data.resolve("b"));
        Files.writeString(data.resolve("a/1.jpg"), "not a picture");
        Files.write(data.resolve("a/2.jpg"), new byte[0]);
        Files.writeString(data.resolve("b/3.jpg"), "neither");
        CliTest.Result r = CliTest.run("distances", "--dataset", data.toString(), "--all-pairs", "--models",
                models.toString(), "--cache", dir.resolve("cache").toString(), "--out", out.toString());
        refused(r, "a/1.jpg", "a/2.jpg", "b/3.jpg", "none of the 3 pairs", "nothing written");
        assertEquals(PREVIOUS, Files.readString(out));
        Path emb = write("emb.csv", PREVIOUS);
        CliTest.Result e = CliTest.run("embed", "--model", "dlib", "--models", models.toString(), "--out",
                emb.toString(), data.resolve("a").toString());
        refused(e, "1.jpg", "none of the 2 image(s)");
        assertEquals(PREVIOUS, Files.readString(emb));
    }

    @Test
    void environmentFailuresAreNotCachedAreRetriedAndSetTheExitStatus() throws Exception {
        Path models = installDlib(dir);
        Path data = dir.resolve("photos");
        Files.createDirectories(data);
        for (String p : new String[] {"img1.jpg", "img2.jpg", "img16.jpg"}) Files.copy(photo(p), data.resolve(p));
        // a file that exists but cannot be read: an I/O error, not a fact about the photo
        Files.createSymbolicLink(data.resolve("io.jpg"), Path.of("/proc/self/mem"));
        Path pairs = write("pairs.csv", "file_x,file_y,decision\nimg1.jpg,img2.jpg,1\nimg1.jpg,img16.jpg,0\n"
                + "img2.jpg,io.jpg,1\n");
        Path cache = dir.resolve("cache"), out = dir.resolve("dist.csv");
        String[] args = {"distances", "--dataset", data.toString(), "--pairs", pairs.toString(), "--models",
                models.toString(), "--cache", cache.toString(), "--out", out.toString()};
        CliTest.Result r = CliTest.run(args);
        assertEquals(3, r.status(), r.err());
        assertNoTrace(r);
        assertTrue(r.err().contains("io.jpg: not processed: the file could not be read"), r.err());
        assertTrue(r.err().contains("run the same command again to retry"), r.err());
        assertEquals(3, Files.readAllLines(out).size(), "the two good pairs are written");
        try (var s = Files.walk(cache)) {
            assertEquals(0, s.filter(p -> p.toString().endsWith(".fail")).count(), "nothing cached as a failure");
        }

        // an old cache entry holding a raw OpenCV out-of-memory message (as facecal cached it before) is retried
        Files.delete(data.resolve("io.jpg"));
        Path pairs2 = write("pairs2.csv", "file_x,file_y,decision\nimg1.jpg,img2.jpg,1\nimg1.jpg,img16.jpg,0\n");
        Path entry;
        try (var s = Files.walk(cache)) {
            entry = s.filter(p -> p.toString().endsWith(".f32")).findFirst().orElseThrow();
        }
        Path fail = entry.resolveSibling(entry.getFileName().toString().replace(".f32", ".fail"));
        Files.delete(entry);
        Files.writeString(fail, "face extraction failed: CvException [org.opencv.core.CvException: cv::Exception: "
                + "OpenCV(4.9.0) matrix.cpp:246: error: (-4:Insufficient memory) Failed to allocate 33132437760 "
                + "bytes in function 'OutOfMemoryError'\n]");
        String[] args2 = {"distances", "--dataset", data.toString(), "--pairs", pairs2.toString(), "--models",
                models.toString(), "--cache", cache.toString(), "--out", out.toString()};
        CliTest.Result again = CliTest.run(args2);
        assertEquals(0, again.status(), again.err());
        assertTrue(again.err().contains("(2 from the cache)"), again.err());
        assertTrue(Files.isRegularFile(entry) && !Files.exists(fail), "recomputed and cached as an embedding");

        // a cache entry of the right length holding NaN is recomputed, not used
        byte[] bytes = Files.readAllBytes(entry);
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(4, Float.NaN);
        Files.write(entry, bytes);
        CliTest.Result nan = CliTest.run(args2);
        assertEquals(0, nan.status(), nan.err());
        assertTrue(nan.err().contains("(2 from the cache)"), nan.err());
        assertFalse(Files.readString(out).toLowerCase().contains("nan"), Files.readString(out));
    }

    @Test
    void rawOpenCvMessagesBecomeReadableReasons() {
        String raw = "face extraction failed: CvException [org.opencv.core.CvException: cv::Exception: OpenCV(4.9.0) "
                + "/build/modules/core/src/alloc.cpp:73: error: (-4:Insufficient memory) Failed to allocate "
                + "33132437760 bytes in function 'OutOfMemoryError'\n]";
        assertFalse(dev.facecal.embed.PhotoFailure.decided(raw));
        String s = dev.facecal.embed.PhotoFailure.environmental(raw);
        assertEquals("not processed: out of memory (30.9 GiB were needed at once); give facecal more memory or shrink "
                + "the photo; not cached: run again to retry", s);
        for (String decided : new String[] {"no face detected", "2 faces detected; ...",
                "not an image OpenCV can decode (empty, truncated or not a picture)"}) {
            assertTrue(dev.facecal.embed.PhotoFailure.decided(decided), decided);
        }
    }

    // ------------------------------------------------------------------------------------ datasets

    @Test
    void indexRefusesFoldersAndLinkLoopsAndErrorsWithoutWriting() throws Exception {
        Path data = dir.resolve("people");
        person(data, "Angelina", "img1.jpg", "img2.jpg");
        person(data, "Scarlett", "img8.jpg", "img9.jpg");
        Files.createDirectories(data.resolve("Angelina/more"));
        Files.createSymbolicLink(data.resolve("Scarlett/loop.jpg"), data.resolve("Scarlett/loop.jpg"));
        Path master = data.resolve("master.csv");
        CliTest.Result r = CliTest.run("dataset", "index", data.toString());
        refused(r, "Angelina/more (a folder)", "Scarlett/loop.jpg (a broken link or a link loop)", "move them out");
        assertFalse(Files.exists(master), "nothing written");
        Files.delete(data.resolve("Angelina/more"));
        Files.delete(data.resolve("Scarlett/loop.jpg"));
        Files.copy(photo("img1.jpg"), data.resolve("Scarlett/img1-copy.jpg"));
        CliTest.Result dup = CliTest.run("dataset", "index", data.toString());
        refused(dup, "Angelina/img1.jpg", "Scarlett/img1-copy.jpg", "nothing written");
        assertFalse(Files.exists(master));
        Files.delete(data.resolve("Scarlett/img1-copy.jpg"));
        assertEquals(0, CliTest.run("dataset", "index", data.toString()).status());
        assertTrue(Files.isRegularFile(master));
    }

    @Test
    void checkTakesTheSourceAsTheReadmeWritesIt() throws Exception {
        Path data = dir.resolve("people");
        person(data, "Jennifer", "img8.jpg", "img9.jpg");
        person(data, "Scarlett", "img8.jpg", "img10.jpg");
        CliTest.Result r = CliTest.run("dataset", "check", data.toString());
        assertEquals(2, r.status(), r.err());
        assertNoTrace(r);
        assertTrue(r.out().contains("img8.jpg") && r.out().contains("error"), r.out());
        Path manifest = write("m.json", "{\"root\": \"people\", \"identities\": {\"Jennifer\": "
                + "[\"Jennifer/img9.jpg\"], \"Scarlett\": [\"Scarlett/img10.jpg\"]}}");
        CliTest.Result m = CliTest.run("dataset", "check", manifest.toString());
        assertEquals(0, m.status(), m.out() + m.err());
        assertTrue(m.out().contains("no errors"), m.out());
        refused(CliTest.run("dataset", "check", dir.resolve("nowhere").toString()), "nowhere", "no such file");
    }

    // ------------------------------------------------------------------------------------ file names

    @Test
    void namesThatAreNotUtf8GoThroughIndexDistancesAndEmbedAndMapBackToTheirFiles() throws Exception {
        Path data = Files.createDirectories(dir.resolve("people"));
        // "José" and "café.jpg" in Latin-1: bytes that are not UTF-8, made through a file: URI
        Path jose = Path.of(java.net.URI.create(data.toUri() + "Jos%E9"));
        Files.createDirectories(jose);
        Files.copy(photo("img1.jpg"), Path.of(java.net.URI.create(jose.toUri() + "caf%E9.jpg")));
        Files.copy(photo("img2.jpg"), jose.resolve("img2.jpg"));
        person(data, "Scarlett", "img8.jpg");
        Path models = installDlib(dir);

        Path master = dir.resolve("master.csv");
        CliTest.Result index = CliTest.run("dataset", "index", data.toString(), "--out", master.toString());
        assertEquals(0, index.status(), index.err());
        String listed = Files.readString(master);
        assertTrue(listed.contains("Jos%E9/caf%E9.jpg"), listed);
        Path out = dir.resolve("dist.csv");
        CliTest.Result r = CliTest.run("distances", "--dataset", data.toString(), "--pairs", master.toString(),
                "--models", models.toString(), "--cache", dir.resolve("cache").toString(), "--detector", "none",
                "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertFalse(r.err().contains("skipped") || r.err().contains("not found"), r.err());
        java.util.List<String> rows = Files.readAllLines(out);
        assertEquals(4, rows.size(), rows.toString());
        for (String row : rows.subList(1, rows.size())) {
            for (String name : row.split(",", 3)[0].equals("") ? new String[0] : row.split(",").clone()) {
                if (!name.endsWith(".jpg")) continue;
                assertTrue(Files.isRegularFile(dev.facecal.dataset.FileNames.resolve(data, name)), name);
            }
        }
        assertFalse(Files.readString(out).contains("\uFFFD"));
        CliTest.Result all = CliTest.run("distances", "--dataset", data.toString(), "--all-pairs", "--models",
                models.toString(), "--cache", dir.resolve("cache").toString(), "--detector", "none", "--out",
                out.toString());
        assertEquals(0, all.status(), all.err());
        assertEquals(4, Files.readAllLines(out).size());

        Path emb = dir.resolve("emb.csv");
        Path flat = Files.createDirectories(dir.resolve("flat"));
        Files.copy(photo("img1.jpg"), Path.of(java.net.URI.create(flat.toUri() + "caf%E9.jpg")));
        CliTest.Result e = CliTest.run("embed", "--model", "dlib", "--models", models.toString(), "--out",
                emb.toString(), flat.toString());
        assertEquals(0, e.status(), e.err());
        String name = Files.readAllLines(emb).get(1).split(",")[0];
        assertTrue(name.endsWith("flat/caf%E9.jpg"), name);
        assertTrue(Files.isRegularFile(dev.facecal.dataset.FileNames.resolve(Path.of("/"), name.substring(1))),
                "the row maps back to its file");
    }
}
