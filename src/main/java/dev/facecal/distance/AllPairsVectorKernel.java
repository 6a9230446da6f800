package dev.facecal.distance;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link AllPairs}' panel kernel on the JDK Vector API ({@code jdk.incubator.vector}). Only touched when the module
 * is present ({@link AllPairs#vectorApi()}), so the rest of facecal runs without {@code --add-modules}.
 *
 * <p>A register tile is 4 rows x 2 vectors of columns (4 x 16 pairs with 512-bit vectors): per dimension two panel
 * loads, four broadcasts and eight multiplies and adds (euclidean: subtract, multiply, add), the eight
 * accumulators staying in registers for the whole dimension loop. Each lane is one pair and adds its terms in
 * dimension order with a separate multiply and add (no FMA), exactly as {@link VectorMath}'s scalar loops, so the
 * results are bit-identical to them. Columns left of the diagonal and past N inside a tile are computed and
 * dropped by the caller.
 */
final class AllPairsVectorKernel {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Columns per register tile; {@link AllPairs#PANEL} is a multiple of it for vectors up to 2048 bits. */
    private static final int W = 2 * L;

    private AllPairsVectorKernel() {}

    /**
     * {@code out[i - i0][t]} = distance of (i, jBase + t) for rows {@code [i0, i1)} and every column {@code t} of
     * panel {@code p} from the tile holding column {@code i0 + 1} on (cosine, euclidean, euclidean_l2; for angular
     * the dot product).
     */
    static void panel(AllPairs.Prepared d, int i0, int i1, int p, double[][] out) {
        int dim = d.dim(), n = d.n(), jBase = p * AllPairs.PANEL;
        int tFrom = Math.max(0, i0 + 1 - jBase) / W * W;
        int tEnd = Math.min(AllPairs.PANEL, n - jBase);
        double[] rows = d.rows(), panel = d.panel(), sq = d.sq();
        int panelBase = p * dim * AllPairs.PANEL;
        boolean difference = d.difference();
        boolean cosine = d.metric() == DistanceMetric.COSINE;
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        for (int t = tFrom; t < tEnd; t += W) {
            DoubleVector sq0 = null, sq1 = null;
            if (cosine) {
                sq0 = DoubleVector.fromArray(S, sq, jBase + t);
                sq1 = DoubleVector.fromArray(S, sq, jBase + t + L);
            }
            for (int g = i0; g < i1; g += 4) {
                // rows past i1 repeat the last row (computed, not stored)
                int i1r = Math.min(g + 1, i1 - 1), i2r = Math.min(g + 2, i1 - 1), i3r = Math.min(g + 3, i1 - 1);
                int r0 = g * dim, r1 = i1r * dim, r2 = i2r * dim, r3 = i3r * dim;
                DoubleVector a00 = DoubleVector.zero(S), a01 = a00, a10 = a00, a11 = a00;
                DoubleVector a20 = a00, a21 = a00, a30 = a00, a31 = a00;
                int base = panelBase + t;
                if (difference) {
                    for (int k = 0; k < dim; k++, base += AllPairs.PANEL) {
                        DoubleVector b0 = DoubleVector.fromArray(S, panel, base);
                        DoubleVector b1 = DoubleVector.fromArray(S, panel, base + L);
                        DoubleVector x = DoubleVector.broadcast(S, rows[r0 + k]);
                        DoubleVector e0 = x.sub(b0), e1 = x.sub(b1);
                        a00 = a00.add(e0.mul(e0));
                        a01 = a01.add(e1.mul(e1));
                        x = DoubleVector.broadcast(S, rows[r1 + k]);
                        e0 = x.sub(b0);
                        e1 = x.sub(b1);
                        a10 = a10.add(e0.mul(e0));
                        a11 = a11.add(e1.mul(e1));
                        x = DoubleVector.broadcast(S, rows[r2 + k]);
                        e0 = x.sub(b0);
                        e1 = x.sub(b1);
                        a20 = a20.add(e0.mul(e0));
                        a21 = a21.add(e1.mul(e1));
                        x = DoubleVector.broadcast(S, rows[r3 + k]);
                        e0 = x.sub(b0);
                        e1 = x.sub(b1);
                        a30 = a30.add(e0.mul(e0));
                        a31 = a31.add(e1.mul(e1));
                    }
                    a00 = a00.sqrt();
                    a01 = a01.sqrt();
                    a10 = a10.sqrt();
                    a11 = a11.sqrt();
                    a20 = a20.sqrt();
                    a21 = a21.sqrt();
                    a30 = a30.sqrt();
                    a31 = a31.sqrt();
                } else {
                    for (int k = 0; k < dim; k++, base += AllPairs.PANEL) {
                        DoubleVector b0 = DoubleVector.fromArray(S, panel, base);
                        DoubleVector b1 = DoubleVector.fromArray(S, panel, base + L);
                        DoubleVector x = DoubleVector.broadcast(S, rows[r0 + k]);
                        a00 = a00.add(x.mul(b0));
                        a01 = a01.add(x.mul(b1));
                        x = DoubleVector.broadcast(S, rows[r1 + k]);
                        a10 = a10.add(x.mul(b0));
                        a11 = a11.add(x.mul(b1));
                        x = DoubleVector.broadcast(S, rows[r2 + k]);
                        a20 = a20.add(x.mul(b0));
                        a21 = a21.add(x.mul(b1));
                        x = DoubleVector.broadcast(S, rows[r3 + k]);
                        a30 = a30.add(x.mul(b0));
                        a31 = a31.add(x.mul(b1));
                    }
                    if (cosine) { // 1 - dot / sqrt(sq_i * sq_j), as VectorMath.cosine
                        a00 = one.sub(a00.div(DoubleVector.broadcast(S, sq[g]).mul(sq0).sqrt()));
                        a01 = one.sub(a01.div(DoubleVector.broadcast(S, sq[g]).mul(sq1).sqrt()));
                        a10 = one.sub(a10.div(DoubleVector.broadcast(S, sq[i1r]).mul(sq0).sqrt()));
                        a11 = one.sub(a11.div(DoubleVector.broadcast(S, sq[i1r]).mul(sq1).sqrt()));
                        a20 = one.sub(a20.div(DoubleVector.broadcast(S, sq[i2r]).mul(sq0).sqrt()));
                        a21 = one.sub(a21.div(DoubleVector.broadcast(S, sq[i2r]).mul(sq1).sqrt()));
                        a30 = one.sub(a30.div(DoubleVector.broadcast(S, sq[i3r]).mul(sq0).sqrt()));
                        a31 = one.sub(a31.div(DoubleVector.broadcast(S, sq[i3r]).mul(sq1).sqrt()));
                    }
                }
                int q = g - i0;
                a00.intoArray(out[q], t);
                a01.intoArray(out[q], t + L);
                if (g + 1 < i1) {
                    a10.intoArray(out[q + 1], t);
                    a11.intoArray(out[q + 1], t + L);
                }
                if (g + 2 < i1) {
                    a20.intoArray(out[q + 2], t);
                    a21.intoArray(out[q + 2], t + L);
                }
                if (g + 3 < i1) {
                    a30.intoArray(out[q + 3], t);
                    a31.intoArray(out[q + 3], t + L);
                }
            }
        }
    }
}
