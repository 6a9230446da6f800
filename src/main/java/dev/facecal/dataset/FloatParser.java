package dev.facecal.dataset;

/**
 * How decimal text becomes a double.
 *
 * <p>{@link #PANDAS} reproduces pandas' default CSV float parser ({@code pd.read_csv(path)}, i.e.
 * {@code float_precision=None}/"high": {@code precise_xstrtod} in {@code pandas/_libs/src/parser/tokenizer.c}),
 * which is what DeepFace's notebooks and deepface-rs's {@code compute-thresholds.py} read their tables with: it
 * accumulates at most 17 significant digits into a double ({@code number = number*10 + digit}) and then
 * multiplies or divides once by a power of ten. For up to 15 significant digits that is correctly rounded; for 16-17
 * digits (what {@code repr} and {@code to_csv} write) it is often one unit in the last place away from the
 * correctly rounded value. {@link #EXACT} is the correctly rounded parse ({@link Double#parseDouble}, pandas'
 * {@code float_precision="round_trip"}).
 */
public enum FloatParser {
    /** pandas' default {@code read_csv} parser (the default: it is what the reference scripts see). */
    PANDAS,
    /** Correctly rounded ({@code float_precision="round_trip"}). */
    EXACT;

    private static final double[] POW10 = new double[309];

    static {
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = Double.parseDouble("1e" + i);
        }
    }

    /** {@code pandas} or {@code exact}, as the command line's {@code --parser} spells it. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The parser called {@code pandas} or {@code exact}; an error naming the setting otherwise. */
    public static FloatParser named(String name) {
        for (FloatParser p : values()) {
            if (p.label().equals(name)) return p;
        }
        throw new IllegalArgumentException("parser '" + name + "' is not known: use pandas or exact");
    }

    /**
     * Parses a decimal such as {@code 0.40667723913599983}, {@code -1.5e-3} or {@code 12}.
     *
     * @throws NumberFormatException when the text is not a decimal number
     */
    public double parse(String text) {
        return this == EXACT ? Double.parseDouble(text) : pandas(text);
    }

    static double pandas(String s) {
        int n = s.length();
        int p = 0;
        while (p < n && Character.isWhitespace(s.charAt(p))) p++;
        boolean negative = false;
        if (p < n && (s.charAt(p) == '-' || s.charAt(p) == '+')) {
            negative = s.charAt(p) == '-';
            p++;
        }
        double number = 0.0;
        int exponent = 0;
        int digits = 0;
        int decimals = 0;
        final int maxDigits = 17;
        while (p < n && isDigit(s.charAt(p))) {
            if (digits < maxDigits) {
                number = number * 10.0 + (s.charAt(p) - '0');
                digits++;
            } else {
                exponent++;
            }
            p++;
        }
        if (p < n && s.charAt(p) == '.') {
            p++;
            while (digits < maxDigits && p < n && isDigit(s.charAt(p))) {
                number = number * 10.0 + (s.charAt(p) - '0');
                p++;
                digits++;
                decimals++;
            }
            if (digits >= maxDigits) {
                while (p < n && isDigit(s.charAt(p))) p++;
            }
            exponent -= decimals;
        }
        if (digits == 0) {
            throw new NumberFormatException("not a number: '" + s + "'");
        }
        if (negative) number = -number;
        if (p < n && (s.charAt(p) == 'e' || s.charAt(p) == 'E')) {
            p++;
            boolean expNegative = false;
            if (p < n && (s.charAt(p) == '-' || s.charAt(p) == '+')) {
                expNegative = s.charAt(p) == '-';
                p++;
            }
            int start = p;
            int e = 0;
            while (p < n && isDigit(s.charAt(p))) {
                if (e < 100_000) e = e * 10 + (s.charAt(p) - '0');
                p++;
            }
            if (p == start) {
                throw new NumberFormatException("not a number: '" + s + "'");
            }
            exponent += expNegative ? -e : e;
        }
        while (p < n && Character.isWhitespace(s.charAt(p))) p++;
        if (p != n) {
            throw new NumberFormatException("not a number: '" + s + "'");
        }
        if (exponent > 308) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        } else if (exponent > 0) {
            number *= POW10[exponent];
        } else if (exponent < -308) {
            if (exponent < -616) {
                number = 0.0;
            } else {
                number /= POW10[-308 - exponent];
                number /= POW10[308];
            }
        } else {
            number /= POW10[-exponent];
        }
        return number;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
