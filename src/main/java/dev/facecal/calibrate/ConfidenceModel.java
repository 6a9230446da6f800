package dev.facecal.calibrate;

import dev.facecal.dataset.ScoreDirection;

/**
 * DeepFace's distance-to-confidence model ({@code experiments/distance-to-confidence.ipynb}, runtime in
 * {@code deepface/modules/verification.py: find_confidence}; the same constants deepface-rs prints as
 * {@code ModelConfidence}).
 *
 * <p>Fitting: label every pair by the <em>prediction</em> at a chosen threshold ({@code distance <= threshold}),
 * not by the ground truth; divide distances by their maximum when it exceeds 1; fit a logistic regression
 * (scikit-learn defaults, {@link LogisticFit}); compute the raw confidence {@code 100 / (1 + e^-(w*x + b))} of
 * every pair and keep its range over accepted pairs ({@code denorm_min_true}..{@code denorm_max_true}) and
 * rejected pairs ({@code denorm_*_false}). {@code normalizer} is the maximum distance (1 when it is 0),
 * stored even when it is not above 1, as the notebook and deepface-rs store it.
 *
 * <p>A similarity column (higher = same person) is fitted the same way on the similarities themselves, labelled
 * {@code similarity >= threshold}; its {@code w} comes out positive, and DeepFace's runtime rule "a distance of 0 or
 * less is certain" does not apply to it.
 *
 * @param thresholdMethod which threshold labelled the pairs ({@code c45}, {@code f1_max}, a number, ...)
 * @param threshold       the threshold itself
 * @param direction       which way the scores point ({@link ScoreDirection#DISTANCE} for DeepFace's models)
 */
