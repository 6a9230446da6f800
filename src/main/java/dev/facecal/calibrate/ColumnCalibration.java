package dev.facecal.calibrate;

import dev.facecal.dataset.ScoreDirection;
import java.util.List;
import java.util.Map;

/**
 * Everything facecal reports for one score column.
 *
 * @param column          the column's header
 * @param direction       whether the column holds distances or similarities
 * @param positive        statistics of the same-person scores
 * @param negative        statistics of the different-person scores
 * @param sigma           the notebook's rounded mean/std and sigma thresholds
 * @param c45             chefboost's C4.5 split with its candidates
 * @param c45Exact        the best gain-ratio split over all midpoints
 * @param thresholds      every rule's threshold by {@linkplain ThresholdRule#label label}
 *                        ({@code sigma1..3, c45, c45_exact, f1_max, accuracy_max, eer}, then {@code user:<value>}),
 *                        in that order
 * @param evaluations     the evaluation of each threshold, same order and names
 * @param roc             the ROC curve and its area
 * @param det             the DET points
 * @param eer             the equal error rate
 * @param tarAtFar        TAR at each FAR target
 * @param precisionRecall the per-cutoff table
 * @param confidenceFit   the distance-to-confidence model, or why it could not be fitted
 * @param bootstrap       intervals for the confidence threshold rule, or null when not asked
 */
public record ColumnCalibration(String column, ScoreDirection direction, DistanceStats positive,
                                DistanceStats negative, SigmaThresholds sigma, ChefboostC45.Split c45,
                                ExactGainRatioSplit.Split c45Exact, Map<String, Double> thresholds,
                                List<Evaluation> evaluations, RocCurve roc, DetCurve det, EqualErrorRate eer,
                                List<TarAtFar> tarAtFar, PrecisionRecallTable precisionRecall,
                                ConfidenceFit confidenceFit, Bootstrap bootstrap) {
    public ColumnCalibration {
        thresholds = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(thresholds));
        evaluations = List.copyOf(evaluations);
        tarAtFar = List.copyOf(tarAtFar);
        if (direction == null || confidenceFit == null) {
            throw new IllegalArgumentException(column + ": direction and confidenceFit must be set");
        }
    }

    /** The evaluation of a named threshold ({@code c45}, {@code user:0.5}, ...). */
    public Evaluation evaluation(String name) {
        return evaluations.stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no threshold named '" + name + "' for " + column
                        + "; it has " + String.join(", ", thresholds.keySet())));
    }

    /** The evaluation of a rule's threshold. */
    public Evaluation evaluation(ThresholdRule rule) {
        return evaluation(rule.label());
    }

    /** A named threshold ({@code c45}, {@code user:0.5}, ...). */
    public double threshold(String name) {
        Double t = thresholds.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no threshold named '" + name + "' for " + column + "; it has "
                    + String.join(", ", thresholds.keySet()));
        }
        return t;
    }

    /** A rule's threshold. */
    public double threshold(ThresholdRule rule) {
        return rule instanceof ThresholdRule.Fixed f ? f.value() : threshold(rule.label());
    }

    /** The distance-to-confidence model, or null when it could not be fitted ({@link #confidenceError()} says why). */
    public ConfidenceModel confidence() {
        return confidenceFit.model();
    }

    /** Why there is no confidence model, or null. */
    public String confidenceError() {
        return confidenceFit.reason();
    }
}
