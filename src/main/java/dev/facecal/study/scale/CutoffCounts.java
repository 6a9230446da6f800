package dev.facecal.study.scale;

import dev.facecal.calibrate.Confusion;
import dev.facecal.calibrate.PrecisionRecallTable;
import dev.facecal.distance.CutoffCounter;
import dev.facecal.distance.DistanceMetric;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link CutoffCounter} counted over all pairs of {@link LabelledEmbeddings}: the confusion matrix at each
 * cutoff, a histogram and summary statistics of each class, and how long the pass took; with the tables and the
 * figure notebook 04 shows.
 *
 * @param metric             the distance
 * @param embeddings         number of embeddings
 * @param pairs              number of pairs, {@code N (N - 1) / 2}
 * @param cutoffs            the cutoffs, in the order given
 * @param confusions         the confusion matrix at each cutoff (accept {@code distance <= cutoff})
 * @param binWidth           histogram bin width
 * @param sameHistogram      same-person pairs per bin {@code [k w, (k + 1) w)}, last entry: beyond the range or NaN
 * @param differentHistogram the same for different-person pairs
 * @param same               same-person distance statistics
 * @param different          different-person distance statistics
 * @param nanos              wall time of the all-pairs pass with counting
 * @param threads            threads used
 * @param vectorApi          whether the Vector API kernel ran
 */
public record CutoffCounts(DistanceMetric metric, int embeddings, long pairs, double[] cutoffs, Confusion[] confusions,
                           double binWidth, long[] sameHistogram, long[] differentHistogram, ClassStats same,
                           ClassStats different, long nanos, int threads, boolean vectorApi) {

    /**
     * Summary of one class's distances.
     *
     * @param count pairs (NaN included)
     * @param mean  mean, NaN left out
     * @param std   sample standard deviation (ddof 1, as pandas), NaN left out
     * @param min   smallest
     * @param max   largest
     * @param nan   NaN distances
     */
    public record ClassStats(long count, double mean, double std, double min, double max, long nan) {}

    /**
     * What to count, by name rather than by position: the cutoffs, the histogram's bin width and number of bins, and
     * the threads. {@code Options.at(cutoffs)} gives 200 bins of 0.01 (distances 0 to 2, the whole range of cosine
     * and of L2-normalised Euclidean distance) on every processor; change one with {@link #binWidth}, {@link #bins},
     * {@link #threads}.
     *
     * @param cutoffs  the distance cutoffs, finite, any order (seed 002's: {@link PrecisionRecallTable#SEED_002_CUTOFFS})
     * @param binWidth histogram bin width, positive
     * @param bins     histogram bins from 0, at least 1; distances past {@code bins * binWidth} go to one last bin
     * @param threads  0 = every processor
     */
    public record Options(double[] cutoffs, double binWidth, int bins, int threads) {
        public Options {
            if (cutoffs == null || cutoffs.length == 0) throw new IllegalArgumentException("give at least one cutoff");
            for (double c : cutoffs) {
                if (!Double.isFinite(c)) throw new IllegalArgumentException("cutoff " + c + " is not a finite number");
            }
            if (!(binWidth > 0) || !Double.isFinite(binWidth)) {
                throw new IllegalArgumentException("bin width must be a positive number, got " + binWidth);
            }
            if (bins < 1) throw new IllegalArgumentException("bins must be at least 1, got " + bins);
            if (threads < 0) throw new IllegalArgumentException("threads must be 0 (every processor) or more, got " + threads);
            cutoffs = cutoffs.clone();
        }

        /** {@code cutoffs}, 200 bins of 0.01, every processor. */
        public static Options at(double... cutoffs) {
            return new Options(cutoffs, 0.01, 200, 0);
        }

        public Options binWidth(double width) {
            return new Options(cutoffs, width, bins, threads);
        }

        public Options bins(int n) {
            return new Options(cutoffs, binWidth, n, threads);
        }

        public Options threads(int n) {
            return new Options(cutoffs, binWidth, bins, n);
        }
    }

    /**
     * Streams every pair of {@code embeddings} through {@link CutoffCounter} (see there for what is counted and why
     * the counts are exact).
     */
    public static CutoffCounts count(DistanceMetric metric, LabelledEmbeddings embeddings, Options options) {
        return count(metric, embeddings, options.cutoffs(), options.binWidth(), options.bins(), options.threads());
    }

    /**
     * {@link #count(DistanceMetric, LabelledEmbeddings, Options)} with the options given by position.
     *
     * @param threads 0 = every processor
     */
    public static CutoffCounts count(DistanceMetric metric, LabelledEmbeddings embeddings, double[] cutoffs,
                                     double binWidth, int bins, int threads) {
        return of(CutoffCounter.run(metric, embeddings.vectors(), embeddings.identity(), cutoffs, binWidth, bins,
                threads));
    }

    /**
     * The confusion matrix at {@code cutoff}, one of the cutoffs counted; an error naming them otherwise (the counts
     * exist only at the cutoffs the pass was given).
     */
    public Confusion confusionAt(double cutoff) {
        for (int i = 0; i < cutoffs.length; i++) {
            if (Double.compare(cutoffs[i], cutoff) == 0) return confusions[i];
        }
        throw new IllegalArgumentException("cutoff " + cutoff + " was not counted; the counted cutoffs are "
                + java.util.Arrays.toString(cutoffs));
    }

    /** The counter's result as this record. */
    public static CutoffCounts of(CutoffCounter.Counts c) {
        return new CutoffCounts(c.metric(), c.embeddings(), c.pairs(), c.cutoffs(), c.confusions(), c.binWidth(),
                c.sameHistogram(), c.differentHistogram(), stats(c.same()), stats(c.different()), c.nanos(),
                c.threads(), c.vectorApi());
    }

    private static ClassStats stats(CutoffCounter.ClassStats s) {
        return new ClassStats(s.count(), s.mean(), s.std(), s.min(), s.max(), s.nan());
    }

    /** Same-person pairs. */
    public long positives() {
        return same.count();
    }

    /** Different-person pairs. */
    public long negatives() {
        return different.count();
    }

    /** Wall time in seconds. */
    public double seconds() {
        return nanos / 1e9;
    }

    /** Pairs per second of wall time. */
    public double pairsPerSecond() {
        return pairs / seconds();
    }

    /**
     * Seed 002's table: precision and recall per cutoff, with the same convention as
     * {@link PrecisionRecallTable#of} (precision 1 when no pair is accepted).
     */
    public PrecisionRecallTable precisionRecall() {
        List<PrecisionRecallTable.Row> rows = new ArrayList<>();
        for (int q = 0; q < cutoffs.length; q++) {
            Confusion k = confusions[q];
            rows.add(new PrecisionRecallTable.Row(cutoffs[q], k.tp() + k.fp() == 0 ? 1.0 : k.precision(), k.recall(), k));
        }
        return new PrecisionRecallTable(rows);
    }

    /**
     * Whether every cutoff's confusion matrix equals {@code other}'s (same cutoffs in the same order): the check
     * that streaming counts and the stored-distance path agree.
     */
    public boolean matches(PrecisionRecallTable other) {
        var rows = other.rows();
        if (rows.size() != cutoffs.length) return false;
        for (int q = 0; q < cutoffs.length; q++) {
            if (rows.get(q).cutoff() != cutoffs[q] || !rows.get(q).confusion().equals(confusions[q])) return false;
        }
        return true;
    }

}
