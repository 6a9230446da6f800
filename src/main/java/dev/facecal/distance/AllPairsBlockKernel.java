package dev.facecal.distance;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tiles of {@link AllPairsBlocked} on the JDK Vector API ({@code jdk.incubator.vector}); loaded only
 * when the module is present ({@link AllPairs#vectorApi()}).
 *
 * <p>A tile is {@value #ROWS} rows (one row group, interleaved so that the six values of one dimension share a cache
 * line) times one strip of {@link #WIDTH} columns (four vectors, stored dimension-major). Lanes are pairs: each of the
 * accumulators holds {@link #L} pairs and adds their terms in dimension order, which is what makes the results
 * reproducible (see {@link #gram} and {@link #difference}).
 */
final class AllPairsBlockKernel {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    /** Doubles per vector (8 with AVX-512). */
    static final int L = S.length();
    /** Rows per register tile. */
    static final int ROWS = 6;
    /** Columns per register tile (a strip): four vectors. */
    static final int WIDTH = 4 * L;

    /** Gram tile finishing: {@code 1 - g / sqrt(|a|^2 |b|^2)}, the cosine distance. */
    static final int COSINE = 0;
    /** Gram tile finishing: {@code g / sqrt(|a|^2 |b|^2)}, the cosine similarity (angular is finished per pair). */
    static final int SIMILARITY = 1;
    /** Gram tile finishing: {@code sqrt((|a|^2 + |b|^2) - 2 g)}, the euclidean distance from the Gram matrix. */
    static final int EUCLIDEAN = 2;

    private static final DoubleVector ONE = DoubleVector.broadcast(S, 1.0);

    private AllPairsBlockKernel() {}

    /**
     * The dot products {@code g} of one tile, one fused multiply-add per pair and dimension ({@code 6 x 4} vectors of
     * accumulators kept in registers over the whole dimension loop), finished by {@code mode} and stored as {@code
     * out[outOff + r * outStride + c]} for the first {@code validRows} rows.
     *
     * <p><b>Bit-exact for float embeddings.</b> The product of two float32 values is exact in double (24 + 24 &lt; 53
     * significant bits), so {@code fma(x, y, s)}, which rounds once, gives the same double as the reference's
     * {@code s + x * y}, which rounds the exact product (no-op) and then the sum; and each lane adds its terms in
     * dimension order like {@link VectorMath#dot(float[], float[])}. So {@code g} is the reference's dot product bit
     * for bit, and the cosine and similarity finishings are the reference's formulas ({@link VectorMath#cosine}). For
     * double inputs (euclidean_l2's normalised vectors) the products round and {@code g} is only close to the
     * reference; {@link AllPairsBlocked} bounds the difference.
     *
     * @param rows   row groups interleaved: value (group row r, dimension k) at {@code rowOff + k * ROWS + r}
     * @param cols   strips: value (strip column c, dimension k) at {@code colOff + k * WIDTH + c}
     * @param rowSq  squared norms of the six rows from {@code rowSqOff}
     * @param colSq  squared norms of the strip's columns from {@code colSqOff}
     */
    static boolean gram(int dim, double[] rows, int rowOff, double[] cols, int colOff, double[] rowSq, int rowSqOff,
                        double[] colSq, int colSqOff, int mode, double floor, double[] out, int outOff, int outStride,
                        int validRows) {
        DoubleVector a00 = DoubleVector.zero(S), a01 = a00, a02 = a00, a03 = a00;
        DoubleVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        DoubleVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
        DoubleVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
        DoubleVector a40 = a00, a41 = a00, a42 = a00, a43 = a00;
        DoubleVector a50 = a00, a51 = a00, a52 = a00, a53 = a00;
        int r = rowOff, c = colOff;
        for (int k = 0; k < dim; k++, r += ROWS, c += WIDTH) {
            DoubleVector b0 = DoubleVector.fromArray(S, cols, c);
            DoubleVector b1 = DoubleVector.fromArray(S, cols, c + L);
            DoubleVector b2 = DoubleVector.fromArray(S, cols, c + 2 * L);
            DoubleVector b3 = DoubleVector.fromArray(S, cols, c + 3 * L);
            DoubleVector x = DoubleVector.broadcast(S, rows[r]);
            a00 = x.fma(b0, a00);
            a01 = x.fma(b1, a01);
            a02 = x.fma(b2, a02);
            a03 = x.fma(b3, a03);
            x = DoubleVector.broadcast(S, rows[r + 1]);
            a10 = x.fma(b0, a10);
            a11 = x.fma(b1, a11);
            a12 = x.fma(b2, a12);
            a13 = x.fma(b3, a13);
            x = DoubleVector.broadcast(S, rows[r + 2]);
            a20 = x.fma(b0, a20);
            a21 = x.fma(b1, a21);
            a22 = x.fma(b2, a22);
            a23 = x.fma(b3, a23);
            x = DoubleVector.broadcast(S, rows[r + 3]);
            a30 = x.fma(b0, a30);
            a31 = x.fma(b1, a31);
            a32 = x.fma(b2, a32);
            a33 = x.fma(b3, a33);
            x = DoubleVector.broadcast(S, rows[r + 4]);
            a40 = x.fma(b0, a40);
            a41 = x.fma(b1, a41);
            a42 = x.fma(b2, a42);
            a43 = x.fma(b3, a43);
            x = DoubleVector.broadcast(S, rows[r + 5]);
            a50 = x.fma(b0, a50);
            a51 = x.fma(b1, a51);
            a52 = x.fma(b2, a52);
            a53 = x.fma(b3, a53);
        }
        int o = outOff;
        a00.intoArray(out, o);
        a01.intoArray(out, o + L);
        a02.intoArray(out, o + 2 * L);
        a03.intoArray(out, o + 3 * L);
        if (validRows > 1) {
            a10.intoArray(out, o += outStride);
            a11.intoArray(out, o + L);
            a12.intoArray(out, o + 2 * L);
            a13.intoArray(out, o + 3 * L);
        }
        if (validRows > 2) {
            a20.intoArray(out, o += outStride);
            a21.intoArray(out, o + L);
            a22.intoArray(out, o + 2 * L);
            a23.intoArray(out, o + 3 * L);
        }
        if (validRows > 3) {
            a30.intoArray(out, o += outStride);
            a31.intoArray(out, o + L);
            a32.intoArray(out, o + 2 * L);
            a33.intoArray(out, o + 3 * L);
        }
        if (validRows > 4) {
            a40.intoArray(out, o += outStride);
            a41.intoArray(out, o + L);
            a42.intoArray(out, o + 2 * L);
            a43.intoArray(out, o + 3 * L);
        }
        if (validRows > 5) {
            a50.intoArray(out, o += outStride);
            a51.intoArray(out, o + L);
            a52.intoArray(out, o + 2 * L);
            a53.intoArray(out, o + 3 * L);
        }
        return finish(mode, rowSq, rowSqOff, colSq, colSqOff, floor, out, outOff, outStride, validRows);
    }

    /**
     * Turns the stored dot products of a tile into distances in place (the tile is still in L1): the reference's
     * operations in the reference's order, lane by lane ({@link VectorMath#cosine}). Apart from {@link #gram} so that
     * neither method grows past what the JIT compiles with every vector in a register.
     *
     * @return whether a value is below {@code floor} or NaN (for the euclidean finishing: values to recompute)
     */
    private static boolean finish(int mode, double[] rowSq, int rowSqOff, double[] colSq, int colSqOff, double floor,
                                  double[] out, int outOff, int outStride, int validRows) {
        DoubleVector floorV = DoubleVector.broadcast(S, floor);
        VectorMask<Double> low = S.maskAll(false);
        for (int r = 0, o = outOff; r < validRows; r++, o += outStride) {
            DoubleVector p = DoubleVector.broadcast(S, rowSq[rowSqOff + r]);
            for (int v = 0; v < WIDTH; v += L) {
                DoubleVector g = DoubleVector.fromArray(S, out, o + v);
                DoubleVector q = DoubleVector.fromArray(S, colSq, colSqOff + v);
                DoubleVector d = switch (mode) {
                    case COSINE -> ONE.sub(g.div(p.mul(q).sqrt()));
                    case SIMILARITY -> g.div(p.mul(q).sqrt());
                    default -> p.add(q).sub(g.add(g)).sqrt();
                };
                d.intoArray(out, o + v);
                if (mode == EUCLIDEAN) low = low.or(d.compare(VectorOperators.GE, floorV).not());
            }
        }
        return low.anyTrue();
    }

    /**
     * {@code arccos(clip(c, -1, 1)) / pi} in place for {@code v[from .. from + len)}:
     * {@link VectorMath#angularFromSimilarity} with the Vector API's {@code ACOS},
     * which is within 1 ulp of the exact arc cosine but not always {@link Math#acos}'s double; the certified pass
     * hands these over with {@link AllPairsBlocked#ANGULAR_MARGIN}. NaN stays NaN.
     */
    static void angular(double[] v, int from, int len) {
        DoubleVector pi = DoubleVector.broadcast(S, Math.PI);
        for (int t = 0; t < len; t += L) {
            VectorMask<Double> in = S.indexInRange(t, len);
            DoubleVector c = DoubleVector.fromArray(S, v, from + t, in);
            c = c.lanewise(VectorOperators.MIN, 1.0).lanewise(VectorOperators.MAX, -1.0);
            c.lanewise(VectorOperators.ACOS).div(pi).intoArray(v, from + t, in);
        }
    }

    /**
     * The euclidean distances of one row group and half a strip ({@code half} 0 or 1: columns {@code [half * 2L,
     * half * 2L + 2L)} of the strip), exactly as {@link VectorMath#squaredDistance}: per dimension a subtraction,
     * a multiplication and an addition, each rounded (no fused multiply-add), in dimension order, then the square
     * root. Bit-identical to the reference for any double inputs. Stored like {@link #gram}.
     */
    static void difference(int dim, double[] rows, int rowOff, double[] cols, int colOff, int half, double[] out,
                           int outOff, int outStride, int validRows) {
        DoubleVector a00 = DoubleVector.zero(S), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00;
        DoubleVector a30 = a00, a31 = a00, a40 = a00, a41 = a00, a50 = a00, a51 = a00;
        int r = rowOff, c = colOff + half * 2 * L;
        for (int k = 0; k < dim; k++, r += ROWS, c += WIDTH) {
            DoubleVector b0 = DoubleVector.fromArray(S, cols, c);
            DoubleVector b1 = DoubleVector.fromArray(S, cols, c + L);
            DoubleVector x = DoubleVector.broadcast(S, rows[r]);
            DoubleVector e0 = x.sub(b0), e1 = x.sub(b1);
            a00 = a00.add(e0.mul(e0));
            a01 = a01.add(e1.mul(e1));
            x = DoubleVector.broadcast(S, rows[r + 1]);
            e0 = x.sub(b0);
            e1 = x.sub(b1);
            a10 = a10.add(e0.mul(e0));
            a11 = a11.add(e1.mul(e1));
            x = DoubleVector.broadcast(S, rows[r + 2]);
            e0 = x.sub(b0);
            e1 = x.sub(b1);
            a20 = a20.add(e0.mul(e0));
            a21 = a21.add(e1.mul(e1));
            x = DoubleVector.broadcast(S, rows[r + 3]);
            e0 = x.sub(b0);
            e1 = x.sub(b1);
            a30 = a30.add(e0.mul(e0));
            a31 = a31.add(e1.mul(e1));
            x = DoubleVector.broadcast(S, rows[r + 4]);
            e0 = x.sub(b0);
            e1 = x.sub(b1);
            a40 = a40.add(e0.mul(e0));
            a41 = a41.add(e1.mul(e1));
            x = DoubleVector.broadcast(S, rows[r + 5]);
            e0 = x.sub(b0);
            e1 = x.sub(b1);
            a50 = a50.add(e0.mul(e0));
            a51 = a51.add(e1.mul(e1));
        }
        int o = outOff + half * 2 * L;
        a00.sqrt().intoArray(out, o);
        a01.sqrt().intoArray(out, o + L);
        if (validRows > 1) {
            a10.sqrt().intoArray(out, o += outStride);
            a11.sqrt().intoArray(out, o + L);
        }
        if (validRows > 2) {
            a20.sqrt().intoArray(out, o += outStride);
            a21.sqrt().intoArray(out, o + L);
        }
        if (validRows > 3) {
            a30.sqrt().intoArray(out, o += outStride);
            a31.sqrt().intoArray(out, o + L);
        }
        if (validRows > 4) {
            a40.sqrt().intoArray(out, o += outStride);
            a41.sqrt().intoArray(out, o + L);
        }
        if (validRows > 5) {
            a50.sqrt().intoArray(out, o += outStride);
            a51.sqrt().intoArray(out, o + L);
        }
    }
}
