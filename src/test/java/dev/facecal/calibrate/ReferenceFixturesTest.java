package dev.facecal.calibrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facecal.Fixtures;
import dev.facecal.dataset.FloatParser;
import dev.facecal.dataset.PairTable;
import dev.facecal.dataset.PairTableReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every number of every column of every fixture input against what pandas, scikit-learn, chefboost 0.0.19 and
 * DeepFace's {@code find_confidence} computed on the same input ({@code reference/make_fixtures.py}).
 * Inputs: DeepFace's real {@code face-recognition-pivot.csv} (11 columns) and five synthetic tables, read with the
 * correctly rounded parser as the fixtures were ({@code round_trip}), and one table again as pandas' default
 * {@code read_csv} reads it ({@code bool_labels.pandas-parser.json}).
 */
class ReferenceFixturesTest {

    @TestFactory
    Stream<DynamicContainer> everyFixture() {
        return Fixtures.expected().stream().map(path -> {
            JsonNode fx = Fixtures.json(path);
            FloatParser parser = "pandas".equals(fx.path("parser").asText("exact")) ? FloatParser.PANDAS : FloatParser.EXACT;
            PairTable table = PairTableReader.read(Fixtures.input(fx), List.of(), parser);
            CalibrationOptions options = CalibrationOptions.defaults().withBootstrap(0, 1);
            List<DynamicTest> tests = new ArrayList<>();
            tests.add(DynamicTest.dynamicTest("counts", () -> {
                assertEquals(fx.get("pairs").asInt(), table.size());
                assertEquals(fx.get("positives").asInt(), table.positives());
                assertEquals(fx.get("negatives").asInt(), table.negatives());
            }));
            for (Map.Entry<String, JsonNode> e : fx.get("columns").properties()) {
                String column = e.getKey();
                JsonNode ex = e.getValue();
                ColumnCalibration cal = Calibrator.calibrate(column, table.column(column), table.positive(), options);
                OperatingCurve curve = OperatingCurve.of(table.column(column), table.positive());
                tests.add(DynamicTest.dynamicTest(column, () -> checkColumn(ex, cal, curve)));
            }
            return DynamicContainer.dynamicContainer(path.getFileName().toString(), tests);
        });
    }

