package dev.facecal.calibrate;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Number formatting exactly as the Python reference tools print numbers. */
public final class Numbers {
    private Numbers() {}

    /**
     * Python's {@code repr(float)}: the shortest decimal that reads back to the same double (Java 19+
     * {@link Double#toString} picks the same digits), written in positional notation when the decimal exponent
     * lies in [-4, 16) and as {@code 1.5e-05} style otherwise.
     */
    public static String repr(double x) {
        if (Double.isNaN(x)) return "nan";
        if (Double.isInfinite(x)) return x > 0 ? "inf" : "-inf";
        if (x == 0) return (1 / x < 0) ? "-0.0" : "0.0";
        BigDecimal bd = new BigDecimal(Double.toString(x)).stripTrailingZeros();
        String digits = bd.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - bd.scale(); // decimal exponent of the first digit
        String sign = x < 0 ? "-" : "";
        if (exp >= -4 && exp < 16) {
            String plain = bd.abs().toPlainString();
            if (!plain.contains(".")) plain = plain + ".0";
            return sign + plain;
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String e = String.format("%02d", Math.abs(exp));
        return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + e;
    }

    /** Python's {@code f"{x:.{decimals}f}"}: the exact binary value rounded half to even. */
    public static String fixed(double x, int decimals) {
        if (Double.isNaN(x)) return "nan";
        if (Double.isInfinite(x)) return x > 0 ? "inf" : "-inf";
        String s = new BigDecimal(x).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        if (x < 0 || (x == 0 && 1 / x < 0)) {
            if (!s.startsWith("-")) s = "-" + s;
        }
        return s;
    }
}
