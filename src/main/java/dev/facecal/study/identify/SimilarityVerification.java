package dev.facecal.study.identify;

import dev.facecal.calibrate.Confusion;
import dev.facecal.calibrate.Evaluation;
import dev.facecal.calibrate.OperatingCurve;
import dev.facecal.calibrate.OptimalThreshold;
import dev.facecal.calibrate.RocCurve;
import dev.facecal.calibrate.TarAtFar;
import dev.facecal.dataset.ScoreDirection;
import dev.facecal.distance.DistanceMetric;
import dev.facecal.pipeline.ScoredPairs;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 003's verification metrics (MagFace baseline, "Embedding-Based Verification Metrics") on labelled pairs
 * scored by cosine similarity, higher = more alike: ROC-AUC, the best accuracy and its threshold, TAR at fixed
 * FARs, the score distribution of each class, and the confusion matrix at a fixed threshold. A pair is accepted
 * when {@code similarity >= threshold}.
 *
 * <p>Every number comes from {@code calibrate} on the similarities as they are ({@link ScoreDirection#SIMILARITY}:
 * an {@link OperatingCurve} that accepts {@code similarity >= threshold}), the same code that calibrates a distance
 * column: the ROC curve and its area, the best-accuracy point ({@link OptimalThreshold#accuracyMax}) and TAR at each
 * FAR target ({@link TarAtFar}). Thresholds are similarities of the pairs themselves, so the counts of a row are
 * exactly those of its threshold ({@link #confusionAt}).
 *
 * @param similarity one score per pair
 * @param positive   whether each pair is of one person
 */
public record SimilarityVerification(double[] similarity, boolean[] positive) {

    /** Validates the lengths. */
    public SimilarityVerification {
        if (similarity.length != positive.length) {
            throw new IllegalArgumentException(similarity.length + " scores but " + positive.length + " labels");
        }
    }

    /**
     * The cosine similarities {@code 1 - cosine distance} of scored pairs (the distances as DeepFace reports them,
     * 6 decimals).
     */
    public static SimilarityVerification of(ScoredPairs pairs) {
        boolean[] y = new boolean[pairs.size()];
        for (int i = 0; i < y.length; i++) y[i] = pairs.pairs().get(i).same();
        return new SimilarityVerification(Similarity.fromCosineDistances(pairs.distances(DistanceMetric.COSINE)), y);
    }

    /** The operating curve of the similarities (accept {@code similarity >= threshold}). */
    public OperatingCurve curve() {
        return OperatingCurve.of(similarity, positive, ScoreDirection.SIMILARITY);
    }

    /** Same-person pairs. */
    public int positives() {
        int p = 0;
        for (boolean b : positive) if (b) p++;
        return p;
    }

    /** Different-person pairs. */
    public int negatives() {
        return positive.length - positives();
    }

    /** The ROC curve (FPR ascending as the similarity threshold falls); its area is the ROC-AUC. */
    public RocCurve roc() {
        return RocCurve.of(curve());
    }

    /**
     * A threshold and its counts.
     *
     * @param name      what it is
     * @param threshold accept {@code similarity >= threshold}
     * @param confusion the counts there
     */
    public record Operating(String name, double threshold, Confusion confusion) {
        /** Accuracy at the threshold. */
        public double accuracy() {
            return confusion.accuracy();
        }
    }

    /** The threshold with the most correct pairs (the highest such similarity on ties), seed 003's "Best Threshold". */
    public Operating bestAccuracy() {
        Evaluation e = OptimalThreshold.accuracyMax(curve());
        return new Operating("best accuracy", e.threshold(), e.confusion());
    }

    /** The counts at {@code threshold} (accept {@code similarity >= threshold}). */
    public Confusion confusionAt(double threshold) {
        return Confusion.at(similarity, positive, threshold, ScoreDirection.SIMILARITY);
    }

    /**
     * TAR at one FAR target.
     *
     * @param targetFar    the FAR asked for
     * @param threshold    accept {@code similarity >= threshold}: the lowest threshold whose FAR is within target
     * @param far          the FAR reached
     * @param tar          the TAR there
     * @param falseAccepts different-person pairs accepted
     * @param negatives    different-person pairs in all
     * @param resolvable   whether {@code targetFar x negatives >= 1}: with fewer negatives, the only FAR at or
     *                     below the target is 0 and the row is the TAR at zero false accepts, not at the target
     */
    public record TarRow(double targetFar, double threshold, double far, double tar, long falseAccepts,
                         long negatives, boolean resolvable) {}

    /** TAR at each FAR target (seed 003 reports 1e-4, 1e-3, 1e-2, 1e-1). */
    public List<TarRow> tarAtFar(double... targets) {
        OperatingCurve c = curve();
        List<TarRow> rows = new ArrayList<>();
        for (double t : targets) {
            TarAtFar tar = TarAtFar.of(c, t);
            Confusion k = c.confusionAt(tar.threshold());
            rows.add(new TarRow(t, tar.threshold(), tar.far(), tar.tar(), k.fp(), k.negatives(), t * k.negatives() >= 1));
        }
        return rows;
    }

    /** The smallest FAR above zero these pairs can show, {@code 1 / negatives}. */
    public double smallestNonZeroFar() {
        return 1.0 / negatives();
    }

    /**
     * Mean and standard deviation of one class's similarities (population std, ddof 0, as NumPy's {@code std}).
     *
     * @param count pairs
     * @param mean  mean similarity
     * @param std   standard deviation
     */
    public record Scores(long count, double mean, double std) {}

    /** The same-person ({@code true}) or different-person similarities' mean and std. */
    public Scores scores(boolean samePerson) {
        double s = 0;
        long n = 0;
        for (int i = 0; i < similarity.length; i++) {
            if (positive[i] == samePerson) {
                s += similarity[i];
                n++;
            }
        }
        double mean = n == 0 ? Double.NaN : s / n, q = 0;
        for (int i = 0; i < similarity.length; i++) {
            if (positive[i] == samePerson) q += (similarity[i] - mean) * (similarity[i] - mean);
        }
        return new Scores(n, mean, n == 0 ? Double.NaN : Math.sqrt(q / n));
    }

    /** The similarities of one class, in pair order. */
    public double[] similarities(boolean samePerson) {
        int n = 0;
        for (boolean b : positive) if (b == samePerson) n++;
        double[] out = new double[n];
        int k = 0;
        for (int i = 0; i < similarity.length; i++) if (positive[i] == samePerson) out[k++] = similarity[i];
        return out;
    }

    /** The similarities of the two classes, same person first (for {@code Figures.histograms}). */
    public java.util.SequencedMap<String, double[]> similaritiesByClass() {
        java.util.SequencedMap<String, double[]> series = new java.util.LinkedHashMap<>();
        series.put("same person (" + positives() + " pairs)", similarities(true));
        series.put("different persons (" + negatives() + " pairs)", similarities(false));
        return series;
    }

    /** An {@link Operating} point at {@code threshold}. */
    public Operating at(String name, double threshold) {
        return new Operating(name, threshold, confusionAt(threshold));
    }
}
