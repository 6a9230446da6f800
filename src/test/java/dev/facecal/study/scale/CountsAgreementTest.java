package dev.facecal.study.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.calibrate.DistanceCounts;
import org.junit.jupiter.api.Test;

/** Counts compared distance by distance: equal, a count off by one, a distance on one side only. */
class CountsAgreementTest {
    private static final DistanceCounts BASE = new DistanceCounts(new double[] {0.1, 0.25, 0.6},
            new long[] {2, 1, 0}, new long[] {0, 3, 7});

    @Test
    void equalCountsAreExact() {
        CountsAgreement a = CountsAgreement.of(BASE, new DistanceCounts(new double[] {0.1, 0.25, 0.6},
                new long[] {2, 1, 0}, new long[] {0, 3, 7}));
        assertTrue(a.exact());
        assertEquals(new CountsAgreement.Side(13, 3, 10, 3), a.left());
        assertEquals(0, a.differingDistances());
        assertEquals("exact: 13 pairs (3 same, 10 different) at 3 distinct 6-decimal distances, every distance's "
                + "counts equal", a.summary());
    }

    @Test
    void aPairMovedToAnotherDistanceIsFoundWithEqualTotals() {
        // one different-person pair at 0.6 instead of 0.25: same totals, two distances differ
        CountsAgreement a = CountsAgreement.of(BASE, new DistanceCounts(new double[] {0.1, 0.25, 0.6},
                new long[] {2, 1, 0}, new long[] {0, 2, 8}));
        assertEquals(a.left(), a.right());
        assertEquals(2, a.differingDistances());
        assertFalse(a.exact());
        assertTrue(a.summary().startsWith("NOT exact"), a.summary());
    }

    @Test
    void aDistanceOnOneSideOnlyDiffers() {
        // the pair at 0.6 rounded to 0.600001 on the other side
        CountsAgreement a = CountsAgreement.of(BASE, new DistanceCounts(new double[] {0.1, 0.25, 0.6, 0.600001},
                new long[] {2, 1, 0, 0}, new long[] {0, 3, 6, 1}));
        assertEquals(2, a.differingDistances(), "0.6 has other counts and 0.600001 is new");
        assertEquals(4, a.right().distinct());
        assertFalse(a.exact());
        assertEquals(1, CountsAgreement.of(BASE, new DistanceCounts(new double[] {0.1, 0.25},
                new long[] {2, 1}, new long[] {0, 3})).differingDistances());
    }

    @Test
    void sidesMustAddUp() {
        assertThrows(IllegalArgumentException.class, () -> new CountsAgreement.Side(5, 2, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> new CountsAgreement(new CountsAgreement.Side(1, 1, 0, 1),
                new CountsAgreement.Side(1, 1, 0, 1), -1));
    }
}
