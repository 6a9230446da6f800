package dev.facecal.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Rounding, summation order and number formatting as the Python tools do them. */
class NumericsTest {

    @Test
    void numpyRoundDiffersFromPythonRoundWhereNumpyDoes() {
        // Values printed by numpy 1.24 / Python 3.11: round(np.float64(x), 4) vs round(x, 4)
        assertEquals(0.9424, Rounding.numpy(0.94245, 4), 0.0);
        assertEquals(0.9425, Rounding.python(0.94245, 4), 0.0);
        assertEquals(0.9164, Rounding.numpy(0.91635, 4), 0.0);
        assertEquals(0.9163, Rounding.python(0.91635, 4), 0.0);
        assertEquals(0.3124, Rounding.numpy(0.31245, 4), 0.0);
        assertEquals(0.3125, Rounding.python(0.31245, 4), 0.0);
    }

    @Test
    void pythonRepr() {
        assertEquals("1e-05", Numbers.repr(1e-05));
        assertEquals("0.0001", Numbers.repr(0.0001));
        assertEquals("1e+16", Numbers.repr(1e16));
        assertEquals("123.0", Numbers.repr(123.0));
        assertEquals("0.30000000000000004", Numbers.repr(0.1 + 0.2));
        assertEquals("1.5e+300", Numbers.repr(1.5e300));
        assertEquals("-2.5e-07", Numbers.repr(-2.5e-7));
        assertEquals("0.0", Numbers.repr(0.0));
    }

    @Test
    void pythonFixedFormatRoundsTheBinaryValue() {
        assertEquals("2.67", Numbers.fixed(2.675, 2)); // 2.675 is 2.67499999... in binary
        assertEquals("0.000000", Numbers.fixed(0.0000005, 6));
        assertEquals("1.000001", Numbers.fixed(1.0000005, 6));
        assertEquals("-7.073225", Numbers.fixed(-7.073225, 6));
    }

    @Test
    void pairwiseSumIsNotTheNaiveSum() {
        SplittableRandom r = new SplittableRandom(7);
        double[] a = new double[10_000];
        for (int i = 0; i < a.length; i++) a[i] = r.nextDouble();
        double naive = 0;
        for (double v : a) naive += v;
        double pairwise = Reductions.sum(a);
        assertEquals(naive, pairwise, 1e-9);
        assertNotEquals(naive, pairwise, "the two orders differ in the last bits on this input");
        // small arrays are summed left to right
        assertEquals(0.1 + 0.2 + 0.3, Reductions.sum(new double[] {0.1, 0.2, 0.3}), 0.0);
    }

    @Test
    void longArraysAreSummedPerNumpyBufferOf8192() {
        // np.sum(1/(np.arange(20000)+1.0)) == 10.480728217229329 with numpy 1.24; one pairwise tree over all
        // 20000 values gives ...327. pandas' mean and std of the same Series (bottleneck off) follow.
        double[] a = new double[20_000];
        for (int i = 0; i < a.length; i++) a[i] = 1.0 / (i + 1.0);
        assertEquals(10.480728217229329, Reductions.sum(a), 0.0);
        assertEquals(0.0005240364108614665, Reductions.mean(a), 0.0);
        assertEquals(0.009053932180516826, Reductions.std(a, 1), 0.0);
    }

    @Test
    void sampleStdOfASingleValueIsNaN() {
        assertEquals(Double.NaN, Reductions.std(new double[] {0.4}, 1));
        assertEquals(0.0, Reductions.std(new double[] {0.4}, 0), 0.0);
    }
}
