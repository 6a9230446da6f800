package dev.facecal.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.Fixtures;
import dev.facecal.calibrate.Calibration;
import dev.facecal.calibrate.CalibrationOptions;
import dev.facecal.calibrate.DeepFaceShipped;
import dev.facecal.dataset.PairTableReader;
import dev.facecal.models.CatalogEntry;
import dev.facecal.models.ModelCatalog;
import dev.facecal.models.ModelStore;
import dev.facecal.study.ModelThresholdTable;
import dev.facecal.study.NotebookSource;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * notebooks/07-model-table.ipynb: the library calls it makes, and its table on dlib's distances of DeepFace's 300
 * {@code master.csv} pairs (the exact mode's committed output, {@code fixtures/distances/master_opencv_dlib.csv}, which
 * {@code ExactModeOutputTest} reproduces from the photos).
 */
class Notebook07Test {
    private static final NotebookSource NOTEBOOK = NotebookSource.read("07-model-table.ipynb");

    @Test
    void notebookFollowsTheRulesAndMakesTheseCalls() {
        NOTEBOOK.assertFollowsTheRules();
        String code = NOTEBOOK.allCode();
        for (String call : List.of("Tables.catalogue(ws.modelStore())", "HumanModels.refused()",
                "PairStage.read(photos.resolve(\"master.csv\"))",
                "ws.install(ModelCatalog.byName().stream().map(CatalogEntry::name).toList())",
                "EmbeddingStage.run(DistanceStage.photos(pairs, photos::resolve), ws.embedding(model), new NotebookProgress())",
                "DistanceStage.score(pairs, photos::resolve, embedded, DistanceOptions.deepface())",
                "CalibrationOptions.defaults().withBootstrap(0, 42L)",
                "ModelThresholdTable.of(byModel, DeepFaceShipped.load())", "Tables.modelThresholds(table)",
                "table.row(model, \"cosine\")", "Figures.rocCurves(", "table.python()",
                "CalibrationOptions.defaults().withBootstrap(1000, 42L)", "Tables.bootstraps(",
                "provenance.withPrefixed(model + \" \", scored.get(model).provenance())",
                "ws.recordProvenance(\"07-model-table\", provenance)")) {
            assertTrue(code.contains(call), "the notebook no longer calls " + call);
        }
    }

    @Test
    void byNameIsTheNpmModelsAndNothingTheUserMustBring() {
        List<String> names = ModelCatalog.byName().stream().map(CatalogEntry::name).toList();
        assertEquals("dlib", names.getFirst());
        assertTrue(names.contains("faceres"), names.toString());
        for (String bring : List.of("vgg-face", "vgg-face-2020", "sface")) {
            assertFalse(names.contains(bring), bring + " needs a file from the user: " + names);
        }
    }

    @Test
    void catalogueTableListsEveryModelAndWhatIsInstalled(@TempDir Path dir) {
        Table t = Tables.catalogue(new ModelStore(dir));
        assertEquals(ModelCatalog.all().size(), t.rowCount());
        assertEquals(List.of("model", "source", "by name", "installed", "input", "dimension", "description"),
                t.columnNames());
        int dlib = t.stringColumn("model").indexOf("dlib");
        assertEquals("npm", t.stringColumn("source").get(dlib));
        assertEquals(128, t.intColumn("dimension").get(dlib));
        assertTrue(t.booleanColumn("by name").get(dlib));
        assertFalse(t.booleanColumn("installed").get(dlib), "an empty model folder has nothing installed");
        assertFalse(t.booleanColumn("by name").get(t.stringColumn("model").indexOf("vgg-face")));
    }

    @Test
    void dlibsRowIsCalibrateOnTheSamePairsBesideDeepFacesDlib() {
        Calibration dlib = Calibration.of(PairTableReader.read(Fixtures.resource("distances/master_opencv_dlib.csv")),
                CalibrationOptions.defaults().withBootstrap(0, 42L));
        Map<String, Calibration> byModel = new LinkedHashMap<>();
        byModel.put("dlib", dlib);
        DeepFaceShipped shipped = DeepFaceShipped.load();
        ModelThresholdTable table = ModelThresholdTable.of(byModel, shipped);
        ModelThresholdTable.Row cosine = table.row("dlib", "cosine");
        assertEquals(300, cosine.pairs());
        assertEquals(dlib.columns().get("cosine").threshold("c45"), cosine.c45());
        assertEquals(dlib.columns().get("cosine").roc().auc(), cosine.rocAuc());
        assertEquals("Dlib", cosine.deepfaceFamily());
        assertEquals(shipped.threshold("Dlib", "cosine"), cosine.deepfaceThreshold());

        Table t = Tables.modelThresholds(table);
        assertEquals(table.rows().size(), t.rowCount());
        int row = 0;
        for (; row < t.rowCount(); row++) if (t.stringColumn("metric").get(row).equals("euclidean")) break;
        assertEquals(dlib.columns().get("euclidean").threshold("c45"), t.doubleColumn("c45").get(row));
        assertEquals(shipped.threshold("Dlib", "euclidean"), t.doubleColumn("DeepFace's threshold").get(row));
        assertTrue(table.python().contains("\"dlib\": {"), table.python());
    }
}
