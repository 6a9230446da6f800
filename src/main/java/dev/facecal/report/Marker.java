package dev.facecal.report;

/**
 * A named threshold to mark on a distance plot as a vertical dashed line, for example
 * {@code new Marker("mean + 2σ", 0.3071)} or {@code new Marker("C4.5", 0.3147)}: the thresholds of
 * DeepFace's Fine-Tuning-Threshold notebook, drawn over the two distance distributions.
 *
 * @param name  legend text, not blank
 * @param value threshold distance, finite
 */
public record Marker(String name, double value) {

    /** Rejects a blank name or a non-finite value. */
    public Marker {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("marker name must not be blank, got " + (name == null ? "null" : "'" + name + "'"));
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("marker '" + name + "' must have a finite value, got " + value);
        }
    }

    /** The threshold of {@code rule} in a column's calibration, named by the rule. */
    public static Marker of(dev.facecal.calibrate.ColumnCalibration c, dev.facecal.calibrate.ThresholdRule rule) {
        return new Marker(rule.label(), c.threshold(rule));
    }

    /** Legend label: the name and the value to 4 decimals, as the notebook rounds thresholds. */
    public String label() {
        return name + " = " + Format.fixed(value, 4);
    }
}
