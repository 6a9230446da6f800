package dev.facecal.distance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PairDistancesTest {

    @Test
    void listedPairsInAnyOrderAndDirection() {
        float[][] e = AllPairsTest.embeddings(50, 16, 4);
        SplittableRandom r = new SplittableRandom(8);
        int pairs = 10_000;
        int[] first = new int[pairs], second = new int[pairs];
        for (int p = 0; p < pairs; p++) {
            first[p] = r.nextInt(50);
            second[p] = r.nextInt(50);
        }
        for (DistanceMetric m : DistanceMetric.values()) {
            double[] d = PairDistances.of(m, e, first, second);
            double[] swapped = PairDistances.of(m, e, second, first, 1);
            assertArrayEquals(d, swapped, m + ": symmetric");
            for (int p = 0; p < pairs; p++) {
                assertEquals(m.of(e[first[p]], e[second[p]]), d[p], 0.0, m + " pair " + p);
            }
            double[] rounded = DistanceMetric.deepfaceRound(d);
            assertEquals(DistanceMetric.deepfaceRound(d[7]), rounded[7], 0.0);
        }
    }

    @Test
    void mistakesAreReported() {
        float[][] e = AllPairsTest.embeddings(3, 4, 1);
        var range = assertThrows(IllegalArgumentException.class,
                () -> PairDistances.of(DistanceMetric.COSINE, e, new int[] {0, 1}, new int[] {2, 3}));
        assertEquals("pair 1: embedding index 3 is outside 0..2", range.getMessage());
        var lengths = assertThrows(IllegalArgumentException.class,
                () -> PairDistances.of(DistanceMetric.COSINE, e, new int[] {0}, new int[] {1, 2}));
        assertEquals("first has 1 indices, second 2", lengths.getMessage());
        float[][] withNull = {new float[2], null};
        var nul = assertThrows(IllegalArgumentException.class,
                () -> PairDistances.of(DistanceMetric.EUCLIDEAN, withNull, new int[] {0}, new int[] {0}));
        assertEquals("embedding 1 is null", nul.getMessage());
    }
}
