package dev.facecal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facecal.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user runs it: outputs, formats, exit codes and messages. */
public class CliTest {
    @TempDir
    Path dir;

    /** Exit status and captured streams of one CLI run. */
    public record Result(int status, String out, String err) {}

    /** Runs the CLI in this JVM with standard output and error captured. */
    public static Result run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Main.execute(args);
            return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void jsonHasTheDocumentedSchema() throws Exception {
        Result r = run("calibrate", Fixtures.pivotCsv().toString(), "--format", "json", "--bootstrap", "50");
        assertEquals(0, r.status(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(280, j.get("pairs").asInt());
        assertEquals(140, j.get("positives").asInt());
        assertEquals(140, j.get("negatives").asInt());
        JsonNode c = j.get("columns").get("VGG-Face_cosine");
        for (String k : List.of("count", "mean", "std", "min", "max")) {
            assertTrue(c.get("stats").get("positive").has(k), k);
            assertTrue(c.get("stats").get("negative").has(k), k);
        }
        for (String k : List.of("sigma1", "sigma2", "sigma3", "c45", "c45_exact", "f1_max", "accuracy_max", "eer")) {
            assertTrue(c.get("thresholds").has(k), k);
            JsonNode e = c.get("evaluation").get(k);
            for (String m : List.of("threshold", "tn", "fp", "fn", "tp", "precision", "recall", "f1", "accuracy")) {
                assertTrue(e.has(m), k + "." + m);
            }
        }
        assertTrue(c.get("roc_auc").isNumber());
        assertTrue(c.get("eer").isNumber());
        for (String far : List.of("0.1", "0.01", "0.001", "0.0001")) {
            assertTrue(c.get("tar_at_far").get(far).has("threshold"), far);
            assertTrue(c.get("tar_at_far").get(far).has("tar"), far);
        }
        for (String k : List.of("threshold_method", "threshold", "w", "b", "normalizer", "denorm_max_true",
                "denorm_min_true", "denorm_max_false", "denorm_min_false")) {
            assertTrue(c.get("confidence").has(k), k);
        }
        assertEquals("c45", c.get("confidence").get("threshold_method").asText());
        assertEquals(0.4359735714285715, c.get("thresholds").get("c45").asDouble(), 0.0);
        assertTrue(c.get("bootstrap").get("threshold").isArray());
    }

    @Test
    void everyFormat() {
        String csv = Fixtures.resource("inputs/rs_style.csv").toString();
        Result rust = run("calibrate", csv, "--format", "rust", "--bootstrap", "0");
        assertTrue(rust.out().contains("ModelThreshold {\n    cosine: 0.700503,"), rust.out());
        assertTrue(rust.out().contains("DistanceMethod::EuclideanL2 => ModelConfidence {"), rust.out());
        Result py = run("calibrate", csv, "--format", "python", "--bootstrap", "0");
        assertTrue(py.out().contains("\"rs_style\": {\"cosine\": 0.7005030544515534, "), py.out());
        assertTrue(py.out().contains("\"denorm_min_false\": "), py.out());
        Result java = run("calibrate", csv, "--format", "java", "--bootstrap", "0");
        assertTrue(java.out().contains("public static final ConfidenceModel RS_STYLE_COSINE_CONFIDENCE = new ConfidenceModel(\"c45\", 0.7005030544515534,"), java.out());
        Result text = run("calibrate", csv, "--bootstrap", "0", "--threshold", "0.5");
        assertTrue(text.out().contains("| user:0.5 "), text.out());
        assertTrue(text.out().contains("==== Thresholds (copy into deepface-rs) ===="), text.out());
    }

    @Test
    void confidenceThresholdIsSelectable() throws Exception {
        Result r = run("calibrate", Fixtures.pivotCsv().toString(), "--columns", "VGG-Face_cosine", "--format", "json",
                "--confidence-threshold", "f1_max", "--bootstrap", "0");
        JsonNode c = new ObjectMapper().readTree(r.out()).get("columns").get("VGG-Face_cosine");
        assertEquals("f1_max", c.get("confidence").get("threshold_method").asText());
        assertEquals(c.get("thresholds").get("f1_max").asDouble(), c.get("confidence").get("threshold").asDouble(), 0.0);
        Result n = run("calibrate", Fixtures.pivotCsv().toString(), "--columns", "VGG-Face_cosine", "--format", "json",
                "--confidence-threshold", "0.4", "--bootstrap", "0", "--curves");
        JsonNode curves = new ObjectMapper().readTree(n.out()).get("columns").get("VGG-Face_cosine").get("curves");
        assertEquals(276, curves.get("threshold").size()); // one point per distinct distance
        assertEquals(1.0, curves.get("tar").get(275).asDouble(), 0.0);
        assertEquals(0.4, new ObjectMapper().readTree(n.out()).get("columns").get("VGG-Face_cosine")
                .get("confidence").get("threshold").asDouble(), 0.0);
    }

    @Test
    void userMistakesGiveAMessageAndStatus2WithoutAStackTrace() throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "decision,cosine\nYes,0.1\nNo,oops\n");
        Result r = run("calibrate", bad.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("bad.csv line 3, column 'cosine': 'oops' is not a number"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        Result m = run("calibrate", Fixtures.pivotCsv().toString(), "--confidence-threshold", "best");
        assertEquals(2, m.status());
        assertTrue(m.err().contains("unknown threshold method 'best'"), m.err());
        Result f = run("calibrate", Fixtures.pivotCsv().toString(), "--format", "yaml");
        assertEquals(2, f.status());
        assertTrue(f.err().contains("--format yaml is not known"), f.err());
    }

    @Test
    void plotsAndOutputFileAreWritten() throws Exception {
        Path plots = dir.resolve("plots");
        Path out = dir.resolve("res/cal.json");
        Result r = run("calibrate", Fixtures.pivotCsv().toString(), "--columns", "VGG-Face_cosine", "--plot",
                plots.toString(), "--format", "json", "-o", out.toString(), "--bootstrap", "0");
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.size(plots.resolve("VGG-Face_cosine.png")) > 10_000);
        assertTrue(Files.readString(plots.resolve("VGG-Face_cosine.html")).contains(
                "<script src=\"" + dev.facecal.report.PlotlyHtml.SCRIPT_FILE + "\""));
        assertTrue(Files.size(plots.resolve(dev.facecal.report.PlotlyHtml.SCRIPT_FILE)) > 1_000_000,
                "plotly.js beside the pages: they open offline");
        assertTrue(new ObjectMapper().readTree(out.toFile()).get("columns").has("VGG-Face_cosine"));
    }

    @Test
    void runWritesEverythingFromTheMirror() throws Exception {
        Path out = dir.resolve("out");
        assertEquals(0, run("model", "install", "dlib", "--from", dev.facecal.models.FaceApiTarball.get().toString(),
                "--models", dir.resolve("models").toString()).status());
        Result r = run("run", "--from", Fixtures.shared().resolve("datasets/deepface-unit").toString(), "--out",
                out.toString(), "--models", dir.resolve("models").toString(), "--cache", dir.resolve("cache").toString(),
                "--model", "dlib");
        assertEquals(0, r.status(), r.err());
        for (String f : List.of("report.txt", "calibration.json", "deepface-rs.rs", "deepface_config.py",
                "FacecalConstants.java", "plots/VGG-Face_cosine.png", "plots/DeepFace_euclidean_l2.html",
                "dlib/deepface-unit-dlib.csv", "dlib/report.txt", "dlib/deepface-rs.rs", "dlib/plots/euclidean.png")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        assertTrue(r.out().contains("VGG-Face_cosine"), r.out());
        // the photo half: DeepFace's 300 master.csv pairs through Haar detection and dlib
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("dlib_euclidean ")), r.out());
        assertEquals(301, Files.readAllLines(out.resolve("dlib/deepface-unit-dlib.csv")).size());
    }
}
