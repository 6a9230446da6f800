package dev.facecal.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.calibrate.OperatingCurve;
import dev.facecal.calibrate.PrecisionRecallTable;
import dev.facecal.dataset.PairTable;
import dev.facecal.distance.CutoffCounter;
import dev.facecal.distance.DistanceMetric;
import dev.facecal.pairs.PairGenerator;
import dev.facecal.pipeline.ScoredPairs;
import dev.facecal.study.NotebookSource;
import dev.facecal.study.Notes;
import dev.facecal.study.StudyData;
import dev.facecal.study.scale.CutoffCounts;
import dev.facecal.study.scale.LabelledEmbeddings;
import dev.facecal.study.scale.ScaleSource;
import dev.facecal.study.scale.Seed002;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** notebooks/04-cutoffs-at-scale.ipynb: the same library calls on the real photos, and the key values it shows. */
class Notebook04Test {
    private static final NotebookSource NOTEBOOK = NotebookSource.read("04-cutoffs-at-scale.ipynb");

    @Test
    void notebookFollowsTheRulesAndMakesTheseCalls() {
        NOTEBOOK.assertFollowsTheRules();
        String code = NOTEBOOK.allCode();
        for (String call : List.of("ws.unitPeople()", "PairGenerator.all(people)", "Show.note(Notes.pairs(pairs))",
                "EmbeddingStage.run(photos, ws.embedding(), new NotebookProgress())",
                "DistanceStage.score(people, pairs, embeddings, DistanceOptions.deepface())", "Figures.distanceKde(",
                "OperatingCurve.of(table.column(\"euclidean\"), table.positive())",
                "PrecisionRecallTable.of(curve, PrecisionRecallTable.SEED_002_CUTOFFS)", "Seed002Tables.compare(",
                "ws.scaleEmbeddings(2019)",
                "CutoffCounts.Options.at(PrecisionRecallTable.SEED_002_CUTOFFS)",
                "CutoffCounts.count(DistanceMetric.EUCLIDEAN, big, perCutoff)", "counts.confusionAt(cutoff)",
                "Figures.binnedDensity(", "counts.precisionRecall()", "streamed.matches(storedTable)",
                "SparkCountJob.Options.lfwLike(2019)",
                "SparkCountJob.run(ws.root(), ws.output(\"04-cutoffs-at-scale\").resolve(\"spark\"), sparkOptions, Show::note)",
                "spark.precisionRecall(PrecisionRecallTable.SEED_002_CUTOFFS)",
                "RoundedDistanceCounter.all(DistanceMetric.EUCLIDEAN, sparkInput.vectors(), sparkInput.identity(), 512, 0)",
                "CountsAgreement.of(spark.counts(), single.counts())")) {
            assertTrue(code.contains(call), "the notebook no longer calls " + call);
        }
    }

    @Test
    void partAOnTheRealPhotos() {
        var people = StudyData.unitPeople();
        var pairs = PairGenerator.all(people);
        assertEquals("pairs: 1830 (140 same, 1690 different)", Notes.pairs(pairs));
        var embeddings = StudyData.unitEmbeddings();
        assertEquals(0, embeddings.failures().size());
        ScoredPairs scored = ScoredPairs.of(people, pairs, embeddings);
        PairTable table = scored.pairTable("deepface-unit, dlib");
        OperatingCurve curve = OperatingCurve.of(table.column("euclidean"), table.positive());
        PrecisionRecallTable ours = PrecisionRecallTable.of(curve, PrecisionRecallTable.SEED_002_CUTOFFS);
        var at06 = ours.rows().get(6);
        assertEquals(0.6, at06.cutoff(), 0.0);
        // the notebook's note: "at cutoff 0.6 (1830 real pairs): precision 0.47, recall 0.97; ..."
        assertEquals(136, at06.confusion().tp());
        assertEquals(154, at06.confusion().fp());
        assertEquals("precision 0.47, recall 0.97", String.format(Locale.ROOT, "precision %.2f, recall %.2f",
                at06.precision(), at06.recall()));
        assertEquals(10, Seed002Tables.compare("c", "ours", ours).rowCount());
        // the streamed counts on the same photos equal the stored-distance table (step 10)
        LabelledEmbeddings unit = LabelledEmbeddings.of("deepface-unit, dlib", people, embeddings);
        var perCutoff = CutoffCounts.Options.at(PrecisionRecallTable.SEED_002_CUTOFFS).binWidth(0.01).bins(200).threads(0);
        CutoffCounts streamed = CutoffCounts.count(DistanceMetric.EUCLIDEAN, unit, perCutoff);
        assertTrue(streamed.matches(CutoffCounter.stored(DistanceMetric.EUCLIDEAN, unit.vectors(), unit.identity(),
                PrecisionRecallTable.SEED_002_CUTOFFS)));
        assertEquals(140, streamed.positives());
        // the by-hand cell: precision and recall at 0.6 from the four counts equal the library's
        var at = streamed.confusionAt(0.6);
        assertEquals((double) at.tp() / (at.tp() + at.fp()), at.precision(), 0.0);
        assertEquals((double) at.tp() / (at.tp() + at.fn()), at.recall(), 0.0);
        assertEquals(136, at.tp());
    }

    @Test
    void partBAtScale() {
        var ws = StudyData.workspace();
        assertFalse(ScaleSource.lfwInstalled(ws.root()), "this test expects the synthetic path (no dataset/lfw)");
        LabelledEmbeddings big = ws.scaleEmbeddings(2019);
        CutoffCounts counts = CutoffCounts.count(DistanceMetric.EUCLIDEAN, big, PrecisionRecallTable.SEED_002_CUTOFFS, 0.01, 200, 0);
        assertEquals("pairs: 81875206 (265211 same, 81609995 different)", Notes.pairs(counts.positives(), counts.negatives()));
        assertEquals(Seed002.PAIRS, counts.pairs());
        var at06 = counts.precisionRecall().rows().get(6);
        assertEquals("precision 0.34, recall 0.99", String.format(Locale.ROOT, "precision %.2f, recall %.2f",
                at06.precision(), at06.recall()));
        assertTrue(counts.vectorApi(), "the tests, like the kernel, run with jdk.incubator.vector");
    }
}
