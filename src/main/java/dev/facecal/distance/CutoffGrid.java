package dev.facecal.distance;

import dev.facecal.calibrate.Confusion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where a distance falls for {@link CutoffCounter}: its histogram bin and its cutoff bucket (the first cutoff at or
 * above it), with the tables that make both cheap, computed once from the cutoffs and the bins.
 *
 * <ul>
 *   <li><b>Bins.</b> {@code (int) (d * (1 / width))} for {@code 0 <= d < bins * width} (capped at {@code bins - 1}),
 *       else {@code bins}, the overflow bin (NaN, negative, too large). Monotone in d.
 *   <li><b>Buckets.</b> The index of the first sorted cutoff c with {@code d <= c} (the number of cutoffs below d,
 *       duplicates counted), or the number of cutoffs; NaN is at or below none. A bin with no cutoff in or within
 *       1e-9 of it gives all its distances one bucket ({@link #binBucket}); otherwise a distance in bin h has a
 *       bucket in {@code binFrom[h] .. binTo[h]}.
 *   <li><b>Cells</b> (the vector path, {@link CutoffLanes}): a cutoff within {@link #EDGE}{@code / 4} of a bin edge
 *       (all of seed 002's with bins of 0.01) is decided by the bin of a distance that lies at least {@code EDGE} of a
 *       bin from the bin's edges; the others, inner cutoffs, by comparison. Cell {@code h + (bins + 1) q} holds the
 *       distances of bin h with q inner cutoffs below them, and its bucket is {@code cellBase[h] + q}.
 * </ul>
 */
final class CutoffGrid {
    /** How close to a bin edge (in bins) a distance's margin may come on the vector path. */
    static final double EDGE = 0x1p-16;

    final double[] cutoffs;
    final double[] sorted;
    final double width;
    final double inv;
    final double end;
    final int bins;
    /** The bucket of every distance in bin h, or -1 where a cutoff lies in or near bin h. */
    final int[] binBucket;
    /** The buckets a distance in bin h can fall in: {@code binFrom[h] .. binTo[h]}. */
    final int[] binFrom, binTo;
    /** The cutoffs that lie inside bins (not near an edge, not outside the histogram), sorted. */
    final double[] inner;
    /** The cutoffs that are not inner and lie below the middle of bin h: the bucket of cell h is that plus q. */
    final int[] cellBase;
    /** Cells: {@code (bins + 1) (inner.length + 1)}, and one more for the pairs the careful path counts. */
    final int cells;

    CutoffGrid(double[] cutoffs, double width, int bins) {
        if (!(width > 0) || Double.isInfinite(width)) {
            throw new IllegalArgumentException("bin width must be positive, got " + width);
        }
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be at least 1, got " + bins);
        }
        for (double c : cutoffs) {
            if (!Double.isFinite(c)) throw new IllegalArgumentException("cutoffs must be finite, got " + c);
        }
        this.cutoffs = cutoffs.clone();
        this.sorted = cutoffs.clone();
        Arrays.sort(sorted);
        this.width = width;
        this.inv = 1.0 / width;
        this.bins = bins;
        this.end = bins * width;
        this.binBucket = new int[bins + 1];
        this.binFrom = new int[bins + 1];
        this.binTo = new int[bins + 1];
        for (int h = 0; h < bins; h++) {
            double lo = h * width, hi = (h + 1) * width, margin = 1e-9 * Math.max(1.0, hi);
            int a = bucket(lo - margin), b = bucket(hi + margin);
            binBucket[h] = a == b ? a : -1;
            binFrom[h] = a;
            binTo[h] = b;
        }
        binBucket[bins] = -1;
        binTo[bins] = sorted.length;
        List<Double> in = new ArrayList<>();
        for (double c : sorted) {
            double x = c * inv;
            if (c >= 0 && c < end && Math.abs(x - Math.rint(x)) > EDGE / 4) in.add(c);
        }
        this.inner = in.stream().mapToDouble(Double::doubleValue).toArray();
        this.cellBase = new int[bins + 1];
        for (int h = 0; h <= bins; h++) {
            double middle = (h + 0.5) * width;
            int below = 0;
            for (double c : sorted) {
                if (c < middle && !in.contains(c)) below++;
            }
            cellBase[h] = below;
        }
        this.cells = (bins + 1) * (inner.length + 1) + 1;
    }

    /** The bucket of {@code v}: the index of the first sorted cutoff at or above it, or the number of cutoffs. */
    int bucket(double v) {
        int b = 0;
        while (b < sorted.length && !(v <= sorted[b])) b++;
        return b;
    }

    /** {@link #bucket(double)} of a distance {@code v} that lies in bin {@code h}: one or two comparisons. */
    int bucket(int h, double v) {
        int b = binFrom[h], to = binTo[h];
        while (b < to && !(v <= sorted[b])) b++;
        return b;
    }

    /** The histogram bin of {@code v}: {@code bins} (overflow) for NaN, negative or too large. */
    int bin(double v) {
        return v >= 0 && v < end ? Math.min(bins - 1, (int) (v * inv)) : bins;
    }

    /**
     * The confusion matrix at each cutoff, in the order given, from the pairs per class (0 different, 1 same) and
     * bucket: accepted at cutoff c are the buckets up to the first sorted cutoff equal to c.
     */
    Confusion[] confusions(long[][] bucket) {
        long[] total = new long[2];
        for (int c = 0; c < 2; c++) {
            for (long x : bucket[c]) total[c] += x;
        }
        Confusion[] byCutoff = new Confusion[cutoffs.length];
        for (int q = 0; q < cutoffs.length; q++) {
            int upTo = Arrays.binarySearch(sorted, cutoffs[q]);
            while (upTo > 0 && sorted[upTo - 1] == cutoffs[q]) upTo--;
            long tp = 0, fp = 0;
            for (int b = 0; b <= upTo; b++) {
                tp += bucket[1][b];
                fp += bucket[0][b];
            }
            byCutoff[q] = new Confusion(total[0] - fp, fp, total[1] - tp, tp);
        }
        return byCutoff;
    }
}
