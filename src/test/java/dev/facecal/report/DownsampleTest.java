package dev.facecal.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DownsampleTest {

    @Test
    void keepsEndpointsCountAndOrder() {
        int n = 1_000_003;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i / (double) n;
            y[i] = Math.sin(20 * x[i]);
        }
        y[123_456] = 5; // a one-sample spike must survive
        int[] keep = Downsample.lttb(x, y, 2000);
        assertEquals(2000, keep.length);
        assertEquals(0, keep[0]);
        assertEquals(n - 1, keep[keep.length - 1]);
        for (int i = 1; i < keep.length; i++) {
            assertTrue(keep[i] > keep[i - 1], "indices increase");
        }
        assertTrue(Arrays.stream(keep).anyMatch(i -> i == 123_456), "spike kept");
    }

    @Test
    void shortCurvesAreKeptWhole() {
        assertArrayEquals(new int[] {0, 1, 2, 3}, Downsample.lttb(new double[4], new double[4], 10));
        assertArrayEquals(new double[] {3, 1}, Downsample.pick(new double[] {1, 2, 3}, new int[] {2, 0}));
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> Downsample.lttb(new double[3], new double[2], 10));
        assertThrows(IllegalArgumentException.class, () -> Downsample.lttb(new double[3], new double[3], 2));
    }
}
