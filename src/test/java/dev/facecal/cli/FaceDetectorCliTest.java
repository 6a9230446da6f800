package dev.facecal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.Fixtures;
import dev.facecal.dataset.PairTable;
import dev.facecal.dataset.PairTableReader;
import dev.facecal.embed.EmbeddingStore;
import dev.facecal.face.HaarDetector;
import dev.facecal.face.MultiFacePolicy;
import dev.facecal.face.SyntheticYuNet;
import dev.facecal.face.YuNetDetector;
import dev.facecal.models.FaceApiTarball;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --detector} on {@code distances} and {@code embed}: the yunet options and their messages, the cache key per
 * detector, the failure summary and {@code --strict}.
 */
class FaceDetectorCliTest {
    @TempDir
    Path dir;

    private static final Path PHOTOS = Fixtures.shared().resolve("datasets/deepface-unit");

    @TempDir
    static Path shared;

    private static Path models;

    /** dlib, installed once for the class. */
    private static synchronized Path models() {
        if (models == null) {
            Path m = shared.resolve("models");
            assertEquals(0, CliTest.run("model", "install", "dlib", "--from", FaceApiTarball.get().toString(),
                    "--models", m.toString()).status());
            models = m;
        }
        return models;
    }

    @Test
    void yunetWithoutItsModelSaysWhereToDownloadIt() throws Exception {
        Path pairs = Files.writeString(dir.resolve("pairs.csv"), "file_x,file_y,Decision\nimg1.jpg,img2.jpg,Yes\n");
        Path out = dir.resolve("out.csv");
        CliTest.Result d = CliTest.run("distances", "--dataset", PHOTOS.toString(), "--pairs", pairs.toString(),
                "--detector", "yunet", "--yunet-model", dir.resolve("missing.onnx").toString(), "--models",
                dir.resolve("no-models").toString(), "--cache", dir.resolve("cache").toString(), "--out", out.toString());
        assertEquals(2, d.status(), d.err());
        assertTrue(d.err().contains(YuNetDetector.URL), d.err());
        assertTrue(d.err().contains("--yunet-sha256"), d.err());
        assertFalse(d.err().contains("\tat "), "no stack trace: " + d.err());
        assertFalse(Files.exists(out));
        CliTest.Result e = CliTest.run("embed", PHOTOS.resolve("img1.jpg").toString(), "--detector", "yunet",
                "--yunet-model", dir.resolve("missing.onnx").toString(), "--models", dir.resolve("no-models").toString(),
                "--out", out.toString());
        assertEquals(2, e.status(), e.err());
        assertTrue(e.err().contains(YuNetDetector.URL), e.err());
        CliTest.Result unknown = CliTest.run("distances", "--dataset", PHOTOS.toString(), "--pairs", pairs.toString(),
                "--detector", "mtcnn", "--out", out.toString());
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().contains("opencv, opencv-fast, yunet or none"), unknown.err());
        assertTrue(CliTest.run("distances", "--help").out().contains("--yunet-model"));
    }

    @Test
    void theCacheKeyHasTheDetectorAndTheYuNetModelHash() throws Exception {
        YuNetDetector a = new YuNetDetector(SyntheticYuNet.write(dir.resolve("a.onnx")), null, null);
        Path bFile = dir.resolve("b.onnx");
        Files.write(bFile, Files.readString(dir.resolve("a.onnx"), java.nio.charset.StandardCharsets.ISO_8859_1)
                .replace("facecal-test", "facecal-TEST").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        YuNetDetector b = new YuNetDetector(bFile, null, null);
        Path haar = store(dev.facecal.face.Haar.detector()), ya = store(a), yb = store(b), none = store(null);
        assertEquals(4, List.of(haar, ya, yb, none).stream().distinct().count(), List.of(haar, ya, yb, none).toString());
        assertTrue(List.of(dev.facecal.pipeline.EmbeddingStage.cacheConfiguration("x", a, MultiFacePolicy.DOMINANT, true))
                .contains("detector=" + a.configuration()));
        assertTrue(a.configuration().contains(a.modelSha256()));
        // the Haar key is what it was before yunet existed: old caches stay valid
        assertEquals(EmbeddingStore.of(dir, "dlib", "onnx=x", "detector=opencv", "policy=DOMINANT", "align=true").dir(), haar);
        assertNotEquals(ya, yb);
    }

    private Path store(dev.facecal.face.FaceDetector d) {
        return EmbeddingStore.of(dir, "dlib", dev.facecal.pipeline.EmbeddingStage.cacheConfiguration("x", d, MultiFacePolicy.DOMINANT, true)).dir();
    }

    /** A dataset folder with good photos, a text file named .jpg and a group photo. */
    private Path mixedDataset() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        for (String f : List.of("img1.jpg", "img2.jpg", "img16.jpg", "img17.jpg", "couple.jpg")) {
            Files.copy(PHOTOS.resolve(f), data.resolve(f));
        }
        Files.copy(Fixtures.resource("face/not-an-image.jpg"), data.resolve("broken.jpg"));
        return data;
    }

    @Test
    void failuresAreSummarisedWithFileAndReason() throws Exception {
        Path models = models();
        Path data = mixedDataset();
        Path pairs = Files.writeString(dir.resolve("pairs.csv"), """
                file_x,file_y,Decision
                img1.jpg,img2.jpg,Yes
                broken.jpg,img16.jpg,No
                img16.jpg,img17.jpg,Yes
                missing.jpg,img1.jpg,No
                couple.jpg,img17.jpg,No
                """);
        Path out = dir.resolve("out.csv");
        CliTest.Result r = CliTest.run("distances", "--dataset", data.toString(), "--pairs", pairs.toString(),
                "--models", models.toString(), "--cache", dir.resolve("cache").toString(), "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("2 pairs, 3 skipped"), r.err());
        assertTrue(r.err().contains("3 photo(s) failed:"), r.err());
        assertTrue(r.err().contains("  broken.jpg: not an image"), r.err());
        assertTrue(r.err().contains("  missing.jpg: file not found"), r.err());
        assertTrue(r.err().contains("  couple.jpg: 2 faces detected"), r.err());
        assertEquals(3, Files.readAllLines(out).size());
    }

    @Test
    void strictStopsAtTheFirstBadPhoto() throws Exception {
        Path models = models();
        Path data = mixedDataset();
        // photo order: img1, broken, img17, img2, img16 (every file_x, then the new file_y)
        Path pairs = Files.writeString(dir.resolve("pairs.csv"), """
                file_x,file_y,Decision
                img1.jpg,img2.jpg,Yes
                broken.jpg,img16.jpg,No
                img17.jpg,img16.jpg,Yes
                """);
        Path out = dir.resolve("out.csv");
        Path cache = dir.resolve("cache");
        CliTest.Result r = CliTest.run("distances", "--dataset", data.toString(), "--pairs", pairs.toString(),
                "--strict", "--batch", "1", "--models", models.toString(), "--cache", cache.toString(), "--out",
                out.toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("broken.jpg: not an image"), r.err());
        assertTrue(r.err().contains("--strict"), r.err());
        assertFalse(Files.exists(out), "nothing written");
        // img1 was embedded and broken.jpg recorded as failed; nothing after it was looked at
        try (Stream<Path> s = Files.walk(cache)) {
            List<String> entries = s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(2, entries.size(), entries.toString());
            assertEquals(1, entries.stream().filter(n -> n.endsWith(".fail")).count(), entries.toString());
        }
        // without --strict the same run goes through and skips the broken photo's pair
        CliTest.Result lax = CliTest.run("distances", "--dataset", data.toString(), "--pairs", pairs.toString(),
                "--batch", "1", "--models", models.toString(), "--cache", cache.toString(), "--out", out.toString());
        assertEquals(0, lax.status(), lax.err());
        assertTrue(lax.err().contains("2 pairs, 1 skipped"), lax.err());
        assertTrue(lax.err().contains("(2 from the cache)"), lax.err());
    }

    @Test
    void embedWithTheHaarDetector() throws Exception {
        Path models = models();
        Path data = mixedDataset();
        Path out = dir.resolve("emb.csv");
        CliTest.Result r = CliTest.run("embed", data.resolve("img1.jpg").toString(), data.resolve("broken.jpg").toString(),
                data.resolve("img2.jpg").toString(), "--detector", "opencv", "--models", models.toString(), "--out",
                out.toString());
        assertEquals(0, r.status(), r.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(3, lines.size(), "header + img1 + img2");
        assertTrue(lines.get(1).startsWith(data.resolve("img1.jpg") + ","));
        assertTrue(r.err().contains("1 image(s) failed:") && r.err().contains("broken.jpg: not an image"), r.err());
        double[] a = values(lines.get(1)), b = values(lines.get(2));
        double d = 0;
        for (int i = 0; i < a.length; i++) d += (a[i] - b[i]) * (a[i] - b[i]);
        assertTrue(Math.sqrt(d) < 0.6, "img1 and img2 are the same person with dlib: " + Math.sqrt(d));
        CliTest.Result strict = CliTest.run("embed", data.toString(), "--detector", "opencv", "--strict", "--models",
                models.toString(), "--out", dir.resolve("strict.csv").toString());
        assertEquals(2, strict.status(), strict.err());
        assertTrue(strict.err().contains("broken.jpg") && strict.err().contains("--strict"), strict.err());
        assertFalse(Files.exists(dir.resolve("strict.csv")));
    }

    private static double[] values(String line) {
        String[] f = line.split(",");
        double[] v = new double[f.length - 1];
        for (int i = 1; i < f.length; i++) v[i - 1] = Double.parseDouble(f[i]);
        return v;
    }
}
