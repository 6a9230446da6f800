package dev.facecal.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.calibrate.Calibration;
import dev.facecal.calibrate.CalibrationOptions;
import dev.facecal.calibrate.ColumnCalibration;
import dev.facecal.calibrate.Confusion;
import dev.facecal.calibrate.Rounding;
import dev.facecal.calibrate.ThresholdRule;
import dev.facecal.pairs.PairGenerator;
import dev.facecal.pipeline.DistanceOptions;
import dev.facecal.pipeline.DistanceStage;
import dev.facecal.pipeline.EmbeddingStage;
import dev.facecal.pipeline.Progress;
import dev.facecal.study.NotebookSource;
import dev.facecal.study.StudyData;
import java.util.List;
import org.junit.jupiter.api.Test;

/** notebooks/01-fine-tuning-threshold.ipynb (v2): its calls, and its hand computations replayed on the real photos. */
class Notebook01Test {
    private static final NotebookSource NOTEBOOK = NotebookSource.read("01-fine-tuning-threshold.ipynb");

    @Test
    void notebookFollowsTheRulesAndMakesTheseCalls() {
        NOTEBOOK.assertFollowsTheRules();
        String code = NOTEBOOK.allCode();
        for (String call : List.of("ThresholdExplorer.builder(\"dlib cosine distance: move the threshold\"",
                ".confidence(cosine.confidence()::confidence)", "shipped.threshold(\"Dlib\", \"cosine\")",
                "Figures.metricsAgainstThreshold(", "ThresholdHistory.check(ThresholdHistory.deepfaceNotebook())",
                "Tables.besideDeepFaceNotebook(cosine)", "double sigma2 = Rounding.numpy(mean + 2 * std, 4);",
                "double precision = (double) atC45.tp() / (atC45.tp() + atC45.fp());",
                "Show.figure(Figures.confusion(\"confusion at c45 = \" + cosine.threshold(\"c45\"), cosine.evaluation(\"c45\").confusion()));",
                "CalibrationOptions options = CalibrationOptions.defaults();", "DistanceOptions.deepface()")) {
            assertTrue(code.contains(call), "the notebook no longer calls " + call);
        }
        // plots before tables: the metrics figure comes before the evaluation table
        assertTrue(code.indexOf("Figures.metricsAgainstThreshold(") < code.indexOf("Tables.evaluations(cosine)"));
        // it ends with "try this" cells
        List<String> cells = NOTEBOOK.code();
        assertTrue(cells.get(cells.size() - 1).contains("ThresholdRule rule = ThresholdRule.F1_MAX;"));
        assertTrue(cells.get(cells.size() - 2).contains("double k = 3;"));
    }

    @Test
    void handComputationsEqualTheLibrary() {
        var people = StudyData.workspace().notebookPeople();
        var pairs = PairGenerator.all(people);
        var embeddings = EmbeddingStage.run(StudyData.photos(people), StudyData.embedding(), Progress.NONE);
        var scored = DistanceStage.score(people, pairs, embeddings, DistanceOptions.deepface());
        Calibration cal = Calibration.of(scored.pairTable("t"), CalibrationOptions.defaults());
        ColumnCalibration cosine = cal.columns().get("cosine");
        double mean = Rounding.numpy(cosine.positive().mean(), 4), std = Rounding.numpy(cosine.positive().std(), 4);
        assertEquals(cosine.threshold(ThresholdRule.SIGMA2), Rounding.numpy(mean + 2 * std, 4), 0.0);
        Confusion c = cosine.evaluation(ThresholdRule.C45).confusion();
        assertEquals(cosine.evaluation(ThresholdRule.C45).precision(), (double) c.tp() / (c.tp() + c.fp()), 0.0);
        assertEquals(cosine.evaluation(ThresholdRule.C45).f1(), 2.0 * c.tp() / (2.0 * c.tp() + c.fp() + c.fn()), 1e-15);
        assertEquals(38, cosine.positive().count());
        assertEquals(16, Tables.besideDeepFaceNotebook(cosine).rowCount());
    }
}
