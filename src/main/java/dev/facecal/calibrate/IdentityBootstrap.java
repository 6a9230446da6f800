package dev.facecal.calibrate;

import dev.facecal.dataset.ScoreDirection;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Seeded bootstrap that resamples <em>people</em>, not pairs (a cluster bootstrap for pairs of people, as in
 * Field and Welsh, "Bootstrapping clustered data", JRSS B 2007, applied to both members of a pair): draw as many
 * people as there are, with replacement; a person drawn {@code c} times brings each of their same-person pairs
 * {@code c} times, and a different-person pair of people drawn {@code c1} and {@code c2} times comes
 * {@code c1 * c2} times (every copy of one against every copy of the other). Then, as {@link Bootstrap} does, the
 * threshold is chosen on the resample, evaluated on it, and 95 % percentile intervals are reported.
 *
 * <p>Why: the pairs of a face-verification set are not independent. Every pair shares its people with many others
 * (a person with 8 photos is in 28 same-person pairs and in every one of their different-person pairs), so a pair
 * bootstrap, which treats 300 pairs as 300 independent draws, understates the spread a new set of <em>people</em>
 * would show. Resampling people keeps each person's pairs together.
 *
 * <p>Resamples whose pairs hold a single class are redrawn from the same generator; each resample has its own
 * generator split in order from {@code new SplittableRandom(seed)}, so the result depends only on the seed.
 */
public final class IdentityBootstrap {
    private static final int MAX_REDRAWS = 10_000;

    private IdentityBootstrap() {
    }

    /**
     * The people of each pair, as indices 0..people-1.
     *
     * @param x      the first photo's person of each pair
     * @param y      the second photo's person of each pair
     * @param people number of people
     */
    public record PairPeople(int[] x, int[] y, int people) {
        public PairPeople {
            if (x.length != y.length) {
                throw new IllegalArgumentException("person indices of different lengths: " + x.length + " and " + y.length);
            }
            if (people < 2) {
                throw new IllegalArgumentException("an identity bootstrap needs at least 2 people, got " + people);
            }
            for (int i = 0; i < x.length; i++) {
                if (x[i] < 0 || x[i] >= people || y[i] < 0 || y[i] >= people) {
                    throw new IllegalArgumentException("pair " + i + ": person index out of 0.." + (people - 1));
                }
            }
            x = x.clone();
            y = y.clone();
        }

        /** Number of pairs. */
        public int size() {
            return x.length;
        }
    }

    /** The identity bootstrap of {@code rule} on labelled distances whose people are {@code people}. */
    public static Bootstrap of(double[] distances, boolean[] positive, PairPeople people, ThresholdRule rule,
                               int resamples, long seed) {
        LabelledDistances.check(distances, positive, ScoreDirection.DISTANCE);
        if (people.size() != distances.length) {
            throw new IllegalArgumentException("people given for " + people.size() + " pairs, distances for "
                    + distances.length);
        }
        for (int i = 0; i < positive.length; i++) {
            if (positive[i] != (people.x()[i] == people.y()[i])) {
                throw new IllegalArgumentException("pair " + i + " is labelled " + (positive[i] ? "same" : "different")
                        + " person but its people are " + people.x()[i] + " and " + people.y()[i]);
            }
        }
        if (resamples < 2) {
            throw new IllegalArgumentException("bootstrap needs at least 2 resamples, got " + resamples);
        }
        SplittableRandom root = new SplittableRandom(seed);
        List<SplittableRandom> rngs = new ArrayList<>(resamples);
        for (int r = 0; r < resamples; r++) rngs.add(root.split());
        double[][] out = new double[5][resamples];
        IntStream.range(0, resamples).parallel().forEach(r -> {
            SplittableRandom rng = rngs.get(r);
            for (int attempt = 0; ; attempt++) {
                if (attempt == MAX_REDRAWS) {
                    throw new IllegalStateException("no resample of people with both classes in " + MAX_REDRAWS + " draws");
                }
                int[] count = draw(rng, people.people());
                Weighted w = weights(distances, positive, people, count);
                if (w == null) {
                    continue;
                }
                double t = rule instanceof ThresholdRule.Fixed f ? f.value()
                        : rule.find(OperatingCurve.of(w.distances, w.positive));
                Confusion c = Confusion.at(w.distances, w.positive, t);
                out[0][r] = t;
                out[1][r] = c.precision();
                out[2][r] = c.recall();
                out[3][r] = c.f1();
                out[4][r] = c.accuracy();
                return;
            }
        });
        return new Bootstrap(rule.label() + " (people resampled)", resamples, seed, Interval.percentile(out[0], 2.5, 97.5),
                Interval.percentile(out[1], 2.5, 97.5), Interval.percentile(out[2], 2.5, 97.5),
                Interval.percentile(out[3], 2.5, 97.5), Interval.percentile(out[4], 2.5, 97.5));
    }

    /** How often each person is drawn when drawing {@code people} people with replacement. */
    static int[] draw(SplittableRandom rng, int people) {
        int[] count = new int[people];
        for (int i = 0; i < people; i++) {
            count[rng.nextInt(people)]++;
        }
        return count;
    }

    private record Weighted(double[] distances, boolean[] positive) {
    }

    /** The resample's pairs, each repeated by its multiplicity; null when it lacks a class. */
    static Weighted weights(double[] distances, boolean[] positive, PairPeople people, int[] count) {
        int total = 0;
        int[] times = new int[distances.length];
        boolean pos = false, neg = false;
        for (int i = 0; i < distances.length; i++) {
            int a = count[people.x()[i]];
            times[i] = positive[i] ? a : a * count[people.y()[i]];
            total += times[i];
            if (times[i] > 0) {
                if (positive[i]) pos = true; else neg = true;
            }
        }
        if (!pos || !neg) {
            return null;
        }
        double[] d = new double[total];
        boolean[] y = new boolean[total];
        int k = 0;
        for (int i = 0; i < distances.length; i++) {
            for (int t = 0; t < times[i]; t++) {
                d[k] = distances[i];
                y[k++] = positive[i];
            }
        }
        return new Weighted(d, y);
    }

    /** The pairs a given draw keeps, with multiplicity (for tests and explanations): total pair count. */
    public static int resampledPairs(PairPeople people, boolean[] positive, int[] count) {
        int total = 0;
        for (int i = 0; i < positive.length; i++) {
            int a = count[people.x()[i]];
            total += positive[i] ? a : a * count[people.y()[i]];
        }
        return total;
    }
}
