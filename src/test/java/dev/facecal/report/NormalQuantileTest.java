package dev.facecal.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NormalQuantileTest {

    /** (p, scipy.special.ndtri(p)) from scipy 1.10.1: {@code /usr/bin/python3 -c "from scipy.special import ndtri; ..."}. */
    private static final double[][] SCIPY = {
        {1e-300, -37.0470962993612},
        {1e-06, -4.753424308822899},
        {1e-05, -4.264890793922825},
        {0.001, -3.090232306167813},
        {0.01, -2.3263478740408408},
        {0.02425, -1.972961051311885},
        {0.05, -1.6448536269514729},
        {0.3, -0.5244005127080409},
        {0.5, 0.0},
        {0.7, 0.5244005127080407},
        {0.925, 1.4395314709384563},
        {0.975, 1.959963984540054},
        {0.99, 2.3263478740408408},
        {0.999999, 4.753424308817087},
    };

    @Test
    void matchesScipyNdtri() {
        for (double[] row : SCIPY) {
            assertEquals(row[1], NormalQuantile.of(row[0]), 1e-14 * Math.max(1, Math.abs(row[1])), "p = " + row[0]);
        }
    }

    @Test
    void endpointsAndDomain() {
        assertEquals(Double.NEGATIVE_INFINITY, NormalQuantile.of(0));
        assertEquals(Double.POSITIVE_INFINITY, NormalQuantile.of(1));
        assertThrows(IllegalArgumentException.class, () -> NormalQuantile.of(-0.1));
        assertThrows(IllegalArgumentException.class, () -> NormalQuantile.of(Double.NaN));
    }
}
