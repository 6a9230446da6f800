package dev.facecal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facecal.Fixtures;
import dev.facecal.models.FaceApiTarball;
import dev.facecal.models.SyntheticImages;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code model install}, {@code model list} and {@code embed} as a user runs them. */
class ModelCliTest {
    @TempDir
    Path dir;

    private Path png(String pattern, int w, int h) throws Exception {
        int[] rgb = SyntheticImages.rgb(pattern, w, h);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                img.setRGB(x, y, (rgb[i] << 16) | (rgb[i + 1] << 8) | rgb[i + 2]);
            }
        }
        Path p = dir.resolve(pattern + "-" + w + "x" + h + ".png");
        ImageIO.write(img, "png", p.toFile());
        return p;
    }

    @Test
    void installThenEmbedMatchesFaceApi() throws Exception {
        Path models = dir.resolve("models");
        String tgz = FaceApiTarball.get().toString();
        CliTest.Result r = CliTest.run("model", "install", "dlib", "--from", tgz, "--models", models.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.isRegularFile(models.resolve("dlib.onnx")));
        assertTrue(Files.isRegularFile(models.resolve("dlib.json")));
        CliTest.Result again = CliTest.run("model", "install", "dlib", "--from", tgz, "--models", models.toString());
        assertEquals(0, again.status(), again.err());
        assertTrue(again.err().contains("already installed"), again.err());
        CliTest.Result list = CliTest.run("model", "list", "--models", models.toString());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("dlib") && l.contains("yes")), list.out());

        Path face = png("face", 150, 150);
        Path wide = png("quadratic", 181, 120);
        Path csv = dir.resolve("emb.csv");
        CliTest.Result e = CliTest.run("embed", "--model", "dlib", "--detector", "none", "--models", models.toString(),
                "--out", csv.toString(), face.toString(), wide.toString());
        assertEquals(0, e.status(), e.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).startsWith("file,d0,d1,") && lines.get(0).endsWith(",d127"));
        JsonNode fx = Fixtures.json(Fixtures.resource("faceapi/descriptors.json"));
        compare(lines.get(1), descriptor(fx, "synthetic-face"));
        compare(lines.get(2), descriptor(fx, "synthetic-quadratic-181x120"));
    }

    private static JsonNode descriptor(JsonNode fx, String name) {
        for (JsonNode in : fx.get("inputs")) if (in.get("name").asText().equals(name)) return in.get("descriptor");
        throw new AssertionError("no fixture " + name);
    }

    private static void compare(String line, JsonNode want) {
        String[] f = line.split(",");
        assertEquals(129, f.length);
        for (int i = 0; i < 128; i++) {
            assertEquals(want.get(i).asDouble(), Double.parseDouble(f[i + 1]), 1e-4, "component " + i);
        }
    }

    @Test
    void badTarballAndUnknownModelsAreClearErrors() throws Exception {
        Path bad = dir.resolve("face-api.tgz");
        Files.write(bad, new byte[] {31, -117, 8, 0, 1, 2, 3});
        CliTest.Result r = CliTest.run("model", "install", "dlib", "--from", bad.toString(), "--models",
                dir.resolve("m").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains(bad.toString()), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertFalse(Files.exists(dir.resolve("m/dlib.onnx")), "nothing installed");

        CliTest.Result u = CliTest.run("model", "install", "arcface-xyz", "--models", dir.resolve("m").toString());
        assertEquals(2, u.status());
        assertTrue(u.err().contains("--spec spec.json"), u.err());

        CliTest.Result missing = CliTest.run("embed", "--model", "dlib", "--models", dir.resolve("empty").toString(),
                "--out", dir.resolve("x.csv").toString(), png("face", 150, 150).toString());
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("not installed") && missing.err().contains("model install dlib"), missing.err());
    }

    @Test
    void aSpecThatDoesNotFitTheOnnxFileIsRefusedAndReplacesNothing() throws Exception {
        Path models = dir.resolve("models");
        assertEquals(0, CliTest.run("model", "install", "dlib", "--from", FaceApiTarball.get().toString(), "--models",
                models.toString()).status());
        Path spec = dir.resolve("spec.json");
        Files.writeString(spec, """
                {"name": "mine", "width": 112, "height": 112, "layout": "NHWC", "channel_order": "RGB",
                 "resize": "BILINEAR", "scale": 1, "mean": [0, 0, 0], "std": [1, 1, 1],
                 "input_name": "input", "output_name": "embedding", "dimension": 128}
                """);
        CliTest.Result r = CliTest.run("model", "install", "mine", "--from", models.resolve("dlib.onnx").toString(),
                "--spec", spec.toString(), "--models", models.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("input shape") && r.err().contains("112x112"), r.err());
        assertFalse(Files.exists(models.resolve("mine.onnx")));
        try (var s = Files.list(models)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no temporary file left");
        }
    }
}
