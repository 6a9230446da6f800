package dev.facecal.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Locale-independent number formatting for labels (a German default locale must not turn 0.5
 * into "0,5"). Rounding is of the exact binary value, half-even, like Python's {@code format}.
 */
public final class Format {

    private Format() {
    }

    /** {@code value} with exactly {@code decimals} decimals: fixed(0.30705, 4) is "0.3070" or "0.3071" as Python says. */
    public static String fixed(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        return new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }

    /**
     * {@code value} to {@code digits} significant digits, plain (no exponent), half-even from the exact binary value,
     * always {@code digits} digits ({@code significant(0.052194500000000005, 4)} is "0.05219", {@code significant(262,
     * 4)} "262.0", {@code significant(100, 4)} "100.0"). For numbers shown to people; CSV and JSON keep full precision.
     */
    public static String significant(double value, int digits) {
        if (digits < 1) {
            throw new IllegalArgumentException("digits must be at least 1, got " + digits);
        }
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        if (value == 0) {
            return digits == 1 ? "0" : "0." + "0".repeat(digits - 1);
        }
        BigDecimal r = new BigDecimal(value).round(new java.math.MathContext(digits, RoundingMode.HALF_EVEN));
        if (r.precision() < digits) {
            r = r.setScale(r.scale() + digits - r.precision(), RoundingMode.UNNECESSARY); // 100 -> 100.0
        }
        return r.toPlainString();
    }

    /** A rate in [0, 1] as a percentage with {@code digits} significant digits ({@code 0.97517...} is "97.52 %"). */
    public static String percentOf(double rate, int digits) {
        if (!Double.isFinite(rate)) {
            return Double.toString(rate);
        }
        return significant(100 * rate, digits) + " %";
    }

    /** Shortest round-tripping decimal for {@code value}, plain (no exponent) and without trailing zeros. */
    static String plain(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    /** A probability as a percentage with as few decimals as it needs: 0.001 is "0.1%", 0.5 is "50%". */
    public static String percent(double p) {
        return new BigDecimal(Double.toString(p)).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }
}
