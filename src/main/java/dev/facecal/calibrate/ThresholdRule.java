package dev.facecal.calibrate;

import dev.facecal.dataset.ScoreDirection;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A way of choosing a verification threshold from labelled scores: one of the {@link Named} rules or a
 * {@link Fixed} value. Every rule finds its threshold on an {@link OperatingCurve} and returns it as a score of the
 * curve's direction (accept {@code distance <= t}, or {@code similarity >= t}).
 *
 * <p>{@link Named} is the one table of rule names: the command line's {@code --confidence-threshold}, the JSON
 * output's {@code thresholds} keys and the notebooks' {@code c.threshold(ThresholdRule.C45)} all go through it
 * ({@link #parse}, {@link #label}). A new rule is a new constant there, with its algorithm in {@link Named#find}.
 */
public sealed interface ThresholdRule permits ThresholdRule.Named, ThresholdRule.Fixed {

    /** The name under which the rule's threshold is reported ({@code c45}, {@code f1_max}, {@code 0.4}, ...). */
    String label();

    /** The rule's threshold on {@code curve}, as a score of the curve's direction. */
    double find(OperatingCurve curve);

    /** The rules facecal computes for every column, in report order, each with its name. */
    enum Named implements ThresholdRule {
        /** {@code round(mean + 1 std, 4)} of the same-person scores, as the Fine-Tuning-Threshold notebook. */
        SIGMA1("sigma1"),
        /** {@code round(mean + 2 std, 4)}: the notebook's threshold. */
        SIGMA2("sigma2"),
        /** {@code round(mean + 3 std, 4)}. */
        SIGMA3("sigma3"),
        /** chefboost 0.0.19's C4.5 root split, heuristic included ({@link ChefboostC45}). */
        C45("c45"),
        /** The best gain-ratio split over every midpoint ({@link ExactGainRatioSplit}). */
        C45_EXACT("c45_exact"),
        /** The operating point with the highest F1 ({@link OptimalThreshold#f1Max}). */
        F1_MAX("f1_max"),
        /** The operating point with the highest accuracy ({@link OptimalThreshold#accuracyMax}). */
        ACCURACY_MAX("accuracy_max"),
        /** The equal error rate's interpolated threshold ({@link EqualErrorRate}). */
        EER("eer");

        private final String label;

        Named(String label) {
            this.label = label;
        }

        @Override
        public String label() {
            return label;
        }

        @Override
        public double find(OperatingCurve curve) {
            return switch (this) {
                case SIGMA1 -> sigma(curve).threshold(1);
                case SIGMA2 -> sigma(curve).threshold(2);
                case SIGMA3 -> sigma(curve).threshold(3);
                case C45 -> ChefboostC45.split(curve.rowScores(), curve.rowLabels(), curve).threshold();
                case C45_EXACT -> ExactGainRatioSplit.of(curve).threshold();
                case F1_MAX -> OptimalThreshold.f1Max(curve).threshold();
                case ACCURACY_MAX -> OptimalThreshold.accuracyMax(curve).threshold();
                case EER -> EqualErrorRate.of(curve).threshold();
            };
        }

        private static SigmaThresholds sigma(OperatingCurve curve) {
            return SigmaThresholds.of(DistanceStats.of(LabelledDistances.select(curve.rowScores(), curve.rowLabels(),
                    true)), curve.direction());
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /**
     * A threshold given as a number: it is its own rule.
     *
     * @param value the threshold, a finite number ({@code >= 0} when it is a distance; checked where the direction
     *              is known)
     * @param label how it is reported: the number as written, or {@link Numbers#repr} of it
     */
    record Fixed(double value, String label) implements ThresholdRule {
        public Fixed {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("a fixed threshold must be a finite number, got " + value);
            }
            if (label == null || label.isBlank()) {
                label = Numbers.repr(value);
            }
        }

        /** The value, labelled {@link Numbers#repr}. */
        public Fixed(double value) {
            this(value, null);
        }

        @Override
        public double find(OperatingCurve curve) {
            return value;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    Named SIGMA1 = Named.SIGMA1;
    Named SIGMA2 = Named.SIGMA2;
    Named SIGMA3 = Named.SIGMA3;
    Named C45 = Named.C45;
    Named C45_EXACT = Named.C45_EXACT;
    Named F1_MAX = Named.F1_MAX;
    Named ACCURACY_MAX = Named.ACCURACY_MAX;
    Named EER = Named.EER;

    /** The rule names in report order: {@code sigma1, sigma2, sigma3, c45, c45_exact, f1_max, accuracy_max, eer}. */
    static List<String> names() {
        return Arrays.stream(Named.values()).map(Named::label).toList();
    }

    /** The named rule called {@code label}; an error listing the names otherwise. */
    static Named named(String label) {
        String s = label == null ? "" : label.trim().toLowerCase(Locale.ROOT);
        for (Named n : Named.values()) {
            if (n.label.equals(s)) return n;
        }
        throw new IllegalArgumentException("unknown threshold rule '" + label + "': use one of "
                + String.join(", ", names()));
    }

    /**
     * Parses a rule name ({@code c45}, {@code f1_max}, ...) or a number such as {@code 0.4} (a {@link Fixed} rule
     * labelled as written).
     */
    static ThresholdRule parse(String text) {
        String s = text == null ? "" : text.trim();
        for (Named n : Named.values()) {
            if (n.label.equals(s)) return n;
        }
        try {
            return new Fixed(Double.parseDouble(s), s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unknown threshold method '" + s + "': use one of "
                    + String.join(", ", names()) + " or a number");
        }
    }

    /** Whether this rule's threshold is a valid threshold for scores of {@code direction}; an error otherwise. */
    static ThresholdRule check(ThresholdRule rule, ScoreDirection direction) {
        if (rule instanceof Fixed f && direction == ScoreDirection.DISTANCE && f.value() < 0) {
            throw new IllegalArgumentException("a fixed distance threshold must be a finite number >= 0, got "
                    + f.value());
        }
        return rule;
    }
}
