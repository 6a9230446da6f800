package dev.facecal.distance;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The per-pair arithmetic of {@link CutoffCounter} on the JDK Vector API, eight pairs at a time (AVX-512), all in
 * double lanes: which cell (histogram bin and side of the cutoffs inside bins) each different-person pair falls in,
 * when its whole margin lies in one cell; the sums of the values; and whether any value could set a new extreme.
 * Loaded only when the module is present. What is left per pair is one increment of the cell's count, in plain
 * Java; same-person pairs (a fraction of a percent) and pairs near a bin edge or an inner cutoff take the careful
 * path there.
 */
final class CutoffLanes {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    /** Ints, as many lanes as {@link #S}. */
    private static final VectorSpecies<Integer> I =
            VectorSpecies.of(int.class, VectorShape.forBitSize(S.vectorBitSize() / 2));
    /** Pairs per step. */
    static final int L = S.length();
    /** Result flags of {@link #classify}. */
    static final int SOME_NAN = 1, SOME_EXTREME = 2;

    private CutoffLanes() {}

    /**
     * For the values {@code v[offset .. offset + count)} of pairs (i, jFrom + k), with margin {@code m}: writes
     * {@code cell[k]} = {@code h} for a different-person pair whose whole margin {@code [v - m, v + m]} lies in
     * histogram bin h at least {@code edge} bins away from both edges, else {@code trash}; writes the values' sums
     * and sums of squares, lane by lane, to {@code sums[0 .. L)} and {@code sums[L .. 2L)}. For cutoffs that all lie
     * within {@code edge / 4} bins of a bin edge (or outside the histogram), so that the bin decides them.
     *
     * @param labels the persons as doubles, readable (padded) up to {@code jFrom + count + L}
     * @param min0   the different-person pairs' smallest distance so far
     * @param max0   and largest
     * @param cell   room for {@code count + L} values
     * @return {@link #SOME_NAN} if a value is NaN (the sums are then void), plus {@link #SOME_EXTREME} if a
     *         different-person value could be below {@code min0} or above {@code max0}
     */
    static int classify(double[] v, int offset, int count, double m, double[] labels, int jFrom, double label,
                        double inv, double edge, double bins, double min0, double max0, double trash, int[] cell,
                        double[] sums) {
        DoubleVector mv = DoubleVector.broadcast(S, m), invV = DoubleVector.broadcast(S, inv);
        DoubleVector lowEdge = DoubleVector.broadcast(S, edge), highEdge = DoubleVector.broadcast(S, 1 - edge);
        DoubleVector labelV = DoubleVector.broadcast(S, label);
        DoubleVector binsV = DoubleVector.broadcast(S, bins), open = DoubleVector.broadcast(S, trash);
        DoubleVector half = DoubleVector.broadcast(S, 0.5), round = DoubleVector.broadcast(S, 0x1p52);
        DoubleVector zero = DoubleVector.zero(S), one = DoubleVector.broadcast(S, 1);
        DoubleVector minV = DoubleVector.broadcast(S, min0), maxV = DoubleVector.broadcast(S, max0);
        DoubleVector sum = zero, sq = zero, extremes = zero;
        // one straight loop, no vector chosen between two computations: C2 then keeps every vector in a register
        for (int k = 0; k < count; k += L) {
            VectorMask<Double> in = S.indexInRange(k, count);
            DoubleVector x = DoubleVector.fromArray(S, v, offset + k, in);
            VectorMask<Double> other = DoubleVector.fromArray(S, labels, jFrom + k).compare(VectorOperators.NE, labelV);
            DoubleVector lo = x.sub(mv), hi = x.add(mv);
            DoubleVector xl = lo.mul(invV), xh = hi.mul(invV);
            // h = xl - 1/2 rounded to an integer (adding and subtracting 2^52 rounds to nearest): the bin of lo
            // whenever lo and hi lie in one bin, at least `edge` of a bin from its edges, which is what is tested;
            // NaN fails every comparison
            DoubleVector h = xl.sub(half).add(round).sub(round);
            VectorMask<Double> safe = xl.compare(VectorOperators.GE, h.add(lowEdge))
                    .and(xh.compare(VectorOperators.LE, h.add(highEdge)))
                    .and(h.compare(VectorOperators.LT, binsV))
                    .and(h.compare(VectorOperators.GE, zero))
                    .and(other);
            // the cell (or trash) as an int: the low 32 bits of cell + 2^52 (exact for 0 <= cell < 2^31)
            DoubleVector bits = open.blend(h, safe).add(round);
            ((IntVector) bits.reinterpretAsLongs().convertShape(VectorOperators.L2I, I, 0)).intoArray(cell, k);
            sum = sum.add(x);
            sq = x.fma(x, sq);
            VectorMask<Double> beyond = lo.compare(VectorOperators.LT, minV).or(hi.compare(VectorOperators.GT, maxV));
            extremes = extremes.add(one, beyond.and(other).and(in));
        }
        return finish(sum, sq, extremes, sums);
    }

