package dev.facecal.study.identify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import smile.classification.LogisticRegression;

/**
 * Seed 003's "Classification Head": a classifier from embedding to person, trained on one part of the photos and
 * measured on the others. Seed 003 trains a small MLP (512-256-80) with PyTorch; here, with a dozen persons and a
 * few dozen photos, a multinomial logistic regression (Smile 6.2.5, {@link LogisticRegression#multinomial},
 * L-BFGS) on standardised embeddings (z-scores with the training photos' mean and standard deviation) is the
 * head: one linear layer and a softmax, the MLP's last layer alone.
 *
 * <p>The L2 penalty {@code lambda} is chosen on the validation photos: the one with the smallest validation
 * log-loss (mean {@code -log p(true person)}), the larger lambda on ties. Top-1 is the share of photos whose most
 * probable person is right, top-5 the share whose person is among the five most probable. Confidence is the
 * largest posterior probability, binned as seed 003 does: High (&gt; 0.9), Medium (0.5 to 0.9), Low (&lt; 0.5).
 */
public final class ClassificationHead {
    /** Penalties tried when none are given. */
    public static final double[] DEFAULT_LAMBDAS = {1e-3, 1e-2, 1e-1, 1, 10};
    /** L-BFGS tolerance. */
    public static final double TOLERANCE = 1e-6;
    /** L-BFGS iteration limit. */
    public static final int MAX_ITERATIONS = 1000;

    private ClassificationHead() {}

    /**
     * One photo's prediction.
     *
     * @param index      index in the photo set
     * @param label      its person
     * @param predicted  the most probable person
     * @param confidence the largest posterior probability
     * @param rank       rank of its own person among the posteriors (1 = predicted)
     * @param trueProbability the posterior probability of its own person
     */
    public record Prediction(int index, int label, int predicted, double confidence, int rank,
                             double trueProbability) {
        public boolean correct() {
            return predicted == label;
        }
    }

    /**
     * Accuracy on one part.
     *
     * @param part  train, validation or test
     * @param count photos
     * @param top1  share with the right person first
     * @param top5  share with the right person among the first five
     * @param logLoss mean {@code -log p(true person)}
     */
    public record Score(String part, int count, double top1, double top5, double logLoss) {}

    /**
     * One penalty tried.
     *
     * @param lambda          the L2 penalty
     * @param validationTop1  validation top-1
     * @param validationLoss  validation log-loss
     * @param trainTop1       training top-1
     */
    public record Trial(double lambda, double trainTop1, double validationTop1, double validationLoss) {}

    /**
     * The trained head and its scores.
     *
     * @param set        the photos
     * @param split      the split
     * @param lambda     the chosen penalty
     * @param trials     every penalty tried
     * @param train      training score
     * @param validation validation score
     * @param test       test score
     * @param all        the prediction of every photo of the set, in order
     */
    public record Result(LabelledPhotos set, StratifiedSplit split, double lambda, List<Trial> trials, Score train,
                         Score validation, Score test, List<Prediction> all) {

        /** Predictions of the test photos. */
        public List<Prediction> testPredictions() {
            return Arrays.stream(split.test()).mapToObj(all::get).toList();
        }

        /** Test photos given the wrong person. */
        public List<Prediction> testErrors() {
            return testPredictions().stream().filter(p -> !p.correct()).toList();
        }

        /** Test photos given the right person. */
        public long testCorrect() {
            return testPredictions().stream().filter(Prediction::correct).count();
        }

    }

    /** Seed 003's bin of a confidence: High (&gt; 0.9), Medium (0.5 to 0.9), Low (&lt; 0.5). */
    public static String bin(double confidence) {
        return confidence > 0.9 ? "High" : confidence >= 0.5 ? "Medium" : "Low";
    }

    /** Counts per bin, High, Medium, Low. */
    public static long[] bins(List<Prediction> predictions) {
        long[] c = new long[3];
        for (Prediction p : predictions) {
            String b = bin(p.confidence());
            c[b.equals("High") ? 0 : b.equals("Medium") ? 1 : 2]++;
        }
        return c;
    }

    /** Trains with {@link #DEFAULT_LAMBDAS}. */
    public static Result train(LabelledPhotos set, StratifiedSplit split) {
        return train(set, split, DEFAULT_LAMBDAS);
    }

