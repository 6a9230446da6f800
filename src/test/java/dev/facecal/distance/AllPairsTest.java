package dev.facecal.distance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** All pairs against the listed-pairs path and the single-pair formulas: bit-identical, any thread count. */
class AllPairsTest {

    /** Random float32 embeddings with a zero vector, a duplicate and a negated row mixed in. */
    static float[][] embeddings(int n, int dim, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] e = new float[n][dim];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < dim; k++) e[i][k] = (float) (r.nextGaussian() * 0.1);
        }
        if (n > 5) {
            e[3] = new float[dim];
            e[5] = e[1].clone();
            for (int k = 0; k < dim; k++) e[n - 1][k] = -e[2][k];
        }
        return e;
    }

    static int[][] allPairIndices(int n) {
        int pairs = (int) AllPairs.pairCount(n);
        int[] first = new int[pairs], second = new int[pairs];
        int p = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                first[p] = i;
                second[p++] = j;
            }
        }
        return new int[][] {first, second};
    }

    @Test
    void allPairsEqualPairDistancesAndTheSinglePairFormulasBitForBit() {
        int[][] shapes = {{0, 8}, {1, 8}, {2, 3}, {5, 0}, {17, 1}, {35, 4096}, {300, 7},
                          {AllPairs.PANEL + AllPairs.ROWS + 3, 128}, {600, 33}};
        for (int[] shape : shapes) {
            int n = shape[0], dim = shape[1];
            float[][] e = embeddings(n, dim, 11L * n + dim);
            int[][] idx = allPairIndices(n);
            for (DistanceMetric m : DistanceMetric.values()) {
                double[] expected = PairDistances.of(m, e, idx[0], idx[1], 1);
                for (int threads : new int[] {1, 2, 3}) {
                    double[] got = new double[expected.length];
                    AllPairs.Summary s = AllPairs.into(m, e, got, threads);
                    assertArrayEquals(expected, got, m + " n=" + n + " dim=" + dim + " threads=" + threads);
                    assertEquals(expected.length, s.pairs());
                    float[] f = AllPairs.of(m, e, threads);
                    for (int p = 0; p < f.length; p++) {
                        assertEquals((float) expected[p], f[p], 0.0f);
                    }
                    // every engine this JVM can run, whichever is the default here
                    for (AllPairs.Engine engine : engines()) {
                        String where = m + " n=" + n + " dim=" + dim + " threads=" + threads + " engine=" + engine;
                        assertArrayEquals(expected, intoDoubles(m, e, threads, engine), where);
                        float[] g = new float[f.length];
                        AllPairs.into(m, e, g, threads, engine);
                        for (int p = 0; p < g.length; p++) {
                            assertEquals((float) expected[p], g[p], 0.0f, where + " float32 pair " + p);
                        }
                    }
                }
                assertArrayEquals(expected, PairDistances.of(m, e, idx[0], idx[1], 2), "PairDistances, 2 threads");
                for (int p = 0; p < expected.length; p += 97) {
                    assertEquals(expected[p], m.of(e[idx[0][p]], e[idx[1][p]]), 0.0, m + " pair " + p);
                }
            }
        }
    }

    /** The plain engine always; the Vector API ones (panel, blocked) where the JVM has jdk.incubator.vector. */
    static AllPairs.Engine[] engines() {
        return AllPairs.vectorApi() ? AllPairs.Engine.values() : new AllPairs.Engine[] {AllPairs.Engine.PLAIN};
    }

    static double[] intoDoubles(DistanceMetric m, float[][] e, int threads, AllPairs.Engine engine) {
        int n = e.length;
        double[] out = new double[(int) AllPairs.pairCount(n)];
        AllPairs.stream(m, e, threads, (i, jFrom, d, offset, count) ->
                System.arraycopy(d, offset, out, (int) AllPairs.index(n, i, jFrom), count), engine);
        return out;
    }

    @Test
    void vectorKernelIsUsedWhenTheModuleIsThere() {
        assertEquals(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                && !"false".equals(System.getProperty("facecal.vector")), AllPairs.vectorApi());
        System.out.println("AllPairs kernel in this JVM: " + (AllPairs.vectorApi() ? "Vector API" : "scalar"));
    }

    /**
     * The certified pass (what the float32 array and the cutoff counter read): every value within its margin of the
     * reference double, NaN exactly where the reference is NaN, on embeddings of very different scales, near
     * duplicates, duplicates and 1 to 4096 dimensions; and the float32 array still the reference's rounding.
     */
    @Test
    void certifiedValuesLieWithinTheirMargins() {
        SplittableRandom r = new SplittableRandom(17);
        int[][] shapes = {{300, 128}, {97, 1}, {130, 7}, {60, 4096}, {400, 512}};
        double[] scales = {1e-3, 0.1, 30, 1e6};
        for (int[] shape : shapes) {
            for (double scale : scales) {
                int n = shape[0], dim = shape[1];
                float[][] e = embeddings(n, dim, r.nextLong());
                for (float[] v : e) for (int k = 0; k < dim; k++) v[k] *= (float) (scale * (1 + r.nextDouble()));
                for (int i = 20; i < 30; i++) { // near duplicates, 1e-7 to 1e-2 of the norm apart
                    double d = Math.pow(10, -7 + 5 * r.nextDouble());
                    for (int k = 0; k < dim; k++) e[i][k] = (float) (e[i - 10][k] * (1 + d * r.nextGaussian()));
                }
                int[][] idx = allPairIndices(n);
                for (DistanceMetric m : DistanceMetric.values()) {
                    double[] expected = PairDistances.of(m, e, idx[0], idx[1], 1);
                    for (AllPairs.Engine engine : engines()) {
                        String where = m + " n=" + n + " dim=" + dim + " scale=" + scale + " engine=" + engine;
                        AllPairs.certified(m, e, 2, (i, jFrom, d, offset, count, cert) -> {
                            for (int t = 0; t < count; t++) {
                                double ref = expected[(int) AllPairs.index(n, i, jFrom + t)], v = d[offset + t];
                                if (Double.isNaN(ref) || Double.isNaN(v)) {
                                    assertTrue(Double.isNaN(ref) && Double.isNaN(v), where + " NaN at " + i);
                                } else {
                                    assertTrue(Math.abs(v - ref) <= cert.margin(), where + " pair (" + i + ", "
                                            + (jFrom + t) + "): " + v + " vs " + ref + ", margin " + cert.margin());
                                    assertTrue(Math.abs(v - ref) <= cert.tightMargin(i, jFrom + t, v), where);
                                }
                            }
                        }, engine, false, null);
                        float[] f = new float[expected.length];
                        AllPairs.into(m, e, f, 2, engine);
                        for (int p = 0; p < f.length; p++) {
                            assertEquals((float) expected[p], f[p], 0.0f, where + " float32 pair " + p);
                        }
                    }
                }
            }
        }
    }

    @Test
    void theFloatArraysSummaryHasTheReferenceExtremes() {
        float[][] e = embeddings(500, 128, 23);
        for (DistanceMetric m : DistanceMetric.values()) {
            AllPairs.Summary exact = AllPairs.into(m, e, new double[(int) AllPairs.pairCount(500)], 2);
            for (AllPairs.Engine engine : engines()) {
                AllPairs.Summary s = AllPairs.into(m, e, new float[(int) AllPairs.pairCount(500)], 2, engine);
                assertEquals(exact.min(), s.min(), 0.0, m + " " + engine);
                assertEquals(exact.max(), s.max(), 0.0, m + " " + engine);
                assertEquals(exact.nanCount(), s.nanCount(), m + " " + engine);
                assertEquals(exact.mean(), s.mean(), 1e-14 * Math.abs(exact.mean()), m + " " + engine);
            }
        }
    }

    @Test
    void summaryDoesNotDependOnThreads() {
        float[][] e = embeddings(700, 64, 5);
        for (DistanceMetric m : DistanceMetric.values()) {
            double[] d = new double[(int) AllPairs.pairCount(700)];
            AllPairs.Summary one = AllPairs.into(m, e, d, 1);
            assertEquals(one, AllPairs.into(m, e, new double[d.length], 2));
            assertEquals(one, AllPairs.stream(m, e, 3, (i, j, v, o, c) -> { }));
            double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum = 0;
            long nan = 0;
            for (double v : d) {
                if (Double.isNaN(v)) {
                    nan++;
                    continue;
                }
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
            }
            assertEquals(min, one.min(), 0.0);
            assertEquals(max, one.max(), 0.0);
            assertEquals(sum / (d.length - nan), one.mean(), 1e-12 * Math.abs(one.mean()));
            // row 3 is a zero vector: cosine and angular are NaN for its 699 pairs
            assertEquals(m == DistanceMetric.COSINE || m == DistanceMetric.ANGULAR ? 699 : 0, one.nanCount(), m.toString());
            assertEquals(700, one.n());
            assertEquals(64, one.dimension());
            assertEquals(m, one.metric());
        }
        // row 5 duplicates row 1, row 699 negates row 2
        double[] ang = new double[(int) AllPairs.pairCount(700)];
        AllPairs.into(DistanceMetric.ANGULAR, e, ang, 2);
        assertEquals(0.0, ang[(int) AllPairs.index(700, 1, 5)], 0.0);
        assertEquals(1.0, ang[(int) AllPairs.index(700, 2, 699)], 0.0);
    }

    @Test
    void streamDeliversEveryPairOnce() {
        int n = 530;
        float[][] e = embeddings(n, 20, 9);
        double[] expected = new double[(int) AllPairs.pairCount(n)];
        AllPairs.into(DistanceMetric.EUCLIDEAN, e, expected, 1);
        AtomicIntegerArray seen = new AtomicIntegerArray(expected.length);
        double[] got = new double[expected.length];
        AllPairs.stream(DistanceMetric.EUCLIDEAN, e, 2, (i, jFrom, d, offset, count) -> {
            for (int t = 0; t < count; t++) {
                int p = (int) AllPairs.index(n, i, jFrom + t);
                seen.incrementAndGet(p);
                got[p] = d[offset + t];
            }
        });
        for (int p = 0; p < expected.length; p++) {
            assertEquals(1, seen.get(p), "pair " + p);
        }
        assertArrayEquals(expected, got);
    }

    @Test
    void condensedIndexIsRowMajorUpperTriangle() {
        int n = 9, p = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                assertEquals(p++, AllPairs.index(n, i, j));
            }
        }
        assertEquals(81_875_206L, AllPairs.pairCount(12_797));
        assertThrows(IllegalArgumentException.class, () -> AllPairs.index(n, 3, 3));
    }

    @Test
    void mistakesAreReported() {
        float[][] ragged = {new float[4], new float[4], new float[3]};
        var e = assertThrows(IllegalArgumentException.class, () -> AllPairs.of(DistanceMetric.COSINE, ragged));
        assertEquals("embedding 2 has 3 values, embedding 0 has 4", e.getMessage());
        var len = assertThrows(IllegalArgumentException.class,
                () -> AllPairs.into(DistanceMetric.COSINE, embeddings(4, 2, 1), new float[5], 1));
        assertEquals("the output must hold N(N-1)/2 = 6 values for 4 embeddings, it has 5", len.getMessage());
        var big = assertThrows(IllegalArgumentException.class,
                () -> AllPairs.of(DistanceMetric.COSINE, new float[70_000][]));
        assertTrue(big.getMessage().contains("use AllPairs.stream"), big.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> AllPairs.of(DistanceMetric.COSINE, embeddings(4, 2, 1), -1));
    }

    @Test
    void consumerFailureIsRethrown() {
        var e = assertThrows(IllegalStateException.class, () -> AllPairs.stream(DistanceMetric.COSINE,
                embeddings(400, 4, 2), 2, (i, j, d, o, c) -> {
                    if (i == 100) throw new IllegalStateException("stop at row 100");
                }));
        assertEquals("stop at row 100", e.getMessage());
    }
}
