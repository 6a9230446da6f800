package dev.facecal.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facecal.Fixtures;
import dev.facecal.dataset.PairTable;
import dev.facecal.dataset.PairTableReader;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Platt scaling, isotonic calibration and the reliability diagram against scikit-learn 1.2.1 itself
 * ({@code reference/make_calibration_quality_fixture.py}), on DeepFace's real VGG-Face cosine distances and the
 * synthetic rs_style euclidean distances.
 */
class CalibrationQualityTest {

    private static JsonNode fixture(int i) throws IOException {
        return new ObjectMapper().readTree(Path.of("src/test/resources/fixtures/expected/calibration_quality.json")
                .toFile()).path("cases").get(i);
    }

    private static PairTable input(int i) {
        return i == 0 ? PairTableReader.read(Fixtures.pivotCsv())
                : PairTableReader.read(Path.of("src/test/resources/fixtures/inputs/rs_style.csv"));
    }

    private static String column(int i) {
        return i == 0 ? "VGG-Face_cosine" : "euclidean";
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void plattScalingReachesTheOptimumScikitLearnApproaches(int i) throws IOException {
        JsonNode f = fixture(i);
        PairTable t = input(i);
        PlattScaling p = PlattScaling.fit(t.column(column(i)), t.positive());
        assertEquals(f.at("/platt_exact/a").asDouble(), p.a(), 1e-13 * Math.abs(p.a()), f.path("name").asText());
        assertEquals(f.at("/platt_exact/b").asDouble(), p.b(), 1e-13 * Math.abs(p.b()));
        // scikit-learn's own BFGS result stops short of the optimum by a little
        assertEquals(f.at("/platt_sklearn/a").asDouble(), p.a(), 1e-6 * Math.abs(p.a()));
        assertEquals(f.at("/platt_sklearn/b").asDouble(), p.b(), 1e-6 * Math.abs(p.b()));
        assertTrue(p.probability(0) > p.probability(1), "farther means less likely the same person");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void isotonicCalibrationIsScikitLearnsIsotonicRegression(int i) throws IOException {
        JsonNode f = fixture(i);
        PairTable t = input(i);
        double[] d = t.column(column(i));
        IsotonicCalibration iso = IsotonicCalibration.fit(d, t.positive());
        JsonNode at = f.at("/isotonic/at_distances");
        for (int k = 0; k < d.length; k++) {
            assertEquals(at.get(k).asDouble(), iso.probability(d[k]), 1e-12, "pair " + k);
        }
        JsonNode grid = f.at("/isotonic/grid"), atGrid = f.at("/isotonic/at_grid");
        for (int k = 0; k < grid.size(); k++) {
            assertEquals(atGrid.get(k).asDouble(), iso.probability(grid.get(k).asDouble()), 1e-12, "grid " + k);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void reliabilityDiagramIsScikitLearnsCalibrationCurveWithEceAndBrier(int i) throws IOException {
        JsonNode f = fixture(i);
        PairTable t = input(i);
        double[] d = t.column(column(i));
        PlattScaling p = PlattScaling.fit(d, t.positive());
        double[] prob = new double[d.length];
        for (int k = 0; k < d.length; k++) {
            prob[k] = p.probability(d[k]);
        }
        ReliabilityDiagram r = ReliabilityDiagram.of(prob, t.positive(), 10);
        JsonNode rel = f.path("reliability");
        assertEquals(rel.path("counts").size(), r.bins().size());
        for (int b = 0; b < r.bins().size(); b++) {
            ReliabilityDiagram.Bin bin = r.bins().get(b);
            assertEquals(rel.path("counts").get(b).asInt(), bin.count(), "bin " + b);
            assertEquals(rel.path("prob_true").get(b).asDouble(), bin.observed(), 1e-12);
            assertEquals(rel.path("prob_pred").get(b).asDouble(), bin.predicted(), 1e-9);
        }
        assertEquals(rel.path("ece").asDouble(), r.ece(), 1e-9);
        assertEquals(rel.path("brier").asDouble(), r.brier(), 1e-9);
        assertEquals(d.length, r.pairs());
    }

    @Test
    void aPerfectlyCalibratedScoreHasNoCalibrationError() {
        // in each bin, the share of positives equals the probability given
        double[] p = {0.05, 0.05, 0.05, 0.05, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95,
            0.95, 0.95, 0.95, 0.95};
        boolean[] y = new boolean[20];
        for (int k = 4; k < 20; k++) {
            y[k] = k != 4;                        // 15 of 16 at 0.95 are positive: 0.9375, near 0.95
        }
        ReliabilityDiagram r = ReliabilityDiagram.of(p, y, 10);
        assertEquals(2, r.bins().size());
        assertEquals(0.0, r.bins().get(0).observed());
        assertEquals(0.9375, r.bins().get(1).observed());
        assertEquals(4.0 / 20 * 0.05 + 16.0 / 20 * Math.abs(0.9375 - 0.95), r.ece(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> ReliabilityDiagram.of(new double[] {1.2}, new boolean[1], 10));
        assertThrows(IllegalArgumentException.class, () -> PlattScaling.fit(new double[] {0.1, 0.2}, new boolean[2]));
    }
}