    /**
     * {@link #classify} where one or two cutoffs lie inside bins ({@code inner0 <= inner1}, +infinity for none):
     * the cell is {@code h + (bins + 1) q} with q the number of them below the whole margin, and a pair whose margin
     * holds one of them goes to {@code trash}. A separate loop because the two extra comparisons cost as much as the
     * rest of the classification.
     */
    static int classifyInner(double[] v, int offset, int count, double m, double[] labels, int jFrom, double label,
                             double inv, double edge, double bins, double inner0, double inner1, double min0,
                             double max0, double trash, int[] cell, double[] sums) {
        DoubleVector mv = DoubleVector.broadcast(S, m), invV = DoubleVector.broadcast(S, inv);
        DoubleVector lowEdge = DoubleVector.broadcast(S, edge), highEdge = DoubleVector.broadcast(S, 1 - edge);
        DoubleVector labelV = DoubleVector.broadcast(S, label), stride = DoubleVector.broadcast(S, bins + 1);
        DoubleVector binsV = DoubleVector.broadcast(S, bins), open = DoubleVector.broadcast(S, trash);
        DoubleVector half = DoubleVector.broadcast(S, 0.5), round = DoubleVector.broadcast(S, 0x1p52);
        DoubleVector zero = DoubleVector.zero(S), one = DoubleVector.broadcast(S, 1);
        DoubleVector cut0 = DoubleVector.broadcast(S, inner0), cut1 = DoubleVector.broadcast(S, inner1);
        DoubleVector minV = DoubleVector.broadcast(S, min0), maxV = DoubleVector.broadcast(S, max0);
        DoubleVector sum = zero, sq = zero, extremes = zero;
        for (int k = 0; k < count; k += L) {
            VectorMask<Double> in = S.indexInRange(k, count);
            DoubleVector x = DoubleVector.fromArray(S, v, offset + k, in);
            VectorMask<Double> other = DoubleVector.fromArray(S, labels, jFrom + k).compare(VectorOperators.NE, labelV);
            DoubleVector lo = x.sub(mv), hi = x.add(mv);
            DoubleVector xl = lo.mul(invV), xh = hi.mul(invV);
            DoubleVector h = xl.sub(half).add(round).sub(round);
            VectorMask<Double> below0 = lo.compare(VectorOperators.GT, cut0);
            VectorMask<Double> below1 = lo.compare(VectorOperators.GT, cut1);
            VectorMask<Double> safe = xl.compare(VectorOperators.GE, h.add(lowEdge))
                    .and(xh.compare(VectorOperators.LE, h.add(highEdge)))
                    .and(h.compare(VectorOperators.LT, binsV))
                    .and(h.compare(VectorOperators.GE, zero))
                    .and(below0.eq(hi.compare(VectorOperators.GT, cut0)))
                    .and(below1.eq(hi.compare(VectorOperators.GT, cut1)))
                    .and(other);
            DoubleVector c = h.add(stride, below0).add(stride, below1);
            DoubleVector bits = open.blend(c, safe).add(round);
            ((IntVector) bits.reinterpretAsLongs().convertShape(VectorOperators.L2I, I, 0)).intoArray(cell, k);
            sum = sum.add(x);
            sq = x.fma(x, sq);
            VectorMask<Double> beyond = lo.compare(VectorOperators.LT, minV).or(hi.compare(VectorOperators.GT, maxV));
            extremes = extremes.add(one, beyond.and(other).and(in));
        }
        return finish(sum, sq, extremes, sums);
    }

    private static int finish(DoubleVector sum, DoubleVector sq, DoubleVector extremes, double[] sums) {
        sum.intoArray(sums, 0);
        sq.intoArray(sums, L);
        // a NaN value makes its lane's sum NaN
        boolean nan = sum.compare(VectorOperators.NE, sum).anyTrue();
        boolean extreme = extremes.compare(VectorOperators.GT, 0).anyTrue();
        return (nan ? SOME_NAN : 0) | (extreme ? SOME_EXTREME : 0);
    }
}
