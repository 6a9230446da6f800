package dev.facecal.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConfidenceAndBootstrapTest {
    // DeepFace's own VGG-Face / cosine constants (deepface/config/confidence.py at 243209fd), threshold 0.68
    private static final ConfidenceModel VGG = new ConfidenceModel("deepface", 0.68, -6.61254026479904,
            3.145549102667549, 0.979183, 88.28484099529868, 20.787978733113846, 20.556681914175016,
            3.457832575746455);

    @Test
    void runtimeConfidenceStaysInItsBands() {
        for (double d = 0.01; d < 1.5; d += 0.01) {
            double c = VGG.confidence(d);
            if (d <= 0.68) assertTrue(c >= 51 && c <= 100, d + " -> " + c);
            else assertTrue(c >= 0 && c <= 49, d + " -> " + c);
        }
        assertEquals(100.0, VGG.confidence(0.0, true), 0.0);
        assertEquals(0.0, VGG.confidence(0.0, false), 0.0);
    }

    @Test
    void notebookMappingHasNoTruncationOrClamp() {
        // min(49, int(20.55...)) = 20 at runtime, min(49, 20.55...) in the notebook
        double d = 0.7;
        double runtime = VGG.confidence(d, false);
        double notebook = VGG.notebookConfidence(d, false);
        assertTrue(Math.abs(runtime - notebook) > 0.01, runtime + " vs " + notebook);
    }

    @Test
    void logisticFitSatisfiesItsOptimalityConditions() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 2000;
        double[] x = new double[n];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextDouble();
            y[i] = r.nextDouble() < 1 / (1 + Math.exp(-(4 - 9 * x[i])));
        }
        LogisticFit f = LogisticFit.fit(x, y, 1.0);
        double gw = f.w(), gb = 0;
        for (int i = 0; i < n; i++) {
            double p = f.probability(x[i]) - (y[i] ? 1 : 0);
            gw += p * x[i];
            gb += p;
        }
        assertEquals(0.0, gw, 1e-9);
        assertEquals(0.0, gb, 1e-9);
        assertThrows(IllegalArgumentException.class, () -> LogisticFit.fit(x, new boolean[n], 1.0));
    }

    @Test
    void confidenceFitRefusesAThresholdThatAcceptsEverything() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfidenceModel.fit(new double[] {0.1, 0.2, 0.3}, "sigma3", 0.9));
        assertTrue(e.getMessage().contains("accepts every pair"), e.getMessage());
    }

    @Test
    void bootstrapIsReproducibleForASeed() {
        SplittableRandom r = new SplittableRandom(9);
        double[] d = new double[300];
        boolean[] y = new boolean[300];
        for (int i = 0; i < d.length; i++) {
            y[i] = i < 38;
            d[i] = Math.max(0, (y[i] ? 0.23 : 0.65) + r.nextGaussian() * 0.1);
        }
        Bootstrap a = Bootstrap.of(d, y, ThresholdRule.C45, 200, 42);
        Bootstrap b = Bootstrap.of(d, y, ThresholdRule.C45, 200, 42);
        Bootstrap c = Bootstrap.of(d, y, ThresholdRule.C45, 200, 43);
        assertEquals(a, b);
        assertNotEquals(a.threshold(), c.threshold());
        double t = ThresholdRule.C45.find(OperatingCurve.of(d, y));
        assertTrue(a.threshold().low() <= t && t <= a.threshold().high(), t + " in " + a.threshold());
        assertTrue(a.recall().high() - a.recall().low() > 0.01, "38 positives give a visibly wide interval");
    }

    @Test
    void thresholdMethodParsing() {
        assertEquals("f1_max", ThresholdRule.parse("f1_max").label());
        assertEquals(0.4, ((ThresholdRule.Fixed) ThresholdRule.parse("0.4")).value(), 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ThresholdRule.parse("best"));
        assertTrue(e.getMessage().contains("c45_exact"), e.getMessage());
    }
}
