package dev.facecal.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.calibrate.Confusion;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class PublishedSeed001Test {

    @Test
    void everyPublishedThresholdRecomputesFromIntegerCounts() {
        List<PublishedSeed001.Row> rows = PublishedSeed001.rows();
        assertEquals(List.of(0.199, 0.2473, 0.3083, 0.3693, 0.383), rows.stream().map(PublishedSeed001.Row::threshold).toList());
        assertEquals(new Confusion(1056, 0, 28, 44), rows.get(0).confusion());
        assertEquals(new Confusion(1056, 0, 12, 60), rows.get(1).confusion());
        assertEquals(new Confusion(1056, 0, 2, 70), rows.get(2).confusion());
        assertEquals(new Confusion(1037, 19, 0, 72), rows.get(3).confusion());
        assertEquals(new Confusion(1028, 28, 0, 72), rows.get(4).confusion());
        for (PublishedSeed001.Row r : rows) {
            assertTrue(r.agrees(), r.source());
            assertEquals(1128, r.confusion().total());
            assertEquals(72, r.confusion().positives());
        }
        // only the C4.5 row prints counts; the others come from precision and recall
        assertNull(rows.get(0).publishedCounts());
        assertEquals(new Confusion(1028, 28, 0, 72), rows.get(4).publishedCounts());
    }

    @Test
    void c45RowGivesTheSeedsFullPrecisionFigures() {
        Confusion c = PublishedSeed001.rows().getLast().confusion();
        assertEquals(72.0, 100 * c.precision(), 0.0);
        assertEquals(83.72093023255813, 100 * c.f1(), 1e-12);
        assertEquals(97.51773049645391, 100 * c.accuracy(), 1e-12);
    }

    @Test
    void sigmaThresholdsFromThePublishedMeanAndStd() {
        var s = PublishedSeed001.sigma();
        assertEquals(0.2473, s.threshold(1), 0.0);
        assertEquals(0.3083, s.threshold(2), 0.0);
        assertEquals(0.3693, s.threshold(3), 0.0);
        assertEquals(PublishedSeed001.rows().get(1).threshold(), s.threshold(1), 0.0);
        assertEquals(PublishedSeed001.rows().get(3).threshold(), s.threshold(3), 0.0);
        assertEquals("published figures that recompute: 5 of 5 thresholds; sigma thresholds from mean 0.1863, std "
                + "0.061: 0.2473, 0.3083, 0.3693", PublishedSeed001.note());
    }

    @Test
    void matchesAcceptsTruncationAndRoundingButNotAMisprint() {
        assertTrue(PublishedSeed001.matches("90.90", 120.0 / 132));   // 90.909..., truncated
        assertTrue(PublishedSeed001.matches("98.94", 1116.0 / 1128)); // 98.936..., rounded
        assertTrue(PublishedSeed001.matches("98.93", 1116.0 / 1128)); // ... or truncated
        assertTrue(PublishedSeed001.matches("72.0", 0.72));
        assertTrue(PublishedSeed001.matches("97.5", 1100.0 / 1128));
        assertFalse(PublishedSeed001.matches("98.95", 1116.0 / 1128));
        assertFalse(PublishedSeed001.matches("61.12", 44.0 / 72 - 0.0002));
    }

    @Test
    void countsFromPrecisionAndRecall() {
        assertEquals(new Confusion(1037, 19, 0, 72), PublishedSeed001.countsFrom(79.12, 100, 72, 1056));
        assertEquals(new Confusion(1056, 0, 28, 44), PublishedSeed001.countsFrom(100, 61.11, 72, 1056));
        assertThrows(IllegalArgumentException.class, () -> PublishedSeed001.countsFrom(0, 50, 72, 1056));
        assertThrows(IllegalArgumentException.class, () -> PublishedSeed001.countsFrom(50, 101, 72, 1056));
    }

    @Test
    void tablesHoldOneRowPerThreshold() {
        Table t = dev.facecal.notebook.Seed001Tables.published();
        assertEquals(5, t.rowCount());
        assertTrue(t.booleanColumn("agrees").asList().stream().allMatch(b -> b));
        assertEquals(44, t.longColumn("tp").get(0));
        assertEquals(5, dev.facecal.notebook.Seed001Tables.sources().rowCount());
    }
}
