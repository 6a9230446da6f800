package dev.facecal.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.calibrate.Confusion;
import dev.facecal.pairs.PairGenerator;
import dev.facecal.pipeline.ScoredPairs;
import dev.facecal.study.NotebookSource;
import dev.facecal.study.Notes;
import dev.facecal.study.StudyData;
import dev.facecal.study.identify.ClassificationHead;
import dev.facecal.study.identify.LabelledPhotos;
import dev.facecal.study.identify.RankOneIdentification;
import dev.facecal.study.identify.Seed003;
import dev.facecal.study.identify.Similarity;
import dev.facecal.study.identify.SimilarityVerification;
import dev.facecal.study.identify.StratifiedSplit;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** notebooks/05-roc-tar-identification.ipynb: the same library calls on the real photos, and the key values it shows. */
class Notebook05Test {
    private static final NotebookSource NOTEBOOK = NotebookSource.read("05-roc-tar-identification.ipynb");

    @Test
    void notebookFollowsTheRulesAndMakesTheseCalls() {
        NOTEBOOK.assertFollowsTheRules();
        String code = NOTEBOOK.allCode();
        for (String call : List.of("ws.unitPeople()", "PairGenerator.all(people)", "SimilarityVerification.of(scored)",
                "Show.note(Notes.pairs(v.positives(), v.negatives()))", "v.roc()", "v.bestAccuracy()",
                "v.tarAtFar(1e-4, 1e-3, 1e-2, 1e-1)", "v.confusionAt(Similarity.DEEPFACE_DLIB_SIMILARITY)",
                "Figures.confusion(", "LabelledPhotos.of(people, embeddings)", "RankOneIdentification.of(set)",
                "ws.gallery().rankOneErrors(rank1, 6)",
                "StratifiedSplit.of(set.identity(), StratifiedSplit.SEED_003_VALIDATION, StratifiedSplit.SEED_003_TEST, 2026)",
                "ClassificationHead.train(set, split)", "Seed003Tables.headConfidence(head)",
                "ws.gallery().headErrors(head, 6)", "Seed003Tables.compare(")) {
            assertTrue(code.contains(call), "the notebook no longer calls " + call);
        }
    }

    @Test
    void keyValuesOnTheRealPhotos() {
        var people = StudyData.unitPeople();
        var embeddings = StudyData.unitEmbeddings();
        ScoredPairs scored = ScoredPairs.of(people, PairGenerator.all(people), embeddings);
        SimilarityVerification v = SimilarityVerification.of(scored);
        assertEquals("pairs: 1830 (140 same, 1690 different)", Notes.pairs(v.positives(), v.negatives()));
        assertEquals("ROC-AUC: 0.9896", String.format(Locale.ROOT, "ROC-AUC: %.4f", v.roc().auc()));
        var best = v.bestAccuracy();
        assertEquals("best accuracy: 99.07% at similarity >= 0.947934",
                String.format(Locale.ROOT, "best accuracy: %.2f%% at similarity >= %.6f", 100 * best.accuracy(), best.threshold()));
        var tar = v.tarAtFar(1e-4, 1e-3, 1e-2, 1e-1);
        assertFalse(tar.get(0).resolvable());
        assertEquals(1, tar.get(1).falseAccepts());
        assertEquals(0.8, tar.get(1).tar(), 1e-12);
        Confusion dlib = v.confusionAt(Similarity.DEEPFACE_DLIB_SIMILARITY);
        assertEquals(new Confusion(1605, 85, 5, 135), dlib);
        assertEquals(new Confusion(0, 1690, 0, 140), v.confusionAt(Seed003.PAIR_THRESHOLD));

        LabelledPhotos set = LabelledPhotos.of(people, embeddings);
        RankOneIdentification rank1 = RankOneIdentification.of(set);
        assertEquals("rank-1: 47/48", "rank-1: " + rank1.correct() + "/" + rank1.total());

        StratifiedSplit split = StratifiedSplit.of(set.identity(), StratifiedSplit.SEED_003_VALIDATION,
                StratifiedSplit.SEED_003_TEST, 2026);
        ClassificationHead.Result head = ClassificationHead.train(set, split);
        assertEquals(38, head.train().count());
        assertEquals(10, head.validation().count());
        assertEquals(13, head.test().count());
        assertEquals(1.0, head.train().top1(), 0.0);
        assertTrue(head.testCorrect() >= 10, "test top-1 " + head.testCorrect() + "/13");
        assertEquals(6, Seed003Tables.compare(v, rank1, Similarity.DEEPFACE_DLIB_SIMILARITY, head).rowCount());
    }
}
