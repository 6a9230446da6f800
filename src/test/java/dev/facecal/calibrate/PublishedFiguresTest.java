package dev.facecal.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The figures published in the seed documents reproduce from their inputs. */
class PublishedFiguresTest {

    @Test
    void seed001MixDatasetAtC45Threshold() {
        // seed 001, VGG-Face / cosine on the Mix dataset at 0.383: cm = [[1028, 28], [0, 72]]
        Confusion c = new Confusion(1028, 28, 0, 72);
        assertEquals(72.0, 100 * c.precision(), 0.0);
        assertEquals(100.0, 100 * c.recall(), 0.0);
        assertEquals(83.72093023255813, 100 * c.f1(), 1e-12);
        assertEquals(97.51773049645391, 100 * c.accuracy(), 1e-12);
    }

    @Test
    void seed001SigmaThresholdsFromRoundedMeanAndStd() {
        // "Mean of true positives: 0.1863  Std of true positives: 0.061" -> 0.2473 (1 sigma), 0.3083, 0.3693
        SigmaThresholds s = new SigmaThresholds(0.1863, 0.061);
        assertEquals(0.2473, s.threshold(1), 0.0);
        assertEquals(0.3083, s.threshold(2), 0.0);
        assertEquals(0.3693, s.threshold(3), 0.0);
    }

    @Test
    void deepFaceOriginalRunAtC45Threshold() {
        // DeepFace's Fine-Tuning-Threshold notebook, VGG-Face / cosine at 0.3147: (tn, fp, fn, tp) = (262, 0, 4, 34)
        Confusion c = new Confusion(262, 0, 4, 34);
        assertEquals(100.0, 100 * c.precision(), 0.0);
        assertEquals(89.47368421052632, 100 * c.recall(), 1e-12);
        assertEquals(94.44444444444444, 100 * c.f1(), 1e-12);
        assertEquals(98.66666666666667, 100 * c.accuracy(), 1e-12);
        // and its 2-sigma threshold from mean 0.2263 / std 0.0744
        assertEquals(0.3751, new SigmaThresholds(0.2263, 0.0744).threshold(2), 0.0);
    }

    @Test
    void seed003TarAtFarReadsOffTheOperatingCurve() {
        // 4 negatives; FAR 0.25 allows one false accept.
        double[] d = {0.1, 0.2, 0.3, 0.35, 0.5, 0.6, 0.7};
        boolean[] y = {true, true, true, false, true, false, false};
        OperatingCurve curve = OperatingCurve.of(d, y);
        TarAtFar t = TarAtFar.of(curve, 0.34);
        assertEquals(0.5, t.threshold(), 0.0);
        assertEquals(1.0, t.tar(), 0.0);
        TarAtFar strict = TarAtFar.of(curve, 0.1);
        assertEquals(0.3, strict.threshold(), 0.0);
        assertEquals(0.75, strict.tar(), 0.0);
    }

    @Test
    void seed002PrecisionIsOneWhenNothingIsAccepted() {
        double[] d = {0.2, 0.4, 0.6, 0.8};
        boolean[] y = {true, true, false, false};
        PrecisionRecallTable t = PrecisionRecallTable.of(OperatingCurve.of(d, y), new double[] {0.0, 0.5, 1.0});
        assertEquals(1.0, t.rows().get(0).precision(), 0.0);
        assertEquals(0.0, t.rows().get(0).recall(), 0.0);
        assertEquals(1.0, t.rows().get(1).precision(), 0.0);
        assertEquals(1.0, t.rows().get(1).recall(), 0.0);
        assertEquals(0.5, t.rows().get(2).precision(), 0.0);
    }
}
