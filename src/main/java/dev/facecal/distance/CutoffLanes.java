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
     * {@code cell[k]} = {@code h + (bins + 1) q} for a different-person pair whose whole margin {@code [v - m, v + m]}
     * lies in histogram bin h at least {@code edge} bins away from both edges and on one side of both inner cutoffs
     * ({@code q} of them below it), else -1; writes the values' sums and sums of squares, lane by lane, to
     * {@code sums[0 .. L)} and {@code sums[L .. 2L)}.
     *
     * @param labels   the persons as doubles, readable (padded) up to {@code jFrom + count + L}
     * @param inner0   the smaller of the (at most two) cutoffs that are not within {@code edge / 4} bins of a bin
     *                 edge, or +infinity
     * @param inner1   the larger, or +infinity
     * @param min0     the different-person pairs' smallest distance so far
     * @param max0     and largest
     * @param cell     room for {@code count + L} values
     * @return {@link #SOME_NAN} if a value is NaN (the sums are then void), plus {@link #SOME_EXTREME} if a
     *         different-person value could be below {@code min0} or above {@code max0}
     */
    static int classify(double[] v, int offset, int count, double m, double[] labels, int jFrom, double label,
                        double inv, double edge, double bins, double inner0, double inner1, double min0, double max0,
                        int[] cell, double[] sums) {
        DoubleVector mv = DoubleVector.broadcast(S, m), invV = DoubleVector.broadcast(S, inv);
        DoubleVector lowEdge = DoubleVector.broadcast(S, edge), highEdge = DoubleVector.broadcast(S, 1 - edge);
        DoubleVector labelV = DoubleVector.broadcast(S, label), stride = DoubleVector.broadcast(S, bins + 1);
        DoubleVector binsV = DoubleVector.broadcast(S, bins), open = DoubleVector.broadcast(S, -1);
        DoubleVector half = DoubleVector.broadcast(S, 0.5), round = DoubleVector.broadcast(S, 0x1p52);
        DoubleVector zero = DoubleVector.zero(S), one = DoubleVector.broadcast(S, 1);
        DoubleVector cut0 = DoubleVector.broadcast(S, inner0), cut1 = DoubleVector.broadcast(S, inner1);
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
            // the cell (or -1) as an int: the low 32 bits of cell + 2^52 (exact for -1 <= cell < 2^31)
            DoubleVector bits = open.blend(c, safe).add(round);
            ((IntVector) bits.reinterpretAsLongs().convertShape(VectorOperators.L2I, I, 0)).intoArray(cell, k);
            sum = sum.add(x);
            sq = x.fma(x, sq);
            VectorMask<Double> beyond = lo.compare(VectorOperators.LT, minV).or(hi.compare(VectorOperators.GT, maxV));
            extremes = extremes.add(one, beyond.and(other).and(in));
        }
        sum.intoArray(sums, 0);
        sq.intoArray(sums, L);
        // a NaN value makes its lane's sum NaN
        boolean nan = sum.compare(VectorOperators.NE, sum).anyTrue();
        return (nan ? SOME_NAN : 0) | (extremes.compare(VectorOperators.GT, zero).anyTrue() ? SOME_EXTREME : 0);
    }
}
