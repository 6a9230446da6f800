package dev.facecal.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Locale-independent number formatting for labels (a German default locale must not turn 0.5
 * into "0,5"). Rounding is of the exact binary value, half-even, like Python's {@code format}.
 */
final class Format {

    private Format() {
    }

    /** {@code value} with exactly {@code decimals} decimals: fixed(0.30705, 4) is "0.3070" or "0.3071" as Python says. */
    static String fixed(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        return new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** Shortest round-tripping decimal for {@code value}, plain (no exponent) and without trailing zeros. */
    static String plain(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    /** A probability as a percentage with as few decimals as it needs: 0.001 is "0.1%", 0.5 is "50%". */
    static String percent(double p) {
        return new BigDecimal(Double.toString(p)).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }
}
