package dev.facecal.study.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.calibrate.OperatingCurve;
import dev.facecal.calibrate.PrecisionRecallTable;
import org.junit.jupiter.api.Test;

class Seed002Test {

    @Test
    void publishedTableAndComparison() {
        assertEquals(10, dev.facecal.notebook.Seed002Tables.published().rowCount());
        assertEquals(81_875_206L, (long) Seed002.IMAGES * (Seed002.IMAGES - 1) / 2);
        OperatingCurve curve = OperatingCurve.of(new double[] {0.35, 0.42, 0.58, 0.7, 0.95}, new boolean[] {true, true, true, false, false});
        PrecisionRecallTable ours = PrecisionRecallTable.of(curve, PrecisionRecallTable.SEED_002_CUTOFFS);
        var t = dev.facecal.notebook.Seed002Tables.compare("c", "ours", ours);
        assertEquals(10, t.rowCount());
        assertEquals(7, t.columnCount());
        assertTrue(t.columnNames().contains("precision (" + Seed002.LABEL + ")"));
        assertEquals(0.67, t.doubleColumn("recall (ours)").get(3), 0.0); // 2 of 3 at 0.45, rounded as the seed prints
        assertEquals(4, dev.facecal.report.Figures.seed002Comparison("f", "ours", ours).traceCount());
        PrecisionRecallTable other = PrecisionRecallTable.of(curve, new double[] {0.5});
        assertThrows(IllegalArgumentException.class, () -> dev.facecal.notebook.Seed002Tables.compare("c", "ours", other));
    }
}
