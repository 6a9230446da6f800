package dev.facecal.study.identify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.calibrate.Calibration;
import dev.facecal.calibrate.CalibrationOptions;
import dev.facecal.calibrate.Confusion;
import dev.facecal.pairs.PairGenerator;
import dev.facecal.pipeline.ScoredPairs;
import dev.facecal.study.StudyData;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Seed 003's verification metrics on the 1,830 pairs of deepface-unit (dlib), checked against brute force. */
class SimilarityVerificationTest {
    static ScoredPairs scored;
    static SimilarityVerification v;

    @BeforeAll
    static void score() {
        var people = StudyData.unitPeople();
        scored = ScoredPairs.of(people, PairGenerator.all(people), StudyData.unitEmbeddings());
        v = SimilarityVerification.of(scored);
    }

    @Test
    void pairsAndSimilarities() {
        assertEquals(140, v.positives());
        assertEquals(1690, v.negatives());
        double[] d = scored.distances(dev.facecal.distance.DistanceMetric.COSINE);
        for (int i = 0; i < d.length; i++) {
            assertEquals(1 - d[i], v.similarity()[i], 1e-12);
            assertEquals(v.similarity()[i], Math.round(v.similarity()[i] * 1e6) / 1e6, 0.0, "6 decimals");
        }
    }

    @Test
    void rocAucEqualsTheCalibrationOfTheCosineDistance() {
        Calibration cal = Calibration.of(scored.pairTable("unit"), CalibrationOptions.defaults());
        assertEquals(cal.columns().get("cosine").roc().auc(), v.roc().auc(), 1e-15);
        // brute force: the share of (same, different) pairs ordered correctly, ties counting half
        double[] p = v.similarities(true), n = v.similarities(false);
        double wins = 0;
        for (double a : p) for (double b : n) wins += a > b ? 1 : a == b ? 0.5 : 0;
        assertEquals(wins / (p.length * (double) n.length), v.roc().auc(), 1e-12);
        assertTrue(v.roc().auc() > 0.95);
    }

    @Test
    void bestAccuracyIsTheBestOverEveryThreshold() {
        var best = v.bestAccuracy();
        assertEquals(best.confusion(), v.confusionAt(best.threshold()));
        double[] candidates = Arrays.stream(v.similarity()).distinct().toArray();
        long bestCorrect = 0;
        for (double t : candidates) {
            Confusion c = v.confusionAt(t);
            bestCorrect = Math.max(bestCorrect, c.tp() + c.tn());
        }
        bestCorrect = Math.max(bestCorrect, v.negatives()); // accept nothing
        assertEquals(bestCorrect, best.confusion().tp() + best.confusion().tn());
        assertTrue(best.accuracy() > (double) v.negatives() / (v.positives() + v.negatives()));
    }

    @Test
    void tarAtFarRowsAreTheLowestThresholdsWithinTarget() {
        List<SimilarityVerification.TarRow> rows = v.tarAtFar(1e-4, 1e-3, 1e-2, 1e-1);
        double[] distinct = Arrays.stream(v.similarity()).distinct().sorted().toArray();
        for (var r : rows) {
            Confusion c = v.confusionAt(r.threshold());
            assertEquals(c.far(), r.far(), 0.0);
            assertEquals(c.recall(), r.tar(), 0.0);
            assertEquals(c.fp(), r.falseAccepts());
            assertTrue(r.far() <= r.targetFar());
            // the next lower distinct similarity would exceed the target
            int k = Arrays.binarySearch(distinct, r.threshold());
            if (k > 0) assertTrue(v.confusionAt(distinct[k - 1]).far() > r.targetFar(), "target " + r.targetFar());
        }
        assertFalse(rows.get(0).resolvable(), "1e-4 x 1,690 negatives < 1");
        assertEquals(0, rows.get(0).falseAccepts());
        assertTrue(rows.get(1).resolvable());
        assertEquals(1, rows.get(1).falseAccepts());
        assertEquals(1.0 / 1690, v.smallestNonZeroFar(), 0.0);
        assertEquals(4, dev.facecal.notebook.Seed003Tables.tarAtFar("t", rows).rowCount());
    }

    @Test
    void scoresAndFixedThresholds() {
        var p = v.scores(true);
        double[] s = v.similarities(true);
        double mean = Arrays.stream(s).sum() / s.length;
        assertEquals(mean, p.mean(), 1e-12);
        assertEquals(Math.sqrt(Arrays.stream(s).map(x -> (x - mean) * (x - mean)).sum() / s.length), p.std(), 1e-12);
        assertTrue(p.mean() > v.scores(false).mean());
        // seed 003's 0.4 accepts every dlib pair; DeepFace's 0.93 is the dlib threshold
        assertEquals(new Confusion(0, 1690, 0, 140), v.confusionAt(Seed003.PAIR_THRESHOLD));
        Confusion dlib = v.confusionAt(Similarity.DEEPFACE_DLIB_SIMILARITY);
        double[] d = scored.distances(dev.facecal.distance.DistanceMetric.COSINE);
        boolean[] y = new boolean[d.length];
        for (int i = 0; i < y.length; i++) y[i] = scored.pairs().get(i).same();
        assertEquals(Confusion.at(d, y, Similarity.DEEPFACE_DLIB_COSINE_DISTANCE), dlib, "DeepFace's verified");
        assertEquals(3, dev.facecal.notebook.Seed003Tables.scores(v, "s").rowCount());
        assertEquals(4, dev.facecal.notebook.Seed003Tables.verification(v, "s").rowCount());
    }

    @Test
    void smallHandMadeCase() {
        var h = new SimilarityVerification(new double[] {0.9, 0.8, 0.7, 0.6, 0.5}, new boolean[] {true, false, true, false, false});
        assertEquals(5.0 / 6, h.roc().auc(), 1e-15);
        var best = h.bestAccuracy();
        // 0.9 and 0.7 both classify 4 of 5 right: ties go to the strictest threshold
        assertEquals(0.9, best.threshold(), 0.0);
        assertEquals(0.8, best.accuracy(), 1e-15);
        var rows = h.tarAtFar(0.0, 0.5);
        assertEquals(0.9, rows.get(0).threshold(), 0.0);
        assertEquals(0.5, rows.get(0).tar(), 0.0);
        assertEquals(0.7, rows.get(1).threshold(), 0.0);
        assertEquals(1.0, rows.get(1).tar(), 0.0);
        // no threshold keeps FAR at 0 when the top pair is negative: accept nothing
        var neg = new SimilarityVerification(new double[] {0.9, 0.8}, new boolean[] {false, true});
        var r = neg.tarAtFar(0.0).get(0);
        assertTrue(r.threshold() > 0.9);
        assertEquals(0.0, r.tar(), 0.0);
    }
}
