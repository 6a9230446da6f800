package dev.facecal.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.dataset.PairTable;
import dev.facecal.dataset.PairTableReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticPairsTest {
    @Test
    void sameSeedGivesSameData() {
        SyntheticPairs a = SyntheticPairs.of(10_000, 0.1, 42);
        SyntheticPairs b = SyntheticPairs.of(10_000, 0.1, 42);
        assertArrayEquals(a.distances(), b.distances());
        assertArrayEquals(a.positive(), b.positive());
        SyntheticPairs c = SyntheticPairs.of(10_000, 0.1, 43);
        assertFalse(Arrays.equals(a.distances(), c.distances()));
    }

    @Test
    void positiveFractionIsExact() {
        assertEquals(1_000, SyntheticPairs.of(10_000, 42).positives());
        assertEquals(2_500, SyntheticPairs.of(10_000, 0.25, 7).positives());
        assertEquals(0, SyntheticPairs.of(100, 0.0, 7).positives());
        assertEquals(100, SyntheticPairs.of(100, 1.0, 7).positives());
        assertEquals(3, SyntheticPairs.of(10, 0.33, 7).positives());
    }

    @Test
    void positivesAreSpreadOverTheRows() {
        boolean[] y = SyntheticPairs.of(10_000, 0.1, 42).positive();
        int firstHalf = 0;
        for (int i = 0; i < y.length / 2; i++) {
            if (y[i]) firstHalf++;
        }
        assertTrue(firstHalf > 400 && firstHalf < 600, "positives in the first half: " + firstHalf);
    }

    @Test
    void distancesHaveTheIntendedShape() {
        SyntheticPairs p = SyntheticPairs.of(200_000, 0.1, 1);
        double sumPos = 0, sumNeg = 0;
        int nPos = 0, nNeg = 0;
        Set<Double> distinct = new HashSet<>();
        for (int i = 0; i < p.size(); i++) {
            double d = p.distances()[i];
            assertTrue(d >= 0 && Double.isFinite(d), "distance " + d + " at " + i);
            assertTrue(new BigDecimal(Double.toString(d)).scale() <= 6, "more than 6 decimals: " + d);
            distinct.add(d);
            if (p.positive()[i]) {
                sumPos += d;
                nPos++;
            } else {
                sumNeg += d;
                nNeg++;
            }
        }
        assertEquals(0.30, sumPos / nPos, 0.005);
        assertEquals(0.70, sumNeg / nNeg, 0.005);
        assertTrue(distinct.size() < p.size(), "6-decimal rounding should produce ties");
    }

    @Test
    void noNegativeDistancesEvenWhenClipped() {
        // Positives centred at 0.30 with sd 0.08 fall below 0 about once in 10^4.
        SyntheticPairs p = SyntheticPairs.of(1_000_000, 1.0, 3);
        long zeros = Arrays.stream(p.distances()).filter(d -> d == 0.0).count();
        assertTrue(Arrays.stream(p.distances()).allMatch(d -> d >= 0 && !(d == 0.0 && 1 / d < 0)));
        assertTrue(zeros > 0, "expected some clipped zeros");
    }

    @Test
    void csvRoundTripsThroughThePairTableReader(@TempDir Path dir) throws Exception {
        SyntheticPairs p = SyntheticPairs.of(5_000, 0.1, 42);
        Path csv = dir.resolve("pairs.csv");
        p.writeCsv(csv);
        List<String> lines = Files.readAllLines(csv);
        assertEquals("decision,cosine", lines.get(0));
        assertEquals(5_001, lines.size());
        assertTrue(lines.get(1).matches("[01],\\d+\\.\\d{6}"), lines.get(1));
        PairTable t = PairTableReader.read(csv);
        assertArrayEquals(p.distances(), t.column("cosine"));
        assertArrayEquals(p.positive(), t.positive());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temp file left behind");
        }
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> SyntheticPairs.of(0, 0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> SyntheticPairs.of(10, 1.5, 1));
        assertThrows(IllegalArgumentException.class, () -> SyntheticPairs.of(10, Double.NaN, 1));
    }
}