    private static void checkColumn(JsonNode ex, ColumnCalibration cal, OperatingCurve curve) {
        stats(ex.get("stats").get("positive"), cal.positive());
        stats(ex.get("stats").get("negative"), cal.negative());

        JsonNode nb = ex.get("notebook");
        assertEquals(nb.get("tp_mean").asDouble(), cal.sigma().roundedMean(), 0.0, "notebook tp_mean");
        assertEquals(nb.get("tp_std").asDouble(), cal.sigma().roundedStd(), 0.0, "notebook tp_std");
        for (int k = 1; k <= 3; k++) {
            assertEquals(nb.get("sigma" + k).asDouble(), cal.threshold("sigma" + k), 0.0, "sigma" + k);
        }
        assertEquals(ex.get("c45").asDouble(), cal.threshold("c45"), 0.0, "chefboost C4.5 threshold");

        for (JsonNode ev : ex.get("evaluation")) {
            String name = ev.get("name").asText();
            Evaluation got = curve.evaluate(name, ev.get("threshold").asDouble());
            Confusion c = got.confusion();
            assertEquals(ev.get("tn").asLong(), c.tn(), name + " tn");
            assertEquals(ev.get("fp").asLong(), c.fp(), name + " fp");
            assertEquals(ev.get("fn").asLong(), c.fn(), name + " fn");
            assertEquals(ev.get("tp").asLong(), c.tp(), name + " tp");
            assertEquals(ev.get("precision").asDouble(), got.precision(), 0.0, name + " precision");
            assertEquals(ev.get("recall").asDouble(), got.recall(), 0.0, name + " recall");
            assertEquals(ev.get("f1").asDouble(), got.f1(), 0.0, name + " f1");
            assertEquals(ev.get("accuracy").asDouble(), got.accuracy(), 0.0, name + " accuracy");
        }

        assertEquals(ex.get("roc_auc").asDouble(), cal.roc().auc(), 1e-12, "ROC AUC");
        JsonNode roc = ex.get("roc");
        assertArrayEquals(doubles(roc.get("fpr")), cal.roc().fpr(), 0.0, "ROC fpr");
        assertArrayEquals(doubles(roc.get("tpr")), cal.roc().tpr(), 0.0, "ROC tpr");
        assertArrayEquals(doubles(roc.get("distance_thresholds")), cal.roc().thresholds(), 0.0, "ROC thresholds");

        assertEquals(ex.get("f1_max").get("threshold").asDouble(), cal.threshold("f1_max"), 0.0, "f1_max threshold");
        assertEquals(ex.get("f1_max").get("f1").asDouble(), cal.evaluation("f1_max").f1(), 0.0, "max F1");
        assertEquals(ex.get("accuracy_max").get("threshold").asDouble(), cal.threshold("accuracy_max"), 0.0,
                "accuracy_max threshold");
        assertEquals(ex.get("accuracy_max").get("accuracy").asDouble(), cal.evaluation("accuracy_max").accuracy(),
                0.0, "max accuracy");
        assertEquals(ex.get("eer").get("eer").asDouble(), cal.eer().eer(), 1e-12, "EER");
        assertEquals(ex.get("eer").get("threshold").asDouble(), cal.eer().threshold(), 1e-12, "EER threshold");

        for (TarAtFar t : cal.tarAtFar()) {
            JsonNode e = ex.get("tar_at_far").get(Numbers.repr(t.targetFar()));
            assertNotNull(e, "fixture has FAR target " + t.targetFar());
            assertEquals(e.get("threshold").asDouble(), t.threshold(), 0.0, "threshold at FAR " + t.targetFar());
            assertEquals(e.get("tar").asDouble(), t.tar(), 0.0, "TAR at FAR " + t.targetFar());
        }

        JsonNode conf = ex.get("confidence");
        if (conf.isNull()) {
            assertTrue(cal.confidence() == null, "no confidence model where scikit-learn had a single class");
            return;
        }
        ConfidenceModel m = cal.confidence();
        assertNotNull(m, "confidence model: " + cal.confidenceError());
        assertEquals(conf.get("threshold").asDouble(), m.threshold(), 0.0, "confidence threshold");
        assertEquals(conf.get("normalizer").asDouble(), m.normalizer(), 0.0, "normalizer");
        // The exact optimum against scikit-learn's Newton-CG run to tol 1e-12 ...
        relative(conf.get("w_tight").asDouble(), m.w(), 1e-7, "w vs tightly converged scikit-learn");
        relative(conf.get("b_tight").asDouble(), m.b(), 1e-7, "b vs tightly converged scikit-learn");
        relative(conf.get("denorm_max_true_tight").asDouble(), m.denormMaxTrue(), 1e-7, "denorm_max_true");
        relative(conf.get("denorm_min_true_tight").asDouble(), m.denormMinTrue(), 1e-7, "denorm_min_true");
        relative(conf.get("denorm_max_false_tight").asDouble(), m.denormMaxFalse(), 1e-7, "denorm_max_false");
        relative(conf.get("denorm_min_false_tight").asDouble(), m.denormMinFalse(), 1e-7, "denorm_min_false");
        // ... and against LogisticRegression() as DeepFace calls it, which stops L-BFGS early (up to 1.9e-5 off).
        relative(conf.get("w").asDouble(), m.w(), 3e-5, "w vs default scikit-learn");
        relative(conf.get("b").asDouble(), m.b(), 3e-5, "b vs default scikit-learn");

        ConfidenceModel deepface = new ConfidenceModel("c45", conf.get("threshold").asDouble(),
                conf.get("w").asDouble(), conf.get("b").asDouble(), conf.get("normalizer").asDouble(),
                conf.get("denorm_max_true").asDouble(), conf.get("denorm_min_true").asDouble(),
                conf.get("denorm_max_false").asDouble(), conf.get("denorm_min_false").asDouble());
        for (JsonNode rc : ex.get("runtime_confidence")) {
            double d = rc.get("distance").asDouble();
            boolean verified = rc.get("verified").asBoolean();
            double got = deepface.confidence(d, verified);
            if (rc.get("confidence").isNull()) {
                // DeepFace raises ZeroDivisionError when a class has a single confidence; facecal answers the
                // bottom of the target range instead.
                assertTrue(got >= (verified ? 51 : 0) && got <= (verified ? 100 : 49), "fallback in range: " + got);
            } else {
                assertEquals(rc.get("confidence").asDouble(), got, 0.0, "find_confidence(" + d + ", " + verified + ")");
            }
        }
        assertFalse(Double.isNaN(m.confidence(m.threshold())));
    }

    private static void stats(JsonNode ex, DistanceStats got) {
        assertEquals(ex.get("count").asInt(), got.count(), "count");
        assertEquals(ex.get("mean").asDouble(), got.mean(), 0.0, "mean (pandas, bit for bit)");
        if (ex.get("std").isNull()) {
            assertTrue(Double.isNaN(got.std()));
        } else {
            assertEquals(ex.get("std").asDouble(), got.std(), 0.0, "std (pandas, bit for bit)");
        }
        assertEquals(ex.get("min").asDouble(), got.min(), 0.0, "min");
        assertEquals(ex.get("max").asDouble(), got.max(), 0.0, "max");
    }

    private static void relative(double expected, double actual, double tol, String what) {
        double scale = Math.max(Math.abs(expected), 1e-300);
        assertTrue(Math.abs(expected - actual) / scale <= tol,
                what + ": expected " + expected + " got " + actual + " (relative " + Math.abs(expected - actual) / scale
                        + " > " + tol + ")");
    }

    private static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asDouble();
        return out;
    }

}
