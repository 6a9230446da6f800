package dev.facecal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facecal.models.HumanModelsTarball;
import dev.facecal.models.SyntheticImages;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code model install faceres} from the human-models tarball (offline, {@code --from}), {@code embed} with it against
 * TF.js's own faceres output ({@code fixtures/humanmodels/outputs.json}), mobileface with its landmark model, and the
 * refusal of the model that does not separate DeepFace's pairs (mobilefacenet).
 */
class HumanModelsCliTest {
    @TempDir
    Path dir;

    @Test
    void installFaceresThenEmbedMatchesTfjs() throws Exception {
        Path models = dir.resolve("models");
        String tgz = HumanModelsTarball.get().toString();
        CliTest.Result r = CliTest.run("model", "install", "faceres", "--from", tgz, "--models", models.toString());
        assertEquals(0, r.status(), r.err());
        CliTest.Result list = CliTest.run("model", "list", "--models", models.toString());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("faceres") && l.contains("yes")), list.out());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("mobilefacenet") && l.contains("not offered")), list.out());

        int[] rgb = SyntheticImages.rgb("gradient", 224, 224);
        BufferedImage img = new BufferedImage(224, 224, BufferedImage.TYPE_INT_RGB);
        for (int p = 0; p < 224 * 224; p++) {
            img.setRGB(p % 224, p / 224, (rgb[3 * p] << 16) | (rgb[3 * p + 1] << 8) | rgb[3 * p + 2]);
        }
        Path png = dir.resolve("gradient.png");
        ImageIO.write(img, "png", png.toFile());
        Path csv = dir.resolve("emb.csv");
        CliTest.Result e = CliTest.run("embed", "--model", "faceres", "--detector", "none", "--models",
                models.toString(), "--out", csv.toString(), png.toString());
        assertEquals(0, e.status(), e.err());
        List<String> lines = Files.readAllLines(csv);
        String[] f = lines.get(1).split(",");
        assertEquals(1025, f.length);
        JsonNode want = null;
        for (JsonNode m : new ObjectMapper().readTree(Path.of("src/test/resources/fixtures/humanmodels/outputs.json")
                .toFile()).path("models")) {
            if (m.path("name").asText().equals("faceres")) want = m.path("inputs").get(0);
        }
        assertEquals("gradient", want.path("pattern").asText());
        for (int i = 0; i < 1024; i++) {
            assertEquals(want.path("outputValues").get(i).asDouble(), Double.parseDouble(f[i + 1]), 1e-4, "component " + i);
        }
    }

    /**
     * {@code run --model dlib,faceres,mobileface}: DeepFace's 300 master.csv pairs through the three models and the
     * per-model table; faceres separates the pairs (ROC-AUC >= 0.99 on every metric; measured 0.9987-0.9996), and so
     * does mobileface on ArcFace 5-point aligned faces (>= 0.98; measured 0.9990, euclidean 0.9901), beside
     * DeepFace's ArcFace thresholds.
     */
    @Test
    void runWritesThePerModelTable() throws Exception {
        Path models = dir.resolve("models");
        assertEquals(0, CliTest.run("model", "install", "dlib", "--from", dev.facecal.models.FaceApiTarball.get()
                .toString(), "--models", models.toString()).status());
        assertEquals(0, CliTest.run("model", "install", "faceres", "--from", HumanModelsTarball.get().toString(),
                "--models", models.toString()).status());
        assertEquals(0, CliTest.run("model", "install", "mobileface", "--from", HumanModelsTarball.get().toString(),
                "--models", models.toString()).status());
        Path out = dir.resolve("out");
        CliTest.Result r = CliTest.run("run", "--from", dev.facecal.Fixtures.shared().resolve("datasets/deepface-unit")
                .toString(), "--out", out.toString(), "--models", models.toString(), "--cache",
                dir.resolve("cache").toString(), "--model", "dlib,faceres,mobileface", "--no-plots");
        assertEquals(0, r.status(), r.err());
        assertEquals(301, Files.readAllLines(out.resolve("faceres/deepface-unit-faceres.csv")).size());
        List<String> table = Files.readAllLines(out.resolve("models/model-table.md"));
        for (String metric : new String[] {"cosine", "euclidean", "euclidean_l2", "angular"}) {
            String row = table.stream().filter(l -> l.startsWith("| faceres | " + metric + " |")).findFirst().orElseThrow();
            double auc = Double.parseDouble(row.split("\\|")[4].trim());
            assertTrue(auc >= 0.99, row);
            assertTrue(table.stream().anyMatch(l -> l.startsWith("| dlib | " + metric + " |") && l.contains("| Dlib |")));
            String mf = table.stream().filter(l -> l.startsWith("| mobileface | " + metric + " |")).findFirst()
                    .orElseThrow();
            assertTrue(Double.parseDouble(mf.split("\\|")[4].trim()) >= 0.98, mf);
            assertTrue(mf.contains("| ArcFace |"), mf);
        }
        assertTrue(Files.readString(out.resolve("models/thresholds.py")).contains("\"mobileface\": {"));
        assertTrue(Files.readString(out.resolve("models/thresholds.py")).contains("\"faceres\": {"));
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("faceres_cosine ")), r.out());
    }

    /**
     * mobileface without its landmark model: {@code embed} says which file is missing and how to get it (no stack
     * trace), and {@code model install mobileface} (no --force) puts it back; {@code model list} shows mobileface.
     */
    @Test
    void mobilefaceWithoutItsLandmarksSaysSoAndInstallRepairs() throws Exception {
        Path models = dir.resolve("models");
        String tgz = HumanModelsTarball.get().toString();
        assertEquals(0, CliTest.run("model", "install", "mobileface", "--from", tgz, "--models", models.toString())
                .status());
        CliTest.Result list = CliTest.run("model", "list", "--models", models.toString());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("mobileface") && l.contains("yes")
                && l.contains("ArcFace 5-point")), list.out());
        Files.delete(models.resolve("facemesh.onnx"));
        Path photo = dev.facecal.Fixtures.shared().resolve("datasets/deepface-unit/img1.jpg");
        CliTest.Result e = CliTest.run("embed", "--model", "mobileface", "--detector", "opencv", "--models", models.toString(), "--out",
                dir.resolve("emb.csv").toString(), photo.toString());
        assertEquals(2, e.status(), e.out() + e.err());
        assertTrue(e.err().contains("facemesh.onnx") && e.err().contains("model install mobileface"), e.err());
        assertTrue(!e.err().contains("\tat "), e.err());
        CliTest.Result again = CliTest.run("model", "install", "mobileface", "--from", tgz, "--models",
                models.toString());
        assertEquals(0, again.status(), again.err());
        assertTrue(Files.isRegularFile(models.resolve("facemesh.onnx")));
        CliTest.Result ok = CliTest.run("embed", "--model", "mobileface", "--detector", "opencv", "--models", models.toString(), "--out",
                dir.resolve("emb.csv").toString(), photo.toString());
        assertEquals(0, ok.status(), ok.err());
        assertEquals(257, Files.readAllLines(dir.resolve("emb.csv")).get(1).split(",").length);
    }

    @Test
    void refusedModelsSayWhy() {
        CliTest.Result r = CliTest.run("model", "install", "mobilefacenet", "--models", dir.resolve("m").toString());
        assertEquals(2, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("not offered") && r.err().contains("ROC-AUC"), r.err());
    }
}
