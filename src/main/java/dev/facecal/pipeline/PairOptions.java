package dev.facecal.pipeline;

/**
 * How the pairs stage pairs a dataset's photos.
 *
 * @param balanced   every same-person pair followed by one random different-person pair (seed 004), instead of all
 *                   same-person and all different-person pairs in DeepFace's order
 * @param seed       seed of every random choice (the balanced sampling and the split)
 * @param trainShare with {@code validationShare}: the people for training and validation in identity-disjoint parts
 *                   (the rest is test); 0 = no split
 * @param validationShare the share of people for validation (used when {@code trainShare > 0})
 */
public record PairOptions(boolean balanced, long seed, double trainShare, double validationShare) {

    /** All pairs, DeepFace's order, no split (seed 42 for anything random later). */
    public static PairOptions all() {
        return new PairOptions(false, 42L, 0, 0);
    }

    public PairOptions withBalanced(boolean b) {
        return new PairOptions(b, seed, trainShare, validationShare);
    }

    public PairOptions withSeed(long s) {
        return new PairOptions(balanced, s, trainShare, validationShare);
    }

    /** Identity-disjoint parts: {@code train} and {@code validation} shares of the people, the rest for test. */
    public PairOptions withSplit(double train, double validation) {
        return new PairOptions(balanced, seed, train, validation);
    }

    /** Whether the people are split into parts (the shares are checked by {@link PairStage#split}). */
    public boolean split() {
        return trainShare != 0 || validationShare != 0;
    }
}
