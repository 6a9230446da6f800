package dev.facecal.distance;

import java.math.BigInteger;

/**
 * A seeded sample of about {@code requested} of a set's {@code population} different-person pairs, for counting
 * pairs at a scale where every different-person pair would be too many ({@code facecal spark pairs --negatives N}).
 * Same-person pairs are always counted; they are few (a person has a handful of photos) and they set the
 * thresholds' true-accept side.
 *
 * <p><b>What is kept.</b> The embeddings are numbered in a stable order ({@code 0 .. n-1}; Spark sorts the rows by
 * identity, then path). A different-person pair {@code {i, j}} is kept iff {@link #hash}{@code (seed, min, max)},
 * read as an unsigned 64-bit number, is below {@link #threshold}{@code (requested, population)} =
 * {@code floor(requested * 2^64 / population)}. The hash is SplitMix64's finaliser chained over the seed and both
 * indices, so every pair is kept independently with probability {@code requested / population} (to 2^-64).
 *
 * <p><b>Why a per-pair predicate.</b> Whether a pair is kept depends on nothing but the seed and its two indices:
 * not on the blocking, the partitioning, the number of threads or executors, nor on the order work is done. Any
 * engine that tests each pair with {@link #keep} counts the same pairs, which is what makes a Spark run and a
 * single-machine pass comparable exactly; the number kept is Binomial(population, requested / population), so it is
 * {@code requested} within a few {@code sqrt(requested)}. Rejected pairs cost a hash (a few multiplies) rather than
 * a distance, which is where the time goes.
 *
 * @param seed      the sample's seed
 * @param requested the different-person pairs asked for, N (&ge; 1)
 * @param population the different-person pairs there are, M (&ge; 0)
 */
public record NegativeSample(long seed, long requested, long population) implements java.io.Serializable {
    /** The seed {@code --negatives N} uses unless {@code --seed} says otherwise. */
    public static final long DEFAULT_SEED = 20260113L;

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    public NegativeSample {
        if (requested < 1) {
            throw new IllegalArgumentException("the number of different-person pairs to sample must be >= 1, got "
                    + requested);
        }
        if (population < 0) throw new IllegalArgumentException("population must be >= 0, got " + population);
    }

    /** Whether every different-person pair is kept anyway ({@code requested >= population}). */
    public boolean keepsAll() {
        return requested >= population;
    }

    /** The expected fraction kept, {@code min(1, requested / population)}. */
    public double fraction() {
        return keepsAll() ? 1.0 : (double) requested / population;
    }

    /** This sample's unsigned threshold ({@link #threshold(long, long)}); meaningless when {@link #keepsAll()}. */
    public long threshold() {
        return keepsAll() ? -1L : threshold(requested, population);
    }

    /** Whether the different-person pair of embeddings {@code i} and {@code j} (either order) is in the sample. */
    public boolean keeps(long i, long j) {
        return keepsAll() || keep(seed, Math.min(i, j), Math.max(i, j), threshold(requested, population));
    }

    /**
     * {@code floor(requested * 2^64 / population)} as an unsigned 64-bit number, for {@code 1 <= requested <
     * population}.
     */
    public static long threshold(long requested, long population) {
        if (requested < 1 || requested >= population) {
            throw new IllegalArgumentException("need 1 <= requested < population, got " + requested + " of "
                    + population);
        }
        return BigInteger.valueOf(requested).shiftLeft(64).divide(BigInteger.valueOf(population)).longValue();
    }

    /** SplitMix64's finaliser (Steele, Lea and Flood 2014): a bijection of 64-bit words that mixes every bit. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The pair's hash: {@link #mix64} chained over the seed, then {@code i}, then {@code j} (call with i &lt; j). */
    public static long hash(long seed, long i, long j) {
        long h = mix64(seed + GOLDEN);
        h = mix64(h + GOLDEN * (i + 1));
        return mix64(h + GOLDEN * (j + 1));
    }

    /** Whether pair {@code (i < j)} is kept: {@code hash(seed, i, j) < threshold}, unsigned. */
    public static boolean keep(long seed, long i, long j, long threshold) {
        return Long.compareUnsigned(hash(seed, i, j), threshold) < 0;
    }
}
