package dev.facecal.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.calibrate.Calibration;
import dev.facecal.calibrate.CalibrationOptions;
import dev.facecal.calibrate.ColumnCalibration;
import dev.facecal.pairs.PairGenerator;
import dev.facecal.pipeline.DistanceOptions;
import dev.facecal.pipeline.DistanceStage;
import dev.facecal.pipeline.EmbeddingStage;
import dev.facecal.pipeline.Progress;
import dev.facecal.study.MixProtocol;
import dev.facecal.study.NotebookSource;
import dev.facecal.study.Notes;
import dev.facecal.study.PublishedSeed001;
import dev.facecal.study.StudyData;
import java.util.List;
import org.junit.jupiter.api.Test;

/** notebooks/03-mix-dataset-vgg-face.ipynb: the same library calls on the real photos, and the key values it shows. */
class Notebook03Test {
    private static final NotebookSource NOTEBOOK = NotebookSource.read("03-mix-dataset-vgg-face.ipynb");

    @Test
    void notebookFollowsTheRulesAndMakesTheseCalls() {
        NOTEBOOK.assertFollowsTheRules();
        String code = NOTEBOOK.allCode();
        for (String call : List.of("ws.mixSeed001()", "mix.validate()", "PairGenerator.all(mix)", "ws.mixProtocol(seedList)", "MixProtocol.corrected(mix)",
                "PairTableReader.read(ws.photos().resolve(\"face-recognition-pivot.csv\"))",
                "Tables.thresholdsBesideShipped(vgg, shipped, \"VGG-Face\")", "ThresholdExplorer.builder(",
                "Seed001Tables.beside(vggCosine", "Seed001Tables.thresholdHistory(", "Figures.metricsAgainstThreshold(",
                "PairGenerator.all(choice.dataset())",
                "EmbeddingStage.run(choice.photos(), choice.embedding(), new NotebookProgress())",
                "DistanceStage.score(choice.dataset(), pairs, embeddings, DistanceOptions.deepface())",
                "CalibrationStage.run(table, List.of(\"cosine\"), options, new NotebookProgress())",
                "CalibrationOptions.defaults().withBootstrap(0, 42L)",
                "Show.note(Notes.pairs(pairs))", "Notes.pairs(\"seed 001's Mix list\", seedPairs)",
                "Seed001Tables.published()", "Seed001Tables.beside(cosine")) {
            assertTrue(code.contains(call), "the notebook no longer calls " + call);
        }
    }

    @Test
    void seedListChecksAndCounts() {
        var mix = StudyData.workspace().mixSeed001();
        var findings = mix.validate();
        assertEquals("dataset check (seed 001's Mix list): 2 findings, 2 errors; listed under two or more people: "
                + "img40.jpg", MixProtocol.findingsNote("seed 001's Mix list", findings));
        var seedPairs = PairGenerator.all(mix);
        assertEquals("pairs: 1128 (72 same, 1056 different)", Notes.pairs(seedPairs));
        assertEquals(1, MixProtocol.selfPairs(seedPairs).size());
        assertEquals("published figures that recompute: 5 of 5 thresholds; sigma thresholds from mean 0.1863, std "
                + "0.061: 0.2473, 0.3083, 0.3693", PublishedSeed001.note());
    }

    @Test
    void protocolRunsOnWhatIsAvailable() {
        var choice = StudyData.workspace().mixProtocol();
        var pairs = PairGenerator.all(choice.dataset());
        var embeddings = EmbeddingStage.run(choice.photos(), choice.embedding(), Progress.NONE);
        var scored = DistanceStage.score(choice.dataset(), pairs, embeddings, DistanceOptions.deepface());
        var table = scored.pairTable("mix protocol (" + choice.model() + ")");
        Calibration cal = Calibration.of(table, List.of("cosine"), CalibrationOptions.defaults().withBootstrap(0, 42L),
                c -> {});
        ColumnCalibration cosine = cal.columns().get("cosine");
        assertEquals(choice.expectedSame() + choice.expectedDifferent(), pairs.size());
        if (choice.seedRun()) { // VGG-Face and the Mix photos installed: the seed's own list
            assertEquals("pairs: 1128 (72 same, 1056 different)", Notes.pairs(pairs));
            return;
        }
        // here: neither is available, so dlib on the bundled photos, 9 people with >= 4 photos
        assertEquals("dlib", choice.model());
        assertEquals("pairs: 630 (54 same, 576 different)", Notes.pairs(pairs));
        assertEquals(630, scored.size());
        assertEquals(0, scored.skipped().size());
        assertEquals(0.0385, cosine.sigma().roundedMean(), 0.0);
        assertEquals(0.0116, cosine.sigma().roundedStd(), 0.0);
        assertEquals("threshold (sigma2, cosine): 0.0617", Notes.threshold("sigma2, cosine", cosine.threshold("sigma2")));
        assertEquals(0.0417022, cosine.threshold("c45"), 1e-6);
        assertEquals(0.047931, cosine.threshold("c45_exact"), 1e-6);
        assertEquals(0.054276, cosine.threshold("f1_max"), 1e-6);
        var atC45 = cosine.evaluation("c45").confusion();
        assertEquals(List.of(36L, 0L, 18L, 576L), List.of(atC45.tp(), atC45.fp(), atC45.fn(), atC45.tn()));
        assertEquals(12, Seed001Tables.beside(cosine, "dlib").rowCount());
    }

    @Test
    void realVggFaceCalibrationBesideTheSeedAndDeepFace() {
        var pivot = dev.facecal.dataset.PairTableReader.read(StudyData.workspace().photos().resolve("face-recognition-pivot.csv"));
        var vgg = Calibration.of(pivot, List.of("VGG-Face_cosine", "VGG-Face_euclidean", "VGG-Face_euclidean_l2"),
                CalibrationOptions.defaults(), c -> {});
        assertEquals(280, vgg.pairs());
        assertEquals(140, vgg.positives());
        var shipped = dev.facecal.calibrate.DeepFaceShipped.load();
        var t = Tables.thresholdsBesideShipped(vgg, shipped, "VGG-Face");
        assertEquals(3, t.rowCount());
        assertEquals(List.of(0.68, 1.17, 1.17), ((tech.tablesaw.api.DoubleColumn) t.column(t.columnCount() - 1)).asList());
        var cosine = vgg.columns().get("VGG-Face_cosine");
        assertEquals(12, Seed001Tables.beside(cosine, "VGG-Face").rowCount());
        // the notebook's hand computation: the seed's sigma2 from its printed mean and std
        assertEquals(PublishedSeed001.sigma().threshold(2), dev.facecal.calibrate.Rounding.numpy(
                PublishedSeed001.SAME_MEAN + 2 * PublishedSeed001.SAME_STD, 4), 0.0);
        assertEquals(0.3083, PublishedSeed001.sigma().threshold(2), 0.0);
    }
}
