package dev.facecal.study.scale;

import dev.facecal.calibrate.DistanceCounts;
import java.util.Locale;

/**
 * How two counts of the same pairs per distinct 6-decimal distance agree: e.g. {@code facecal spark pairs}' counts
 * against the single-machine pass ({@code RoundedDistanceCounter.all}) on the same embeddings. Both passes compute
 * the same reference doubles and round them to DeepFace's 6 decimals, so every pair lands on the same value and the
 * expected answer is "equal in every row", not "close".
 *
 * @param left               the first counts' totals
 * @param right              the second counts' totals
 * @param differingDistances distinct distances (of either side) whose same-person or different-person count is not
 *                           equal on the two sides (a distance only one side has counts as differing)
 */
public record CountsAgreement(Side left, Side right, int differingDistances) {

    /**
     * Totals of one side.
     *
     * @param pairs     all pairs
     * @param positives same-person pairs
     * @param negatives different-person pairs
     * @param distinct  distinct rounded distances
     */
    public record Side(long pairs, long positives, long negatives, int distinct) {
        /** Checks that the counts are not negative and the classes add up to the pairs. */
        public Side {
            if (positives < 0 || negatives < 0 || distinct < 0 || pairs != positives + negatives) {
                throw new IllegalArgumentException("counts must be >= 0 and pairs = positives + negatives, got "
                        + pairs + " pairs, " + positives + " + " + negatives + ", " + distinct + " distances");
            }
        }

        /** The totals of {@code c}. */
        public static Side of(DistanceCounts c) {
            return new Side(c.pairs(), c.positives(), c.negatives(), c.size());
        }
    }

    /** Checks the difference count. */
    public CountsAgreement {
        if (left == null || right == null) throw new IllegalArgumentException("both sides are needed");
        if (differingDistances < 0) {
            throw new IllegalArgumentException("differingDistances must be >= 0, got " + differingDistances);
        }
    }

    /** Compares {@code left} and {@code right} distance by distance (a merge over their ascending values). */
    public static CountsAgreement of(DistanceCounts left, DistanceCounts right) {
        double[] a = left.values(), b = right.values();
        int i = 0, j = 0, differ = 0;
        while (i < a.length || j < b.length) {
            int c = i == a.length ? 1 : j == b.length ? -1 : Double.compare(a[i], b[j]);
            if (c < 0) {
                differ++;
                i++;
            } else if (c > 0) {
                differ++;
                j++;
            } else {
                if (left.same()[i] != right.same()[j] || left.different()[i] != right.different()[j]) differ++;
                i++;
                j++;
            }
        }
        return new CountsAgreement(Side.of(left), Side.of(right), differ);
    }

    /** Whether the totals, the per-class totals and every distinct distance's two counts are equal. */
    public boolean exact() {
        return left.equals(right) && differingDistances == 0;
    }

    /** One line for a notebook or a log. */
    public String summary() {
        return exact()
                ? String.format(Locale.ROOT, "exact: %d pairs (%d same, %d different) at %d distinct 6-decimal "
                        + "distances, every distance's counts equal", left.pairs(), left.positives(),
                        left.negatives(), left.distinct())
                : String.format(Locale.ROOT, "NOT exact: pairs %d vs %d, same %d vs %d, different %d vs %d, "
                        + "distinct distances %d vs %d, %d distance(s) counted differently", left.pairs(),
                        right.pairs(), left.positives(), right.positives(), left.negatives(), right.negatives(),
                        left.distinct(), right.distinct(), differingDistances);
    }
}