    /** Trains one head per penalty on the training photos, keeps the best on validation, scores every part. */
    public static Result train(LabelledPhotos set, StratifiedSplit split, double[] lambdas) {
        if (split.train().length == 0 || split.validation().length == 0 || split.test().length == 0) {
            throw new IllegalArgumentException("the split needs training, validation and test photos");
        }
        if (lambdas.length == 0) throw new IllegalArgumentException("give at least one lambda");
        int k = set.identities();
        boolean[] seen = new boolean[k];
        for (int i : split.train()) seen[set.identity()[i]] = true;
        for (int p = 0; p < k; p++) {
            if (!seen[p]) {
                throw new IllegalArgumentException(set.identityNames().get(p) + " has no training photo");
            }
        }
        double[][] x = standardise(set.vectors(), split.train());
        int[] y = set.identity();
        double[][] xTrain = rows(x, split.train());
        int[] yTrain = Arrays.stream(split.train()).map(i -> y[i]).toArray();
        List<Trial> trials = new ArrayList<>();
        LogisticRegression best = null;
        double bestLambda = Double.NaN, bestLoss = Double.POSITIVE_INFINITY;
        for (double lambda : lambdas) {
            LogisticRegression m = LogisticRegression.multinomial(xTrain, yTrain,
                    new LogisticRegression.Options(lambda, TOLERANCE, MAX_ITERATIONS));
            List<Prediction> p = predict(m, x, y, k);
            Score tr = score("train", p, split.train()), va = score("validation", p, split.validation());
            trials.add(new Trial(lambda, tr.top1(), va.top1(), va.logLoss()));
            if (va.logLoss() < bestLoss || (va.logLoss() == bestLoss && lambda > bestLambda)) {
                bestLoss = va.logLoss();
                bestLambda = lambda;
                best = m;
            }
        }
        List<Prediction> all = predict(best, x, y, k);
        return new Result(set, split, bestLambda, List.copyOf(trials), score("train", all, split.train()),
                score("validation", all, split.validation()), score("test", all, split.test()), all);
    }

    private static List<Prediction> predict(LogisticRegression m, double[][] x, int[] y, int k) {
        List<Prediction> out = new ArrayList<>(x.length);
        double[] post = new double[k];
        for (int i = 0; i < x.length; i++) {
            int pred = m.predict(x[i], post);
            int rank = 1;
            for (int c = 0; c < k; c++) {
                if (c != y[i] && (post[c] > post[y[i]] || (post[c] == post[y[i]] && c < y[i]))) rank++;
            }
            double conf = 0;
            for (double v : post) conf = Math.max(conf, v);
            out.add(new Prediction(i, y[i], pred, conf, rank, post[y[i]]));
        }
        return out;
    }

    private static Score score(String part, List<Prediction> all, int[] idx) {
        int top1 = 0, top5 = 0;
        double loss = 0;
        for (int i : idx) {
            Prediction p = all.get(i);
            if (p.rank() == 1) top1++;
            if (p.rank() <= 5) top5++;
            loss -= Math.log(Math.max(p.trueProbability(), 1e-300));
        }
        int n = idx.length;
        return new Score(part, n, (double) top1 / n, (double) top5 / n, loss / n);
    }

    private static double[][] rows(double[][] x, int[] idx) {
        double[][] r = new double[idx.length][];
        for (int i = 0; i < idx.length; i++) r[i] = x[idx[i]];
        return r;
    }

    /** z-scores of every row with the mean and (population) standard deviation of the {@code fit} rows. */
    static double[][] standardise(float[][] v, int[] fit) {
        int d = v[0].length;
        double[] mean = new double[d], sd = new double[d];
        for (int i : fit) for (int j = 0; j < d; j++) mean[j] += v[i][j];
        for (int j = 0; j < d; j++) mean[j] /= fit.length;
        for (int i : fit) for (int j = 0; j < d; j++) sd[j] += (v[i][j] - mean[j]) * (v[i][j] - mean[j]);
        for (int j = 0; j < d; j++) {
            sd[j] = Math.sqrt(sd[j] / fit.length);
            if (!(sd[j] > 0)) sd[j] = 1;
        }
        double[][] x = new double[v.length][d];
        for (int i = 0; i < v.length; i++) for (int j = 0; j < d; j++) x[i][j] = (v[i][j] - mean[j]) / sd[j];
        return x;
    }
}
