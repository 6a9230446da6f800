package dev.facecal.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.facecal.calibrate.DistanceCounts;
import dev.facecal.calibrate.PrecisionRecallTable;
import dev.facecal.study.scale.CountsAgreement;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** Notebook 04's Spark tables: counts per class, rows of the counts file, Spark beside another pass, exactness. */
class Seed002SparkTablesTest {
    private static final DistanceCounts COUNTS = new DistanceCounts(new double[] {0.3, 0.6, 0.600001, 0.9},
            new long[] {2, 1, 0, 0}, new long[] {0, 1, 3, 4});

    @Test
    void countsPerClassReadsTotalsExtremesAndMeansFromTheCounts() {
        Table t = Seed002Tables.countsPerClass(COUNTS, "c");
        assertEquals(3, t.longColumn("pairs").get(0));
        assertEquals(8, t.longColumn("pairs").get(1));
        assertEquals(11, t.longColumn("pairs").get(2));
        assertEquals(2, t.longColumn("distinct distances").get(0));
        assertEquals(3, t.longColumn("distinct distances").get(1));
        assertEquals(0.3, t.doubleColumn("smallest").get(0));
        assertEquals(0.6, t.doubleColumn("smallest").get(1));
        assertEquals(0.9, t.doubleColumn("largest").get(2));
        assertEquals((2 * 0.3 + 0.6) / 3, t.doubleColumn("mean").get(0), 1e-15);
    }

    @Test
    void countsRowsStartAboveTheGivenDistanceWithEveryDecimal() {
        Table t = Seed002Tables.countsRows(COUNTS, 0.6, 5, "c");
        assertEquals(2, t.rowCount());
        assertEquals("0.600001", t.stringColumn("distance").get(0));
        assertEquals(3, t.longColumn("different").get(0));
    }

    @Test
    void sparkBesideAnotherPassShowsTheCountDifferences() {
        double[] cutoffs = {0.6};
        PrecisionRecallTable spark = PrecisionRecallTable.of(COUNTS, cutoffs);
        PrecisionRecallTable other = PrecisionRecallTable.of(new DistanceCounts(new double[] {0.3, 0.6000004, 0.9},
                new long[] {2, 1, 0}, new long[] {0, 4, 4}), cutoffs);
        Table t = Seed002Tables.sparkBeside(spark, other, "streaming", "c");
        assertEquals(1, t.longColumn("tp: Spark - streaming").get(0));
        assertEquals(1, t.longColumn("fp: Spark - streaming").get(0));
        assertThrows(IllegalArgumentException.class, () -> Seed002Tables.sparkBeside(spark,
                PrecisionRecallTable.of(COUNTS, new double[] {0.5}), "streaming", "c"));
    }

    @Test
    void agreementSaysWhichQuantitiesAreEqual() {
        Table t = Seed002Tables.agreement(CountsAgreement.of(COUNTS, COUNTS), "Spark", "single", "c");
        assertEquals(5, t.rowCount());
        assertEquals(11, t.longColumn("Spark").get(0));
        for (int i = 0; i < 5; i++) assertEquals(true, t.booleanColumn("equal").get(i));
    }
}
