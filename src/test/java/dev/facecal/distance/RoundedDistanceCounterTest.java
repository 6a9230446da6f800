package dev.facecal.distance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.facecal.calibrate.DistanceCounts;
import dev.facecal.study.scale.SyntheticEmbeddings;
import org.junit.jupiter.api.Test;

/**
 * The blocked rounded-distance counter against the plainest reference: {@link DistanceMetric#of} and
 * {@link DistanceMetric#deepfaceRound} on every pair, counted by {@link DistanceCounts#of}; then independence from the
 * block size and the thread count (what lets a cluster split the work anyhow).
 */
class RoundedDistanceCounterTest {
    private static final SyntheticEmbeddings DATA = SyntheticEmbeddings.of(300, 60,
            SyntheticEmbeddings.Shape.dlibLike(), 13L);

    private static DistanceCounts reference(DistanceMetric metric, float[][] v, int[] label) {
        int n = v.length;
        double[] d = new double[n * (n - 1) / 2];
        boolean[] same = new boolean[d.length];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                d[k] = DistanceMetric.deepfaceRound(metric.of(v[i], v[j]));
                same[k++] = label[i] == label[j];
            }
        }
        return DistanceCounts.of(d, same);
    }

    @Test
    void countsEqualThePerPairReferenceForEveryMetricBlockingAndThreadCount() {
        for (DistanceMetric metric : DistanceMetric.values()) {
            DistanceCounts expected = reference(metric, DATA.vectors(), DATA.identity());
            assertEquals(300L * 299 / 2, expected.pairs());
            for (int block : new int[] {1, 7, 64, 300, 1000}) {
                for (int threads : new int[] {1, 2}) {
                    RoundedDistanceCounter c = RoundedDistanceCounter.all(metric, DATA.vectors(), DATA.identity(),
                            block, threads);
                    assertEquals(expected, c.counts(), metric + " block " + block + " threads " + threads);
                    assertArrayEquals(new long[] {0, 0}, c.nan());
                }
            }
        }
    }

    @Test
    void aZeroVectorIsCountedApartAsNaNUnderCosine() {
        float[][] v = {{0, 0}, {1, 0}, {0, 1}};
        RoundedDistanceCounter c = RoundedDistanceCounter.all(DistanceMetric.COSINE, v, new int[] {0, 0, 1}, 2, 1);
        assertArrayEquals(new long[] {1, 1}, c.nan());
        DistanceCounts counts = c.counts();
        assertArrayEquals(new double[] {1.0}, counts.values());
        assertArrayEquals(new long[] {0}, counts.same());
        assertArrayEquals(new long[] {1}, counts.different());
    }

    @Test
    void mergingCountersOfAnotherMetricIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> new RoundedDistanceCounter(DistanceMetric.COSINE)
                .merge(new RoundedDistanceCounter(DistanceMetric.EUCLIDEAN)));
        assertEquals("cannot merge euclidean counts into cosine counts", e.getMessage());
    }
}
