package dev.facecal.calibrate;

import java.util.LinkedHashMap;
import java.util.SequencedMap;

/**
 * The runtime confidence ({@link ConfidenceModel#confidence(double)}, DeepFace's {@code find_confidence}) of every
 * pair, split by the truth, to see how the scores of same-person and different-person pairs spread: with a
 * threshold that separates the classes, verified pairs land in 51-100 and rejected pairs in 0-49.
 */
public final class ConfidenceScores {
    private ConfidenceScores() {
    }

    /**
     * Confidence of each pair under {@code model}, keyed "same person" and "different persons" (in that order).
     *
     * @param distances one distance per pair
     * @param positive  whether each pair is the same person
     */
    public static SequencedMap<String, double[]> byClass(ConfidenceModel model, double[] distances, boolean[] positive) {
        if (distances.length != positive.length) {
            throw new IllegalArgumentException(distances.length + " distances for " + positive.length + " labels");
        }
        int np = 0;
        for (boolean p : positive) {
            if (p) np++;
        }
        double[] same = new double[np], diff = new double[positive.length - np];
        int a = 0, b = 0;
        for (int i = 0; i < distances.length; i++) {
            double c = model.confidence(distances[i]);
            if (positive[i]) same[a++] = c;
            else diff[b++] = c;
        }
        SequencedMap<String, double[]> out = new LinkedHashMap<>();
        out.put("same person", same);
        out.put("different persons", diff);
        return out;
    }
}
