package dev.facecal.calibrate;

import java.util.List;

/**
 * A way of choosing a threshold from labelled distances: one of the named methods or a fixed number.
 *
 * @param name  {@code sigma1|sigma2|sigma3|c45|c45_exact|f1_max|accuracy_max|eer}, or the number as written
 * @param fixed the fixed threshold, or NaN for a named method
 */
public record ThresholdMethod(String name, double fixed) {
    /** The named methods, in report order. */
    public static final List<String> NAMES =
            List.of("sigma1", "sigma2", "sigma3", "c45", "c45_exact", "f1_max", "accuracy_max", "eer");

    public ThresholdMethod {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("threshold method must not be blank");
        }
        if (Double.isNaN(fixed) && !NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown threshold method '" + name + "': use one of "
                    + String.join(", ", NAMES) + " or a number");
        }
        if (!Double.isNaN(fixed) && !(fixed >= 0 && Double.isFinite(fixed))) {
            throw new IllegalArgumentException("a fixed threshold must be a finite number >= 0, got " + fixed);
        }
    }

    /** DeepFace / deepface-rs label the confidence fit with the C4.5 threshold. */
    public static final ThresholdMethod C45 = new ThresholdMethod("c45", Double.NaN);

    /** Parses {@code c45}, {@code f1_max}, ..., or a number such as {@code 0.4}. */
    public static ThresholdMethod parse(String text) {
        String s = text == null ? "" : text.trim();
        if (NAMES.contains(s)) {
            return new ThresholdMethod(s, Double.NaN);
        }
        try {
            return new ThresholdMethod(s, Double.parseDouble(s));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unknown threshold method '" + s + "': use one of "
                    + String.join(", ", NAMES) + " or a number");
        }
    }

    public boolean isFixed() {
        return !Double.isNaN(fixed);
    }

    /** Computes this method's threshold on the given labelled distances (in their original row order). */
    public double find(double[] distances, boolean[] positive) {
        if (isFixed()) {
            return fixed;
        }
        OperatingCurve curve = OperatingCurve.of(distances, positive);
        return switch (name) {
            case "sigma1", "sigma2", "sigma3" -> SigmaThresholds.of(DistanceStats.of(LabelledDistances.select(distances, positive, true)))
                    .threshold(name.charAt(5) - '0');
            case "c45" -> ChefboostC45.split(distances, positive, curve).threshold();
            case "c45_exact" -> ExactGainRatioSplit.of(curve).threshold();
            case "f1_max" -> OptimalThreshold.f1Max(curve).threshold();
            case "accuracy_max" -> OptimalThreshold.accuracyMax(curve).threshold();
            case "eer" -> EqualErrorRate.of(curve).threshold();
            default -> throw new IllegalStateException(name);
        };
    }

    @Override
    public String toString() {
        return name;
    }
}
