package dev.facecal.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;

/**
 * Axis ticks at "nice" round numbers (steps of 1, 2, 2.5 or 5 times a power of ten) and their
 * labels, for the PNG charts. This is Heckbert's labelling ("Nice numbers for graph labels",
 * Graphics Gems, 1990) with matplotlib's {@code MaxNLocator} step set, so the axes read like the
 * DeepFace notebook's matplotlib plots.
 *
 * @param values tick positions inside the axis range, increasing
 * @param labels text for each tick, with just enough decimals for the step
 */
public record NiceTicks(double[] values, String[] labels) {

    private static final double[] STEPS = {1, 2, 2.5, 5, 10};

    /** Checks the arrays match and copies them. */
    public NiceTicks {
        if (values.length != labels.length) {
            throw new IllegalArgumentException("values and labels differ in length: " + values.length + " vs " + labels.length);
        }
        values = values.clone();
        labels = labels.clone();
    }

    /** Copy of the tick positions. */
    @Override
    public double[] values() {
        return values.clone();
    }

    /** Copy of the tick labels. */
    @Override
    public String[] labels() {
        return labels.clone();
    }

    /** Equal when the positions and labels are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof NiceTicks t && Arrays.equals(values, t.values) && Arrays.equals(labels, t.labels);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(values) + Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return "NiceTicks" + Arrays.toString(labels);
    }

    /**
     * At most {@code maxTicks} nice ticks in [min, max], with the smallest nice step that keeps
     * within that count (for maxTicks = 2 a narrow range can get none).
     *
     * @throws IllegalArgumentException when the range is not finite or max &lt;= min, or maxTicks &lt; 2
     */
    public static NiceTicks of(double min, double max, int maxTicks) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || !(max > min)) {
            throw new IllegalArgumentException("axis range must be finite with max > min, got [" + min + ", " + max + "]");
        }
        if (maxTicks < 2) {
            throw new IllegalArgumentException("maxTicks must be at least 2, got " + maxTicks);
        }
        double raw = (max - min) / (maxTicks - 1);
        int exponent = (int) Math.floor(Math.log10(raw));
        for (int e = exponent; ; e++) {
            for (double mantissa : STEPS) {
                BigDecimal step = BigDecimal.valueOf(mantissa).scaleByPowerOfTen(e).stripTrailingZeros();
                double s = step.doubleValue();
                if (s < raw * (1 - 1e-12)) {
                    continue;
                }
                long first = (long) Math.ceil(min / s - 1e-9);
                long last = (long) Math.floor(max / s + 1e-9);
                int count = (int) (last - first + 1);
                if (count > maxTicks) {
                    continue;
                }
                double[] values = new double[count];
                String[] labels = new String[count];
                int decimals = Math.max(0, step.scale());
                for (int i = 0; i < count; i++) {
                    BigDecimal v = step.multiply(BigDecimal.valueOf(first + i)).setScale(decimals, RoundingMode.HALF_EVEN);
                    values[i] = v.doubleValue();
                    labels[i] = v.signum() == 0 ? BigDecimal.ZERO.setScale(decimals).toPlainString() : v.toPlainString();
                }
                return new NiceTicks(values, labels);
            }
        }
    }
}
