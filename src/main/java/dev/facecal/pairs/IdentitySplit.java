package dev.facecal.pairs;

import dev.facecal.dataset.Dataset;
import dev.facecal.dataset.Identity;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Identity-disjoint train / validation / test parts of a dataset (seed 004: "randomly separate all images of some
 * people for the test set", so the held-out people were never seen while choosing the threshold). Every person goes
 * whole into one part; each part keeps the dataset's order of people. A photo listed under two people (DeepFace's
 * Mix list has one) can still end up in two parts: {@link Dataset#validate()} reports it.
 *
 * @param train      the training people
 * @param validation the validation people (where a threshold is chosen)
 * @param test       the held-out people
 * @param seed       the seed of the shuffle
 */
public record IdentitySplit(Dataset train, Dataset validation, Dataset test, long seed) {

    /**
     * Shuffles the people with {@code java.util.Random(seed)} (Fisher-Yates from the last position) and cuts the
     * shuffled list into {@code train}, {@code val} and {@code 1 - train - val} of the people, rounded by largest
     * remainder (ties to the earlier part); a part with a fraction above 0 gets at least one person when there are
     * enough people.
     *
     * @param train the fraction of people for training, in (0, 1]
     * @param val   the fraction for validation, in [0, 1), with {@code train + val <= 1}
     */
    public static IdentitySplit of(Dataset d, double train, double val, long seed) {
        if (!(train > 0 && train <= 1)) {
            throw new IllegalArgumentException("the training fraction must be in (0, 1], got " + train);
        }
        if (!(val >= 0 && val < 1) || train + val > 1 + 1e-9) {
            throw new IllegalArgumentException("the validation fraction must be in [0, 1) with train + validation "
                    + "<= 1, got train " + train + ", validation " + val);
        }
        int n = d.size();
        double[] frac = {train, val, Math.max(0, 1 - train - val)};
        if (frac[2] < 1e-9) frac[2] = 0;
        int[] count = counts(n, frac);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Random rnd = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        boolean[][] in = new boolean[3][n];
        int k = 0;
        for (int part = 0; part < 3; part++) {
            for (int c = 0; c < count[part]; c++) in[part][order[k++]] = true;
        }
        Dataset[] parts = new Dataset[3];
        for (SplitPart part : SplitPart.values()) {
            List<Identity> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) if (in[part.ordinal()][i]) ids.add(d.identities().get(i));
            parts[part.ordinal()] = new Dataset(d.name() + " (" + part.label() + ")", d.root(), ids);
        }
        return new IdentitySplit(parts[0], parts[1], parts[2], seed);
    }

    static int[] counts(int n, double[] frac) {
        int[] c = new int[frac.length];
        double[] rest = new double[frac.length];
        int used = 0;
        for (int i = 0; i < frac.length; i++) {
            double q = frac[i] * n;
            c[i] = (int) Math.floor(q + 1e-9);
            rest[i] = q - c[i];
            used += c[i];
        }
        while (used < n) {
            int best = 0;
            for (int i = 1; i < frac.length; i++) if (rest[i] > rest[best] + 1e-12) best = i;
            c[best]++;
            rest[best] = -1;
            used++;
        }
        while (used > n) { // only from the floor tolerance
            int big = 0;
            for (int i = 1; i < c.length; i++) if (c[i] > c[big]) big = i;
            c[big]--;
            used--;
        }
        for (int i = 0; i < frac.length; i++) {
            if (frac[i] > 0 && c[i] == 0) {
                int big = 0;
                for (int j = 1; j < c.length; j++) if (c[j] > c[big]) big = j;
                if (c[big] > 1) {
                    c[big]--;
                    c[i]++;
                }
            }
        }
        return c;
    }

    /** The people of one part. */
    public Dataset part(SplitPart part) {
        return switch (part) {
            case TRAIN -> train;
            case VALIDATION -> validation;
            case TEST -> test;
        };
    }

    /** The people of every part, for messages: {@code train 5, validation 2, test 2}. */
    public String describe() {
        return "train " + train.size() + ", validation " + validation.size() + ", test " + test.size();
    }
}
