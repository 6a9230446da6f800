package dev.facecal.study.identify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded train / validation / test split of photos, stratified by person (every person's photos are shuffled and
 * shared out on their own), as a classification head needs: every person it must recognise is in training.
 *
 * <p>Per person with n photos: test gets {@code max(1, round(n x testFraction))} when n &gt;= 2, validation
 * {@code max(1, round(n x validationFraction))} when n &gt;= 3, training the rest (at least one). So a person with
 * two photos has one in training and one in test, none in validation. The shuffle of person p uses a
 * {@link SplittableRandom} seeded with {@code seed}, split once per person in order.
 *
 * @param train      indexes of training photos, ascending
 * @param validation indexes of validation photos, ascending
 * @param test       indexes of test photos, ascending
 */
public record StratifiedSplit(int[] train, int[] validation, int[] test) {

    /** Seed 003's proportions: 2,471 / 529 / 530 of 3,530 = 70 / 15 / 15 %. */
    public static final double SEED_003_VALIDATION = 0.15;
    public static final double SEED_003_TEST = 0.15;

    /** Splits the photos whose persons are {@code labels}. */
    public static StratifiedSplit of(int[] labels, double validationFraction, double testFraction, long seed) {
        if (!(validationFraction >= 0 && testFraction >= 0 && validationFraction + testFraction < 1)) {
            throw new IllegalArgumentException("fractions must be >= 0 and sum below 1, got " + validationFraction
                    + " and " + testFraction);
        }
        int k = 0;
        for (int l : labels) k = Math.max(k, l + 1);
        List<List<Integer>> byPerson = new ArrayList<>();
        for (int p = 0; p < k; p++) byPerson.add(new ArrayList<>());
        for (int i = 0; i < labels.length; i++) byPerson.get(labels[i]).add(i);
        SplittableRandom root = new SplittableRandom(seed);
        List<Integer> tr = new ArrayList<>(), va = new ArrayList<>(), te = new ArrayList<>();
        for (List<Integer> photos : byPerson) {
            SplittableRandom r = root.split();
            int[] idx = photos.stream().mapToInt(Integer::intValue).toArray();
            for (int i = idx.length - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
            }
            int n = idx.length;
            int nTest = n >= 2 ? Math.max(1, (int) Math.round(n * testFraction)) : 0;
            int nVal = n >= 3 ? Math.max(1, (int) Math.round(n * validationFraction)) : 0;
            while (n - nTest - nVal < 1 && nVal > 0) nVal--;
            while (n - nTest - nVal < 1 && nTest > 0) nTest--;
            for (int i = 0; i < n; i++) {
                (i < nTest ? te : i < nTest + nVal ? va : tr).add(idx[i]);
            }
        }
        return new StratifiedSplit(sorted(tr), sorted(va), sorted(te));
    }

    private static int[] sorted(List<Integer> v) {
        int[] a = v.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(a);
        return a;
    }

}
