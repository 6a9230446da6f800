package dev.facecal.study.identify;

import dev.facecal.calibrate.Confusion;
import dev.facecal.calibrate.Evaluation;
import dev.facecal.calibrate.OperatingCurve;
import dev.facecal.calibrate.OptimalThreshold;
import dev.facecal.calibrate.RocCurve;
import dev.facecal.calibrate.TarAtFar;
import dev.facecal.distance.DistanceMetric;
import dev.facecal.pipeline.ScoredPairs;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Seed 003's verification metrics (MagFace baseline, "Embedding-Based Verification Metrics") on labelled pairs
 * scored by cosine similarity, higher = more alike: ROC-AUC, the best accuracy and its threshold, TAR at fixed
 * FARs, the score distribution of each class, and the confusion matrix at a fixed threshold. A pair is accepted
 * when {@code similarity >= threshold}.
 *
 * <p>Thresholds are found with {@link OperatingCurve} on {@code 1 - similarity} (the cosine distance, which the
 * curve needs non-negative; {@code 1 - x} is monotone, so the order of the pairs is the same) and turned back into
 * similarities; every count reported is then recounted on the similarities themselves at the threshold shown
 * ({@link #confusionAt}), so a row's numbers are exactly those of its threshold.
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

    /** The operating curve over {@code 1 - similarity}. */
    public OperatingCurve curve() {
        double[] d = new double[similarity.length];
        for (int i = 0; i < d.length; i++) d[i] = Math.max(0.0, 1.0 - similarity[i]);
        return OperatingCurve.of(d, positive);
    }

    /** The similarity threshold of a curve threshold; below the curve's smallest value: accept nothing. */
    private double toSimilarity(OperatingCurve c, double distanceThreshold) {
        if (distanceThreshold < c.min()) {
            double max = Double.NEGATIVE_INFINITY;
            for (double s : similarity) max = Math.max(max, s);
            return Math.nextUp(max);
        }
        return 1.0 - distanceThreshold;
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
        OperatingCurve c = curve();
        Evaluation e = OptimalThreshold.accuracyMax(c);
        double t = toSimilarity(c, e.threshold());
        return new Operating("best accuracy", t, confusionAt(t));
    }

    /** The counts at {@code threshold} (accept {@code similarity >= threshold}). */
    public Confusion confusionAt(double threshold) {
        long tn = 0, fp = 0, fn = 0, tp = 0;
        for (int i = 0; i < similarity.length; i++) {
            boolean accept = similarity[i] >= threshold;
            if (positive[i]) {
                if (accept) tp++; else fn++;
            } else {
                if (accept) fp++; else tn++;
            }
        }
        return new Confusion(tn, fp, fn, tp);
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
            double threshold = toSimilarity(c, TarAtFar.of(c, t).threshold());
            Confusion k = confusionAt(threshold);
            rows.add(new TarRow(t, threshold, k.far(), k.recall(), k.fp(), k.negatives(), t * k.negatives() >= 1));
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

    /** The TAR @ FAR rows as a table, with seed 003's published TAR beside each target it reports. */
    public static Table tarTable(String name, List<TarRow> rows) {
        return Table.create(name,
                DoubleColumn.create("target FAR", rows.stream().mapToDouble(TarRow::targetFar)),
                DoubleColumn.create("threshold (similarity >=)", rows.stream().mapToDouble(TarRow::threshold)),
                LongColumn.create("false accepts", rows.stream().mapToLong(TarRow::falseAccepts).toArray()),
                LongColumn.create("negatives", rows.stream().mapToLong(TarRow::negatives).toArray()),
                DoubleColumn.create("FAR reached", rows.stream().mapToDouble(TarRow::far)),
                DoubleColumn.create("TAR", rows.stream().mapToDouble(TarRow::tar)),
                BooleanColumn.create("FAR resolvable", rows.stream().map(TarRow::resolvable).toList()),
                StringColumn.create("TAR (" + Seed003.LABEL + ")",
                        rows.stream().map(r -> Seed003.tarAt(r.targetFar()).map(v -> pct(v)).orElse("-"))));
    }

    /** Mean and std of the similarity per class, ours beside seed 003's published values. */
    public Table scoreTable(String name) {
        Scores p = scores(true), n = scores(false);
        return Table.create(name,
                StringColumn.create("metric", "pairs", "mean", "std (ddof 0)"),
                DoubleColumn.create("same person (ours)", p.count(), p.mean(), p.std()),
                DoubleColumn.create("different persons (ours)", n.count(), n.mean(), n.std()),
                StringColumn.create("positive pairs (" + Seed003.LABEL + ")", "-",
                        f4(Seed003.POSITIVE_MEAN), f4(Seed003.POSITIVE_STD)),
                StringColumn.create("negative pairs (" + Seed003.LABEL + ")", "-",
                        f4(Seed003.NEGATIVE_MEAN), f4(Seed003.NEGATIVE_STD)));
    }

    /** ROC-AUC, best accuracy and its threshold: ours beside seed 003's. */
    public Table summaryTable(String name) {
        Operating best = bestAccuracy();
        return Table.create(name,
                StringColumn.create("metric", "pairs (same / different)", "ROC-AUC", "best accuracy", "best threshold"),
                StringColumn.create("ours (dlib, cosine similarity)", positives() + " / " + negatives(),
                        f4(roc().auc()), pct(best.accuracy()), f4(best.threshold())),
                StringColumn.create(Seed003.LABEL, "3,530 probes + 96,470 distractors", f4(Seed003.ROC_AUC),
                        pct(Seed003.BEST_ACCURACY), f4(Seed003.BEST_THRESHOLD)));
    }

    /** Confusion matrices at several thresholds, with accuracy, precision and recall. */
    public Table confusionTable(String name, List<Operating> points) {
        return Table.create(name,
                StringColumn.create("threshold", points.stream().map(Operating::name)),
                DoubleColumn.create("similarity >=", points.stream().mapToDouble(Operating::threshold)),
                LongColumn.create("TP", points.stream().mapToLong(o -> o.confusion().tp()).toArray()),
                LongColumn.create("FN", points.stream().mapToLong(o -> o.confusion().fn()).toArray()),
                LongColumn.create("FP", points.stream().mapToLong(o -> o.confusion().fp()).toArray()),
                LongColumn.create("TN", points.stream().mapToLong(o -> o.confusion().tn()).toArray()),
                DoubleColumn.create("accuracy", points.stream().mapToDouble(o -> o.confusion().accuracy())),
                DoubleColumn.create("precision", points.stream().mapToDouble(o -> o.confusion().precision())),
                DoubleColumn.create("recall", points.stream().mapToDouble(o -> o.confusion().recall())));
    }

    /** An {@link Operating} point at {@code threshold}. */
    public Operating at(String name, double threshold) {
        return new Operating(name, threshold, confusionAt(threshold));
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    static String f4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
