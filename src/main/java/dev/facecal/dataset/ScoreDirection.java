package dev.facecal.dataset;

import java.util.Locale;

/**
 * Which way a score column of a pair table points. DeepFace's distances (cosine, euclidean, euclidean_l2, angular)
 * are {@link #DISTANCE}s: lower means more alike and a pair is accepted when {@code distance <= threshold}. A cosine
 * similarity, or a model's match score, is a {@link #SIMILARITY}: higher means more alike and a pair is accepted
 * when {@code score >= threshold} (scikit-learn's convention for {@code roc_curve(y, score)}).
 *
 * <p>Calibration works in one order internally, the distance order: the <em>key</em> of a score is the score itself
 * for a distance and its negation for a similarity. Negation is exact in floating point, so a similarity column
 * gives the same counts, curves and areas as the negated column calibrated as a distance.
 */
public enum ScoreDirection {
    /** Lower = same person; accept {@code score <= threshold}. */
    DISTANCE("distance"),
    /** Higher = same person; accept {@code score >= threshold}. */
    SIMILARITY("similarity");

    private final String label;

    ScoreDirection(String label) {
        this.label = label;
    }

    /** {@code distance} or {@code similarity}, as the command line and the JSON output spell it. */
    public String label() {
        return label;
    }

    /** Whether a pair with {@code score} is accepted (predicted same person) at {@code threshold}. */
    public boolean accepts(double score, double threshold) {
        return this == DISTANCE ? score <= threshold : score >= threshold;
    }

    /** The score in distance order (lower = more alike): the score, or its exact negation for a similarity. */
    public double key(double score) {
        return this == DISTANCE ? score : -score;
    }

    /** The inverse of {@link #key}. */
    public double score(double key) {
        return this == DISTANCE ? key : -key;
    }

    /** The comparison a threshold means: {@code <=} or {@code >=}. */
    public String comparison() {
        return this == DISTANCE ? "<=" : ">=";
    }

    /** Parses {@code distance} or {@code similarity} (any case); the message names the setting. */
    public static ScoreDirection parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (ScoreDirection d : values()) {
            if (d.label.equals(s)) return d;
        }
        throw new IllegalArgumentException("score direction '" + text + "' is not known: use distance (lower = same "
                + "person) or similarity (higher = same person)");
    }

    @Override
    public String toString() {
        return label;
    }
}
