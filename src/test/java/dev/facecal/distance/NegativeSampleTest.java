package dev.facecal.distance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The seeded different-person pair sample: its threshold, its size against the binomial, its determinism. */
class NegativeSampleTest {
    @Test
    void theThresholdIsFloorOfNTimes2To64OverM() {
        assertEquals(Long.MIN_VALUE, NegativeSample.threshold(1, 2)); // 2^63
        assertEquals(0x5555555555555555L, NegativeSample.threshold(1, 3));
        assertEquals(0xAAAAAAAAAAAAAAAAL, NegativeSample.threshold(2, 3));
        // 2^64 / (2^63 - 1) = 2 + 2 / (2^63 - 1): floor 2
        assertEquals(2L, NegativeSample.threshold(1, Long.MAX_VALUE));
    }

    @Test
    void theSampleSizeIsWithinABinomialBoundOfN() {
        int n = 3000;                      // 4,498,500 pairs, all "different-person" here
        long m = (long) n * (n - 1) / 2, requested = 20_000;
        NegativeSample s = new NegativeSample(7, requested, m);
        long t = s.threshold(), kept = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) if (NegativeSample.keep(7, i, j, t)) kept++;
        }
        double p = (double) requested / m, sd = Math.sqrt(m * p * (1 - p));
        assertTrue(Math.abs(kept - requested) <= 5 * sd, kept + " kept, expected " + requested + " +- " + 5 * sd);
        // another seed draws another sample of about the same size
        long other = 0, both = 0, t2 = new NegativeSample(8, requested, m).threshold();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                boolean a = NegativeSample.keep(7, i, j, t), b = NegativeSample.keep(8, i, j, t2);
                if (b) other++;
                if (a && b) both++;
            }
        }
        assertTrue(Math.abs(other - requested) <= 5 * sd, other + " kept with seed 8");
        // independent draws overlap in about requested * p pairs (~89 here), far below requested
        assertTrue(both < requested / 10, both + " pairs in both samples");
    }

    @Test
    void whetherAPairIsKeptDependsOnTheSeedAndItsIndicesOnly() {
        NegativeSample s = new NegativeSample(42, 1000, 1_000_000);
        for (long i = 0; i < 200; i++) {
            for (long j = 0; j < 200; j++) assertEquals(s.keeps(i, j), s.keeps(j, i));
        }
        assertEquals(NegativeSample.hash(42, 3, 5), NegativeSample.hash(42, 3, 5));
        assertFalse(NegativeSample.hash(42, 3, 5) == NegativeSample.hash(43, 3, 5));
        assertFalse(NegativeSample.hash(42, 3, 5) == NegativeSample.hash(42, 5, 3));
    }

    @Test
    void askingForAtLeastThePopulationKeepsEverything() {
        NegativeSample s = new NegativeSample(1, 10, 10);
        assertTrue(s.keepsAll());
        assertEquals(1.0, s.fraction());
        assertTrue(s.keeps(0, 1));
        assertEquals(0.25, new NegativeSample(1, 10, 40).fraction());
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new NegativeSample(1, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new NegativeSample(1, -5, 10));
        assertThrows(IllegalArgumentException.class, () -> new NegativeSample(1, 5, -1));
        assertThrows(IllegalArgumentException.class, () -> NegativeSample.threshold(10, 10));
    }
}
