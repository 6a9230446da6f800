package dev.facecal.calibrate;

import java.util.List;
import java.util.Map;

/**
 * Everything facecal reports for one distance column.
 *
 * @param column          the column's header
 * @param positive        statistics of the same-person distances
 * @param negative        statistics of the different-person distances
 * @param sigma           the notebook's rounded mean/std and sigma thresholds
 * @param c45             chefboost's C4.5 split with its candidates
 * @param c45Exact        the best gain-ratio split over all midpoints
 * @param thresholds      every named threshold ({@code sigma1..3, c45, c45_exact, f1_max, accuracy_max, eer},
 *                        then {@code user:<value>}), in that order
 * @param evaluations     the evaluation of each threshold, same order and names
 * @param roc             the ROC curve and its area
 * @param det             the DET points
 * @param eer             the equal error rate
 * @param tarAtFar        TAR at each FAR target
 * @param precisionRecall the per-cutoff table
 * @param confidence      the distance-to-confidence model, or null when it cannot be fitted
 * @param confidenceError why the confidence model is missing, or null
 * @param bootstrap       intervals for the confidence threshold method, or null when not asked
 */
public record ColumnCalibration(String column, DistanceStats positive, DistanceStats negative, SigmaThresholds sigma,
                                ChefboostC45.Split c45, ExactGainRatioSplit.Split c45Exact,
                                Map<String, Double> thresholds, List<Evaluation> evaluations, RocCurve roc,
                                DetCurve det, EqualErrorRate eer, List<TarAtFar> tarAtFar,
                                PrecisionRecallTable precisionRecall, ConfidenceModel confidence,
                                String confidenceError, Bootstrap bootstrap) {
    public ColumnCalibration {
        thresholds = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(thresholds));
        evaluations = List.copyOf(evaluations);
        tarAtFar = List.copyOf(tarAtFar);
        if ((confidence == null) == (confidenceError == null)) {
            throw new IllegalArgumentException("exactly one of confidence and confidenceError must be set");
        }
    }

    /** The evaluation of a named threshold. */
    public Evaluation evaluation(String name) {
        return evaluations.stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no threshold named '" + name + "' for " + column));
    }

    /** A named threshold. */
    public double threshold(String name) {
        Double t = thresholds.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no threshold named '" + name + "' for " + column);
        }
        return t;
    }
}
