package dev.facecal.calibrate;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The two ways Python code in the reference notebooks rounds to a number of decimals.
 *
 * <p>The Fine-Tuning-Threshold notebook calls {@code round(x, 4)} on values that pandas returns as
 * {@code numpy.float64}; for those, {@code round} dispatches to NumPy's {@code np.round}, which computes
 * {@code rint(x * 10**d) / 10**d} in floating point ({@code numpy/core/src/multiarray/calculation.c:
 * PyArray_Round}). That differs from Python's built-in {@code round} on a plain float, which rounds the
 * exact binary value half-to-even; the two disagree on roughly 4 % of 5-decimal inputs, so facecal offers
 * both and uses {@link #numpy} where the notebook does.
 */
public final class Rounding {
    private Rounding() {}

    /** NumPy's {@code np.round(x, decimals)} for {@code decimals >= 0}: {@code rint(x*10^d)/10^d}. */
    public static double numpy(double x, int decimals) {
        if (decimals < 0) {
            throw new IllegalArgumentException("decimals must be >= 0, got " + decimals);
        }
        double f = Math.pow(10, decimals);
        return Math.rint(x * f) / f;
    }

    /** Python's built-in {@code round(x, decimals)} on a float: exact binary value, half to even. */
    public static double python(double x, int decimals) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return x;
        }
        return new BigDecimal(x).setScale(decimals, RoundingMode.HALF_EVEN).doubleValue();
    }
}
