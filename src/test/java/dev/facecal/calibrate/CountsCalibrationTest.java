package dev.facecal.calibrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.facecal.Fixtures;
import dev.facecal.Provenance;
import dev.facecal.dataset.PairTable;
import dev.facecal.pipeline.CalibrationStage;
import dev.facecal.pipeline.TableOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Calibrating from counts per distinct distance ({@link Calibration#ofCounts}) against {@code facecal calibrate} on
 * the pair table itself: DeepFace's face-recognition-pivot.csv (279 pairs, 11 columns) from the shared mirror.
 * Thresholds, counts, curves and the confidence fit are identical, except what is summed in row order, which
 * counts do not keep: means and standard deviations, and chefboost's C4.5 threshold when its heuristic tries
 * {@code mean + k std} (more than 20 distinct distances), agree to 1e-12 relative (the same candidate wins, with the
 * same gain ratio and confusion matrix).
 */
class CountsCalibrationTest {
    private static void close(double expected, double actual, String what) {
        assertEquals(expected, actual, Math.abs(expected) * 1e-12, what);
    }

    @Test
    void countsCalibrateAsThePairTableDoes() {
        PairTable table = CalibrationStage.read(Fixtures.pivotCsv(), TableOptions.defaults());
        CalibrationOptions options = CalibrationOptions.defaults();
        Calibration direct = Calibration.of(table, options);
        Map<String, DistanceCounts> counts = new LinkedHashMap<>();
        for (String column : table.columns()) {
            counts.put(column, DistanceCounts.of(table.column(column), table.positive()));
        }
        Calibration fromCounts = Calibration.ofCounts("pivot counts", counts, options, Provenance.empty());
        assertEquals(direct.pairs(), fromCounts.pairs());
        assertEquals(direct.positives(), fromCounts.positives());
        assertEquals(11, direct.columns().size());
        for (String column : table.columns()) {
            ColumnCalibration a = direct.columns().get(column);
            ColumnCalibration b = fromCounts.columns().get(column);
            // chefboost's heuristic tries mean + k std (row-order sums): the same candidate wins, its value may
            // differ in the last digits; every other threshold is identical
            Map<String, Double> ta = new LinkedHashMap<>(a.thresholds());
            Map<String, Double> tb = new LinkedHashMap<>(b.thresholds());
            close(ta.remove("c45"), tb.remove("c45"), column + " c45");
            assertEquals(ta, tb, column);
            assertEquals(a.evaluations().size(), b.evaluations().size());
            for (int i = 0; i < a.evaluations().size(); i++) {
                assertEquals(a.evaluations().get(i).confusion(), b.evaluations().get(i).confusion(), column);
            }
            assertEquals(a.tarAtFar(), b.tarAtFar(), column);
            assertEquals(a.eer(), b.eer(), column);
            assertEquals(a.precisionRecall(), b.precisionRecall(), column);
            assertEquals(a.roc().auc(), b.roc().auc(), column);
            assertArrayEquals(a.roc().fpr(), b.roc().fpr(), column);
            assertArrayEquals(a.roc().tpr(), b.roc().tpr(), column);
            assertArrayEquals(a.roc().thresholds(), b.roc().thresholds(), column);
            assertEquals(a.c45().candidates().length, b.c45().candidates().length, column);
            for (int i = 0; i < a.c45().candidates().length; i++) {
                close(a.c45().candidates()[i], b.c45().candidates()[i], column + " c45 candidate " + i);
            }
            assertEquals(a.c45().gainRatio(), b.c45().gainRatio(), column);
            ConfidenceModel ca = a.confidence(), cb = b.confidence();
            close(ca.threshold(), cb.threshold(), column + " confidence threshold");
            assertArrayEquals(new double[] {ca.w(), ca.b(), ca.normalizer(), ca.denormMaxTrue(), ca.denormMinTrue(),
                    ca.denormMaxFalse(), ca.denormMinFalse()}, new double[] {cb.w(), cb.b(), cb.normalizer(),
                    cb.denormMaxTrue(), cb.denormMinTrue(), cb.denormMaxFalse(), cb.denormMinFalse()}, column);
            assertEquals(a.sigma(), b.sigma(), column);
            for (var s : new DistanceStats[][] {{a.positive(), b.positive()}, {a.negative(), b.negative()}}) {
                assertEquals(s[0].count(), s[1].count(), column);
                assertEquals(s[0].min(), s[1].min(), column);
                assertEquals(s[0].max(), s[1].max(), column);
                close(s[0].mean(), s[1].mean(), column + " mean");
                close(s[0].std(), s[1].std(), column + " std");
            }
        }
    }

    @Test
    void badCountsAreRefusedWithTheirEntry() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new DistanceCounts(new double[] {0.2, 0.1}, new long[] {1, 1}, new long[] {0, 0}));
        assertEquals("distances must be strictly ascending: 0.2 then 0.1 at entry 1", e.getMessage());
        var columns = new LinkedHashMap<String, DistanceCounts>();
        columns.put("cosine", new DistanceCounts(new double[] {0.1, 0.5}, new long[] {1, 0}, new long[] {0, 2}));
        columns.put("euclidean", new DistanceCounts(new double[] {0.1, 0.5}, new long[] {1, 0}, new long[] {0, 1}));
        e = assertThrows(IllegalArgumentException.class,
                () -> Calibration.ofCounts("dir", columns, CalibrationOptions.defaults(), Provenance.empty()));
        assertEquals("dir: column euclidean counts 1 same-person and 1 different-person pairs, the columns before it"
                + " 1 and 2: every column must count the same pairs", e.getMessage());
    }
}
