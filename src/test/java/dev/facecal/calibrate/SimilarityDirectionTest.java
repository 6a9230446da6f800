package dev.facecal.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facecal.FacecalException;
import dev.facecal.Fixtures;
import dev.facecal.dataset.FloatParser;
import dev.facecal.dataset.PairTable;
import dev.facecal.dataset.PairTableReader;
import dev.facecal.dataset.ScoreDirection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A similarity column (higher = same person, accept {@code s >= t}) against scikit-learn and NumPy
 * ({@code reference/make_similarity_fixture.py}): ROC and its area, DET, TAR@FAR, F1-max and accuracy-max, the
 * evaluation at fixed thresholds, the notebook's sigma rule mirrored, the EER and the confidence fit.
 */
class SimilarityDirectionTest {
    static JsonNode fx;
    static PairTable table;
    static ColumnCalibration c;

    @BeforeAll
    static void calibrate() {
        fx = Fixtures.json(Fixtures.resource("similarity/expected.json"));
        table = PairTableReader.read(Fixtures.resource("similarity/similarity.csv"), List.of(), FloatParser.EXACT,
                ScoreDirection.SIMILARITY);
        CalibrationOptions options = CalibrationOptions.defaults().withDirection(ScoreDirection.SIMILARITY)
                .withConfidenceThreshold(ThresholdRule.F1_MAX).withBootstrap(200, 7);
        c = Calibration.of(table, options).columns().get("similarity");
    }

