package dev.facecal.calibrate;

import dev.facecal.dataset.ScoreDirection;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Seeded bootstrap (Efron 1979) of a threshold rule: resample the pairs with replacement, re-choose the
 * threshold on each resample, evaluate it on that resample, and report 95 % percentile intervals of the
 * threshold and of its precision, recall, F1 and accuracy. None of the reference tools reports uncertainty;
 * with 38 same-person pairs (DeepFace's set) it is large, and a reader should see that.
 *
 * <p>Each resample draws from its own generator split in order from {@code new SplittableRandom(seed)}, so the
 * result depends only on the seed, not on the number of threads. Resamples that happen to hold a single class
 * are redrawn from the same generator.
 *
 * @param method     the label of the threshold rule resampled
 * @param resamples  number of resamples
 * @param seed       the seed
 * @param threshold  95 % interval of the chosen threshold
 * @param precision  95 % interval of precision at that threshold
 * @param recall     95 % interval of recall
 * @param f1         95 % interval of F1
 * @param accuracy   95 % interval of accuracy
 */
public record Bootstrap(String method, int resamples, long seed, Interval threshold, Interval precision,
                        Interval recall, Interval f1, Interval accuracy) {
    public Bootstrap {
        if (resamples < 2) {
            throw new IllegalArgumentException("bootstrap needs at least 2 resamples, got " + resamples);
        }
    }

    /** The bootstrap of a rule on labelled distances. */
    public static Bootstrap of(double[] distances, boolean[] positive, ThresholdRule rule, int resamples, long seed) {
        return of(distances, positive, ScoreDirection.DISTANCE, rule, resamples, seed);
    }

    /** The bootstrap of a rule on labelled scores of either direction. */
    public static Bootstrap of(double[] scores, boolean[] positive, ScoreDirection direction, ThresholdRule rule,
                               int resamples, long seed) {
        LabelledDistances.check(scores, positive, direction);
        if (resamples < 2) {
            throw new IllegalArgumentException("bootstrap needs at least 2 resamples, got " + resamples);
        }
        int n = scores.length;
        SplittableRandom root = new SplittableRandom(seed);
        List<SplittableRandom> rngs = new ArrayList<>(resamples);
        for (int r = 0; r < resamples; r++) rngs.add(root.split());
        double[][] out = new double[5][resamples];
        IntStream.range(0, resamples).parallel().forEach(r -> {
            SplittableRandom rng = rngs.get(r);
            double[] d = new double[n];
            boolean[] y = new boolean[n];
            boolean pos, neg;
            do {
                pos = false;
                neg = false;
                for (int i = 0; i < n; i++) {
                    int k = rng.nextInt(n);
                    d[i] = scores[k];
                    y[i] = positive[k];
                    if (y[i]) pos = true; else neg = true;
                }
            } while (!pos || !neg);
            // a fixed value needs no curve (and building one is the only O(n log n) step)
            double t = rule instanceof ThresholdRule.Fixed f ? f.value() : rule.find(OperatingCurve.of(d, y, direction));
            Confusion c = Confusion.at(d, y, t, direction);
            out[0][r] = t;
            out[1][r] = c.precision();
            out[2][r] = c.recall();
            out[3][r] = c.f1();
            out[4][r] = c.accuracy();
        });
        return new Bootstrap(rule.label(), resamples, seed, Interval.percentile(out[0], 2.5, 97.5),
                Interval.percentile(out[1], 2.5, 97.5), Interval.percentile(out[2], 2.5, 97.5),
                Interval.percentile(out[3], 2.5, 97.5), Interval.percentile(out[4], 2.5, 97.5));
    }
}
