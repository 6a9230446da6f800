package dev.facecal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.Fixtures;
import dev.facecal.dataset.PairTable;
import dev.facecal.dataset.PairTableReader;
import dev.facecal.models.FaceApiTarball;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Photos to distances with the Haar detector and dlib, resumed from the cache, rejecting group photos by name. */
class DistancesCliTest {
    @TempDir
    Path dir;

    @Test
    void realPhotosToDistancesAndBackFromTheCache() throws Exception {
        Path models = dir.resolve("models");
        assertEquals(0, CliTest.run("model", "install", "dlib", "--from", FaceApiTarball.get().toString(), "--models",
                models.toString()).status());
        Path photos = Fixtures.shared().resolve("datasets/deepface-unit");
        Path pairs = dir.resolve("pairs.csv");
        Files.writeString(pairs, """
                file_x,file_y,Decision
                img1.jpg,img2.jpg,Yes
                img1.jpg,img4.jpg,Yes
                img16.jpg,img17.jpg,Yes
                img1.jpg,img16.jpg,No
                img2.jpg,img17.jpg,No
                img4.jpg,couple.jpg,No
                """);
        Path out = dir.resolve("dist.csv");
        String[] args = {"distances", "--dataset", photos.toString(), "--pairs", pairs.toString(), "--model", "dlib",
                "--models", models.toString(), "--cache", dir.resolve("cache").toString(), "--out", out.toString()};
        CliTest.Result r = CliTest.run(args);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("couple.jpg:"), "the group photo is rejected by name: " + r.err());
        assertTrue(r.err().contains("5 pairs, 1 skipped"), r.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals("file_x,file_y,decision,cosine,euclidean,euclidean_l2,angular", lines.get(0));

        PairTable t = PairTableReader.read(out);
        double[] eu = t.column("euclidean");
        for (int i = 0; i < t.size(); i++) {
            // dlib / face_recognition: same person below 0.6, different persons above
            assertEquals(t.positive()[i], eu[i] < 0.6, lines.get(i + 1));
        }
        String first = Files.readString(out);
        CliTest.Result again = CliTest.run(args);
        assertEquals(0, again.status(), again.err());
        assertTrue(again.err().contains("(6 from the cache)"), again.err());
        assertEquals(first, Files.readString(out), "a resumed run gives the same table");
    }

    @Test
    void allPairsOfIdentityFolders() throws Exception {
        Path models = dir.resolve("models");
        assertEquals(0, CliTest.run("model", "install", "dlib", "--from", FaceApiTarball.get().toString(), "--models",
                models.toString()).status());
        Path photos = Fixtures.shared().resolve("datasets/deepface-unit");
        Path people = dir.resolve("people");
        for (String[] f : new String[][] {{"angelina", "img1.jpg"}, {"angelina", "img2.jpg"}, {"jack", "img16.jpg"},
                {"jack", "img17.jpg"}}) {
            Files.createDirectories(people.resolve(f[0]));
            Files.copy(photos.resolve(f[1]), people.resolve(f[0]).resolve(f[1]));
        }
        Path out = dir.resolve("all.csv");
        CliTest.Result r = CliTest.run("distances", "--dataset", people.toString(), "--all-pairs", "--models",
                models.toString(), "--cache", dir.resolve("cache").toString(), "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        PairTable t = PairTableReader.read(out);
        assertEquals(6, t.size()); // 1 + 1 same-person, 2 x 2 cross-person
        assertEquals(2, t.positives());
        double[] eu = t.column("euclidean");
        for (int i = 0; i < t.size(); i++) assertEquals(t.positive()[i], eu[i] < 0.6, "pair " + i);
    }

    @Test
    void aPersonNamedWithACommaGoesFromPairsThroughDistancesToCalibrate() throws Exception {
        Path models = dir.resolve("models");
        assertEquals(0, CliTest.run("model", "install", "dlib", "--from", FaceApiTarball.get().toString(), "--models",
                models.toString()).status());
        Path photos = Fixtures.shared().resolve("datasets/deepface-unit");
        Path people = dir.resolve("people");
        for (String[] f : new String[][] {{"Smith, John", "img1.jpg"}, {"Smith, John", "img2.jpg"},
                {"\"Jo\" Zoë", "img16.jpg"}, {"\"Jo\" Zoë", "img17.jpg"}}) {
            Files.createDirectories(people.resolve(f[0]));
            Files.copy(photos.resolve(f[1]), people.resolve(f[0]).resolve(f[1]));
        }
        Path pairs = dir.resolve("pairs.csv");
        CliTest.Result p = CliTest.run("dataset", "pairs", "--dir", people.toString(), "--out", pairs.toString());
        assertEquals(0, p.status(), p.err());
        assertTrue(Files.readString(pairs).contains("\"Smith, John/img1.jpg\",\"Smith, John/img2.jpg\",Yes"),
                Files.readString(pairs));
        Path out = dir.resolve("dist.csv");
        CliTest.Result d = CliTest.run("distances", "--dataset", people.toString(), "--pairs", pairs.toString(),
                "--models", models.toString(), "--cache", dir.resolve("cache").toString(), "--out", out.toString());
        assertEquals(0, d.status(), d.err());
        PairTable t = PairTableReader.read(out);
        assertEquals(6, t.size());
        assertTrue(dev.facecal.pairs.PairList.read(out).contains(
                new dev.facecal.pairs.Pair("Smith, John/img1.jpg", "Smith, John/img2.jpg", true)));
        assertTrue(dev.facecal.pairs.PairList.read(out).contains(
                new dev.facecal.pairs.Pair("\"Jo\" Zoë/img16.jpg", "\"Jo\" Zoë/img17.jpg", true)));
        CliTest.Result c = CliTest.run("calibrate", out.toString(), "--bootstrap", "0", "--format", "json");
        assertEquals(0, c.status(), c.err());
    }
}