public record ConfidenceModel(String thresholdMethod, double threshold, double w, double b, double normalizer,
                              double denormMaxTrue, double denormMinTrue, double denormMaxFalse,
                              double denormMinFalse, ScoreDirection direction) {
    /** A model of distances, as DeepFace and deepface-rs store it. */
    public ConfidenceModel(String thresholdMethod, double threshold, double w, double b, double normalizer,
                           double denormMaxTrue, double denormMinTrue, double denormMaxFalse, double denormMinFalse) {
        this(thresholdMethod, threshold, w, b, normalizer, denormMaxTrue, denormMinTrue, denormMaxFalse,
                denormMinFalse, ScoreDirection.DISTANCE);
    }

    public ConfidenceModel {
        if (direction == null) {
            throw new IllegalArgumentException("a confidence model needs a score direction");
        }
        if (thresholdMethod == null || thresholdMethod.isBlank()) {
            throw new IllegalArgumentException("thresholdMethod must not be blank");
        }
        if (!(normalizer > 0) || Double.isInfinite(normalizer)) {
            throw new IllegalArgumentException("normalizer must be a positive finite number, got " + normalizer);
        }
        for (double v : new double[] {threshold, w, b, denormMaxTrue, denormMinTrue, denormMaxFalse, denormMinFalse}) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("confidence model constants must be finite, got " + v);
            }
        }
    }

    /**
     * Fits the model on all pairs' distances, labelling them by {@code distance <= threshold}.
     *
     * @throws IllegalArgumentException when the threshold accepts every pair or none (logistic regression then
     *                                  has a single class, as scikit-learn refuses too)
     */
    public static ConfidenceModel fit(double[] distances, String thresholdMethod, double threshold) {
        double[] sorted = distances.clone();
        java.util.Arrays.sort(sorted);
        int m = 0;
        double[] values = new double[sorted.length];
        double[] counts = new double[sorted.length];
        for (int i = 0; i < sorted.length; ) {
            int j = i;
            while (j < sorted.length && sorted[j] == sorted[i]) j++;
            values[m] = sorted[i];
            counts[m++] = j - i;
            i = j;
        }
        return fit(java.util.Arrays.copyOf(values, m), java.util.Arrays.copyOf(counts, m), thresholdMethod, threshold,
                ScoreDirection.DISTANCE);
    }

    /**
     * As {@link #fit(double[], String, double)}, reusing the distinct scores of an operating curve (of either
     * direction).
     */
    public static ConfidenceModel fit(OperatingCurve curve, String thresholdMethod, double threshold) {
        int m = curve.size();
        double[] values = new double[m];
        double[] counts = new double[m];
        int prev = 0;
        boolean similarity = curve.direction() == ScoreDirection.SIMILARITY;
        for (int i = 0; i < m; i++) {
            int at = similarity ? m - 1 - i : i; // scores ascending either way
            values[at] = curve.value(i);
            int acc = curve.truePositives(i) + curve.falsePositives(i);
            counts[at] = acc - prev;
            prev = acc;
        }
        return fit(values, counts, thresholdMethod, threshold, curve.direction());
    }

    /**
     * Fits on distinct distances with their counts: every pair with the same distance gets the same label and the
     * same confidence, so this is the same fit as over all pairs, in one pass per distinct distance.
     */
    private static ConfidenceModel fit(double[] values, double[] counts, String thresholdMethod, double threshold,
                                       ScoreDirection direction) {
        int n = values.length;
        boolean[] accepted = new boolean[n];
        int nAccepted = 0;
        for (int i = 0; i < n; i++) {
            accepted[i] = direction.accepts(values[i], threshold);
            if (accepted[i]) nAccepted++;
        }
        if (nAccepted == 0 || nAccepted == n) {
            throw new IllegalArgumentException("threshold " + thresholdMethod + " = " + threshold + " accepts "
                    + (nAccepted == 0 ? "no" : "every") + " pair, so there is nothing to fit a confidence model on;"
                    + " choose another --confidence-threshold");
        }
        double max = values[n - 1];
        double[] x = max > 1 ? scaled(values, max) : values;
        LogisticFit fit = LogisticFit.fit(x, accepted, counts, 1.0);
        double maxT = Double.NEGATIVE_INFINITY, minT = Double.POSITIVE_INFINITY;
        double maxF = Double.NEGATIVE_INFINITY, minF = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double conf = 100.0 / (1.0 + Math.exp(-(fit.w() * x[i] + fit.b())));
            if (accepted[i]) {
                maxT = Math.max(maxT, conf);
                minT = Math.min(minT, conf);
            } else {
                maxF = Math.max(maxF, conf);
                minF = Math.min(minF, conf);
            }
        }
        return new ConfidenceModel(thresholdMethod, threshold, fit.w(), fit.b(), max > 0 ? max : 1.0,
                maxT, minT, maxF, minF, direction);
    }

    private static double[] scaled(double[] d, double max) {
        double[] x = new double[d.length];
        for (int i = 0; i < d.length; i++) x[i] = d[i] / max;
        return x;
    }

    /**
     * The seven constants DeepFace's {@code confidence.py} and deepface-rs's {@code ModelConfidence} hold, under
     * their names there, in their order: {@code w, b, normalizer, denorm_max_true, denorm_min_true,
     * denorm_max_false, denorm_min_false}.
     */
    public java.util.SequencedMap<String, Double> constants() {
        java.util.LinkedHashMap<String, Double> m = new java.util.LinkedHashMap<>();
        m.put("w", w);
        m.put("b", b);
        m.put("normalizer", normalizer);
        m.put("denorm_max_true", denormMaxTrue);
        m.put("denorm_min_true", denormMinTrue);
        m.put("denorm_max_false", denormMaxFalse);
        m.put("denorm_min_false", denormMinFalse);
        return m;
    }

    /** The raw logistic confidence in percent, before denormalisation. */
    public double rawConfidence(double distance) {
        double x = normalizer > 1 ? distance / normalizer : distance;
        double z = w * x + b;
        double s = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
        return 100 * s;
    }

    /**
     * DeepFace's runtime confidence for a distance, verified when {@code distance <= threshold} (for a similarity
     * model: {@code similarity >= threshold}).
     */
    public double confidence(double distance) {
        return confidence(distance, direction.accepts(distance, threshold));
    }

    /**
     * DeepFace's runtime {@code find_confidence(distance, ..., verified)}: a distance {@code <= 0} gives 100 or
     * 0; otherwise the raw confidence is mapped linearly from {@code [denorm_min_true, denorm_max_true]} to
     * {@code [max(51, denorm_min_true), 100]} for verified pairs and from {@code [denorm_min_false,
     * denorm_max_false]} to {@code [0, min(49, int(denorm_max_false))]} otherwise (note the truncation), then
     * clamped to 51-100 / 0-49 and 0-100 and rounded to 2 decimals (Python's {@code round}).
     * The notebook's own mapping ({@link #notebookConfidence}) has no truncation, clamps or rounding.
     */
    public double confidence(double distance, boolean verified) {
        if (direction == ScoreDirection.DISTANCE && distance <= 0) {
            return verified ? 100.0 : 0.0;
        }
        double c = rawConfidence(distance);
        double minO, maxO, minT, maxT;
        if (verified) {
            minO = denormMinTrue;
            maxO = denormMaxTrue;
            minT = Math.max(51, minO);
            maxT = 100;
        } else {
            minO = denormMinFalse;
            maxO = denormMaxFalse;
            minT = 0;
            maxT = Math.min(49, (long) maxO);
        }
        // DeepFace divides by zero (ZeroDivisionError) when a class has a single confidence value; facecal
        // answers the bottom of the target range instead.
        double d = maxO == minO ? minT : ((c - minO) / (maxO - minO)) * (maxT - minT) + minT;
        if (verified && d < 51) {
            d = 51;
        } else if (!verified && d > 49) {
            d = 49;
        }
        if (d < 0) {
            d = 0;
        } else if (d > 100) {
            d = 100;
        }
        return Rounding.python(d, 2);
    }

    /**
     * The notebook's denormalisation (cell "denormalize confidence scores"): the same linear maps as
     * {@link #confidence(double, boolean)} but with {@code min(49, denorm_max_false)} untruncated and no clamps
     * or rounding, so values can leave 0-100 for distances outside the fitted range.
     */
    public double notebookConfidence(double distance, boolean verified) {
        double c = rawConfidence(distance);
        if (verified) {
            double minT = Math.max(51, denormMinTrue);
            return ((c - denormMinTrue) / (denormMaxTrue - denormMinTrue)) * (100 - minT) + minT;
        }
        double maxT = Math.min(49, denormMaxFalse);
        return ((c - denormMinFalse) / (denormMaxFalse - denormMinFalse)) * maxT;
    }
}
