package dev.facecal.face;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The first stages of {@link HaarScan}'s window evaluation on the JDK Vector API, for a run of windows of one row at
 * a time (sixteen on AVX-512): the variance normalisation and the first {@code k} stages of OpenCV's {@code runAt},
 * lane by lane with exactly the scalar arithmetic (int sums, float features without fused multiply-add, double stage
 * sums added in stump order), so every window gets the same result to the bit. Most of a scan's weak classifiers are
 * evaluated in the first stages, on windows next to each other; here their rectangle sums are contiguous loads (the
 * integral images of scales scanned every second column are stored with even and odd columns apart, {@link
 * HaarScan.Window#integrate}) and the leaf choice a blend instead of a branch. What survives the {@code k} stages is
 * finished by the scalar code. Loaded only when the module {@code jdk.incubator.vector} is present.
 */
final class HaarLanes {
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Doubles of the same shape: half as many lanes, so each int or float vector is two of them. */
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** Windows per step. */
    static final int L = I.length();
    private static final int HALF = D.length();
    /** Ints and floats as many as {@link #D}'s lanes. */
    private static final VectorSpecies<Integer> IH =
            VectorSpecies.of(int.class, VectorShape.forBitSize(D.vectorBitSize() / 2));
    private static final VectorSpecies<Float> FH =
            VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));
    private static final double TWO_32 = 4294967296.0;

    private HaarLanes() {}

    /**
     * For the windows whose top-left integral entries are {@code p0, p0 + 1, ..., p0 + n - 1} in {@code s} and
     * {@code q} ({@code n} a multiple of {@link #L}), with the corner offsets {@code ofs} (12 per stump) and {@code
     * nv} (the four of the variance window): writes {@code code[j]} = -1 where {@code setWindow} rejects window j,
     * {@code -stage} where a stage below {@code k} rejects it, {@code k} where it passes the first {@code k} stages,
     * and {@code factor[j]}, its variance normalisation (meaningful where the code is {@code k}).
     */
    static void firstStages(HaarScan.Window w, int k, int[] s, int[] q, int[] ofs, int[] nv, int p0, int n,
                            int[] code, float[] factor) {
        // two methods, each compiled on its own: one method with both exceeds C2's inlining budget, and a vector
        // operation left out of line is a boxed object per call
        normalise(s, q, nv, p0, n, w.area, k, code, factor);
        stages(w, k, s, ofs, p0, n, code, factor);
    }

    /** {@code setWindow} for the windows: {@code factor[j]}, and {@code code[j]} = -1 (rejected) or {@code k}. */
    private static void normalise(int[] s, int[] q, int[] nv, int p0, int n, double area, int k, int[] code,
                                  float[] factor) {
        int n0 = nv[0], n1 = nv[1], n2 = nv[2], n3 = nv[3];
        for (int j = 0; j < n; j += L) {
            // half a vector at a time, as many ints and floats as doubles: conversions that keep the lane count
            long valid = 0;
            for (int h = 0; h < L; h += HALF) {
                int p = p0 + j + h;
                DoubleVector ds = (DoubleVector) cornersHalf(s, p + n0, p + n1, p + n2, p + n3)
                        .convertShape(VectorOperators.I2D, D, 0);
                DoubleVector dq = (DoubleVector) cornersHalf(q, p + n0, p + n1, p + n2, p + n3)
                        .convertShape(VectorOperators.I2D, D, 0);
                dq = dq.add(TWO_32, dq.compare(VectorOperators.LT, 0.0)); // the unsigned 32-bit sum of squares
                DoubleVector nf = dq.mul(area).sub(ds.mul(ds));
                DoubleVector inv = DoubleVector.broadcast(D, 1.0).div(nf.lanewise(VectorOperators.SQRT));
                FloatVector f = (FloatVector) inv.convertShape(VectorOperators.D2F, FH, 0);
                f.intoArray(factor, j + h);
                DoubleVector back = (DoubleVector) f.convertShape(VectorOperators.F2D, D, 0);
                valid |= nf.compare(VectorOperators.GT, 0.0)
                        .and(back.mul(area).compare(VectorOperators.LT, 1e-1)).toLong() << h;
            }
            IntVector.broadcast(I, -1).blend(k, VectorMask.fromLong(I, valid)).intoArray(code, j);
        }
    }

    /** The first {@code k} stages for the windows whose code is {@code k}; {@code -stage} where one rejects. */
    private static void stages(HaarScan.Window w, int k, int[] s, int[] o, int p0, int n, int[] code,
                               float[] factor) {
        HaarCascade c = w.cascade();
        float[] w0 = w.w0, w1 = w.w1, w2 = w.w2, thr = c.stumpThreshold;
        double[] left = w.leftD, right = w.rightD;
        boolean[] three = w.three;
        for (int j = 0; j < n; j += L) {
            int p = p0 + j;
            IntVector cd = IntVector.fromArray(I, code, j);
            VectorMask<Integer> alive = cd.compare(VectorOperators.EQ, k);
            if (!alive.anyTrue()) continue;
            FloatVector f = FloatVector.fromArray(F, factor, j);
            int i = 0;
            for (int stage = 0; stage < k; stage++) {
                DoubleVector lo = DoubleVector.zero(D), hi = DoubleVector.zero(D);
                int end = i + c.stageCount[stage];
                for (; i < end; i++) {
                    int b = i * 12;
                    FloatVector ret = rect(s, p, o, b).mul(w0[i]).add(rect(s, p, o, b + 4).mul(w1[i]));
                    if (three[i]) ret = ret.add(rect(s, p, o, b + 8).mul(w2[i]));
                    long lt = ret.mul(f).compare(VectorOperators.LT, thr[i]).toLong();
                    DoubleVector r = DoubleVector.broadcast(D, right[i]);
                    lo = lo.add(r.blend(left[i], VectorMask.fromLong(D, lt)));
                    hi = hi.add(r.blend(left[i], VectorMask.fromLong(D, lt >>> HALF)));
                }
                double st = c.stageThreshold[stage];
                long below = lo.compare(VectorOperators.LT, st).toLong()
                        | hi.compare(VectorOperators.LT, st).toLong() << HALF;
                VectorMask<Integer> rejected = VectorMask.fromLong(I, below).and(alive);
                cd = cd.blend(-stage, rejected);
                alive = alive.andNot(rejected);
                if (!alive.anyTrue()) break;
            }
            cd.intoArray(code, j);
        }
    }

    // corners and cornersHalf are the same sum for two species on purpose: one method taking the species sees two
    // vector classes, C2 then cannot intrinsify it, and the scan ran ten times slower (937 ms for img8 against 92)

    /** A rectangle's sum {@code s[a] - s[b] - s[c] + s[d]}, {@link #L} windows from each corner on. */
    private static IntVector corners(int[] s, int a, int b, int c, int d) {
        return IntVector.fromArray(I, s, a).sub(IntVector.fromArray(I, s, b))
                .sub(IntVector.fromArray(I, s, c)).add(IntVector.fromArray(I, s, d));
    }

    /** The same for half as many windows (as many as a double vector's lanes). */
    private static IntVector cornersHalf(int[] s, int a, int b, int c, int d) {
        return IntVector.fromArray(IH, s, a).sub(IntVector.fromArray(IH, s, b))
                .sub(IntVector.fromArray(IH, s, c)).add(IntVector.fromArray(IH, s, d));
    }

    /** One rectangle's pixel sum, as float, for the windows at {@code p}. */
    private static FloatVector rect(int[] s, int p, int[] o, int b) {
        return (FloatVector) corners(s, p + o[b], p + o[b + 1], p + o[b + 2], p + o[b + 3])
                .convertShape(VectorOperators.I2F, F, 0);
    }
}
