package dev.facecal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code model table}: the per-model table on a pair table whose reference numbers (chefboost's C4.5 threshold,
 * scikit-learn's ROC-AUC and confidence fit) {@code reference/make_fixtures.py} computed, with DeepFace's shipped
 * Dlib thresholds beside the rows of a model named dlib.
 */
class ModelTableCliTest {
    @Test
    void tableRowsAreTheReferenceCalibration(@TempDir Path out) throws Exception {
        String csv = "src/test/resources/fixtures/inputs/rs_style.csv";
        CliTest.Result r = CliTest.run("model", "table", "--pairs", "dlib=" + csv, "--pairs", "faceres=" + csv,
                "-o", out.toString());
        assertEquals(0, r.status(), r.err());
        JsonNode expected = new ObjectMapper().readTree(Path.of("src/test/resources/fixtures/expected/rs_style.json")
                .toFile()).path("columns");
        for (String metric : new String[] {"cosine", "euclidean", "euclidean_l2"}) {
            JsonNode e = expected.path(metric);
            String c45 = String.format(Locale.ROOT, "%.4f", e.path("c45").asDouble());
            String auc = String.format(Locale.ROOT, "%.4f", e.path("roc_auc").asDouble());
            String w = String.format(Locale.ROOT, "%.4f", e.path("confidence").path("w").asDouble());
            String row = r.out().lines().filter(l -> l.startsWith("| dlib | " + metric + " |")).findFirst().orElseThrow();
            assertTrue(row.contains("| " + auc + " | " + c45 + " |"), row + " lacks ROC-AUC " + auc + " and c45 " + c45);
            assertTrue(row.contains("| " + w + " |"), row + " lacks w " + w);
        }
        String dlibCosine = r.out().lines().filter(l -> l.startsWith("| dlib | cosine |")).findFirst().orElseThrow();
        assertTrue(dlibCosine.endsWith("| Dlib | 0.07 |"), dlibCosine + ": DeepFace's threshold.py has Dlib cosine 0.07");
        String faceres = r.out().lines().filter(l -> l.startsWith("| faceres | cosine |")).findFirst().orElseThrow();
        assertTrue(faceres.endsWith("| - | - |"), faceres + ": DeepFace has no faceres family");
        String py = Files.readString(out.resolve("thresholds.py"));
        assertTrue(py.contains("\"dlib\": {"), py);
        assertTrue(py.contains("confidences = {"), py);
        assertTrue(Files.readString(out.resolve("model-table.md")).contains("deepface/config"));
    }
}