    private static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asDouble();
        return out;
    }

    @Test
    void rocAndAreaAreScikitLearns() {
        assertEquals(fx.get("roc_auc").asDouble(), c.roc().auc(), 1e-12);
        assertEquals(java.util.Arrays.toString(doubles(fx.at("/roc/fpr"))), java.util.Arrays.toString(c.roc().fpr()));
        assertEquals(java.util.Arrays.toString(doubles(fx.at("/roc/tpr"))), java.util.Arrays.toString(c.roc().tpr()));
        assertEquals(java.util.Arrays.toString(doubles(fx.at("/roc/threshold"))),
                java.util.Arrays.toString(c.roc().thresholds()));
    }

    @Test
    void detPointsAreScikitLearns() {
        double[] t = doubles(fx.at("/det/threshold")), fpr = doubles(fx.at("/det/fpr")), fnr = doubles(fx.at("/det/fnr"));
        for (int k = 0; k < t.length; k++) {
            int i = indexOf(c.det().thresholds(), t[k]);
            assertEquals(fpr[k], c.det().far()[i], 1e-15, "far at " + t[k]);
            assertEquals(fnr[k], c.det().frr()[i], 1e-15, "frr at " + t[k]);
        }
    }

    private static int indexOf(double[] a, double v) {
        for (int i = 0; i < a.length; i++) if (a[i] == v) return i;
        throw new AssertionError(v + " is not a DET threshold");
    }

    @Test
    void thresholdsAreSimilaritiesOfTheReference() {
        assertEquals(fx.at("/f1_max/threshold").asDouble(), c.threshold(ThresholdRule.F1_MAX), 0.0);
        assertEquals(fx.at("/f1_max/f1").asDouble(), c.evaluation(ThresholdRule.F1_MAX).f1(), 0.0);
        assertEquals(fx.at("/accuracy_max/threshold").asDouble(), c.threshold(ThresholdRule.ACCURACY_MAX), 0.0);
        assertEquals(fx.at("/accuracy_max/accuracy").asDouble(), c.evaluation(ThresholdRule.ACCURACY_MAX).accuracy(), 0.0);
        JsonNode nb = fx.get("notebook");
        assertEquals(nb.get("tp_mean").asDouble(), c.sigma().roundedMean(), 0.0);
        assertEquals(nb.get("tp_std").asDouble(), c.sigma().roundedStd(), 0.0);
        for (int k = 1; k <= 3; k++) {
            assertEquals(nb.get("sigma" + k).asDouble(), c.threshold("sigma" + k), 0.0, "sigma" + k);
        }
        JsonNode pos = fx.at("/stats/positive");
        assertEquals(pos.get("mean").asDouble(), c.positive().mean(), 0.0);
        assertEquals(pos.get("std").asDouble(), c.positive().std(), 0.0);
        assertEquals(fx.at("/eer/eer").asDouble(), c.eer().eer(), 1e-12);
        assertEquals(fx.at("/eer/threshold").asDouble(), c.eer().threshold(), 1e-12);
    }

    @Test
    void tarAtFarIsTheSmallestSimilarityWithinTarget() {
        for (TarAtFar t : c.tarAtFar()) {
            JsonNode want = fx.get("tar_at_far").get(Numbers.repr(t.targetFar()));
            assertEquals(want.get("threshold").asDouble(), t.threshold(), 0.0, "target " + t.targetFar());
            assertEquals(want.get("tar").asDouble(), t.tar(), 0.0);
            assertEquals(want.get("far").asDouble(), t.far(), 0.0);
        }
    }

    @Test
    void evaluationAtFixedThresholdsAcceptsAtOrAbove() {
        OperatingCurve curve = OperatingCurve.of(table.column("similarity"), table.positive(), ScoreDirection.SIMILARITY);
        for (Map.Entry<String, JsonNode> e : fx.get("evaluation").properties()) {
            JsonNode want = e.getValue();
            Evaluation got = curve.evaluate(e.getKey(), want.get("threshold").asDouble());
            assertEquals(new Confusion(want.get("tn").asLong(), want.get("fp").asLong(), want.get("fn").asLong(),
                    want.get("tp").asLong()), got.confusion(), e.getKey());
            for (String m : List.of("precision", "recall", "f1", "accuracy")) {
                double v = switch (m) {
                    case "precision" -> got.precision();
                    case "recall" -> got.recall();
                    case "f1" -> got.f1();
                    default -> got.accuracy();
                };
                assertEquals(want.get(m).asDouble(), v, 0.0, e.getKey() + " " + m);
            }
        }
    }

    @Test
    void confidenceFitOfASimilarity() {
        ConfidenceModel m = c.confidence();
        JsonNode want = fx.get("confidence");
        assertEquals(ScoreDirection.SIMILARITY, m.direction());
        assertEquals(want.get("threshold").asDouble(), m.threshold(), 0.0);
        assertTrue(m.w() > 0, "higher similarity, higher confidence: w " + m.w());
        for (String k : List.of("w", "b", "normalizer", "denorm_max_true", "denorm_min_true", "denorm_max_false",
                "denorm_min_false")) {
            double a = want.get(k).asDouble(), b = m.constants().get(k);
            assertEquals(a, b, 1e-7 * Math.max(1, Math.abs(a)), k);
        }
        // verified pairs land in 51-100, the rest in 0-49
        assertTrue(m.confidence(m.threshold()) >= 51);
        assertTrue(m.confidence(Math.nextDown(m.threshold())) <= 49);
        assertTrue(m.confidence(-0.5) <= 49, "a negative similarity is not certain, unlike a distance of 0");
    }

    @Test
    void bootstrapIntervalsAreSimilarities() {
        assertEquals("f1_max", c.bootstrap().method());
        double t = c.threshold(ThresholdRule.F1_MAX);
        assertTrue(c.bootstrap().threshold().low() <= t && t <= c.bootstrap().threshold().high(),
                t + " in " + c.bootstrap().threshold());
    }

    @Test
    void aSimilarityTableReadAsDistancesIsAClearError() {
        FacecalException e = assertThrows(FacecalException.class,
                () -> PairTableReader.read(Fixtures.resource("similarity/similarity.csv")));
        assertTrue(e.getMessage().contains("distances must be finite and >= 0"), e.getMessage());
    }

    @Test
    void negatedDistancesGiveTheSameCountsAndArea() {
        // a similarity is calibrated in distance order on its exact negation: the same ROC, shifted to >= 0
        double[] s = table.column("similarity");
        double[] d = new double[s.length];
        for (int i = 0; i < d.length; i++) d[i] = 1.0 - s[i];
        RocCurve asDistance = RocCurve.of(OperatingCurve.of(d, table.positive()));
        assertEquals(asDistance.auc(), c.roc().auc(), 1e-15);
        assertEquals(java.util.Arrays.toString(asDistance.tpr()), java.util.Arrays.toString(c.roc().tpr()));
    }
}
