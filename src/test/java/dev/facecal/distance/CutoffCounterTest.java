package dev.facecal.distance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.calibrate.Confusion;
import dev.facecal.calibrate.OperatingCurve;
import dev.facecal.calibrate.PrecisionRecallTable;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The streaming counter against the stored-distance path ({@link PrecisionRecallTable}) and against its own
 * reference path (the exact stream, pair by pair): exactly equal, on every engine, also where bin edges and cutoffs
 * sit on the distances themselves.
 */
class CutoffCounterTest {
    private static final double[] SEED_002 = PrecisionRecallTable.SEED_002_CUTOFFS;

    /** Clustered embeddings: {@code persons} centres, photos around them. */
    record Labelled(float[][] vectors, int[] labels) {
        int size() {
            return labels.length;
        }
    }

    static Labelled clustered(int n, int persons, int dim, double noise, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] centre = new double[persons][dim];
        for (double[] c : centre) for (int k = 0; k < dim; k++) c[k] = r.nextGaussian() * 0.1;
        float[][] v = new float[n][dim];
        int[] label = new int[n];
        for (int i = 0; i < n; i++) {
            label[i] = r.nextInt(persons);
            for (int k = 0; k < dim; k++) v[i][k] = (float) (centre[label[i]][k] + noise * r.nextGaussian());
        }
        return new Labelled(v, label);
    }

    static double[] doubles(DistanceMetric m, Labelled e) {
        double[] d = new double[(int) AllPairs.pairCount(e.size())];
        AllPairs.into(m, e.vectors(), d, 1);
        return d;
    }

    static boolean[] same(Labelled e) {
        int n = e.size();
        boolean[] same = new boolean[(int) AllPairs.pairCount(n)];
        int p = 0;
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) same[p++] = e.labels()[i] == e.labels()[j];
        return same;
    }

    static CutoffCounter.Counts run(DistanceMetric m, Labelled e, double[] cutoffs, double w, int bins, int threads) {
        return CutoffCounter.run(m, e.vectors(), e.labels(), cutoffs, w, bins, threads);
    }

    static boolean matches(CutoffCounter.Counts c, PrecisionRecallTable t) {
        if (t.rows().size() != c.cutoffs().length) return false;
        for (int q = 0; q < c.cutoffs().length; q++) {
            if (t.rows().get(q).cutoff() != c.cutoffs()[q] || !t.rows().get(q).confusion().equals(c.confusions()[q])) {
                return false;
            }
        }
        return true;
    }

    /** The plain engine always; the Vector API ones (panel, blocked) where the JVM has jdk.incubator.vector. */
    static AllPairs.Engine[] engines() {
        return AllPairsTest.engines();
    }

    /** The per-pair arithmetic in plain Java always; on the Vector API where the JVM has jdk.incubator.vector. */
    static boolean[] lanes() {
        return AllPairs.vectorApi() ? new boolean[] {false, true} : new boolean[] {false};
    }

    @Test
    void countsEqualPrecisionRecallTableExactlyForEveryThreadCountAndEngine() {
        Labelled e = clustered(700, 40, 24, 0.05, 7);
        for (DistanceMetric m : DistanceMetric.values()) {
            double[] d = doubles(m, e);
            boolean[] same = same(e);
            OperatingCurve curve = OperatingCurve.of(d, same);
            double[] sorted = d.clone();
            Arrays.sort(sorted);
            // seed 002's cutoffs (on bin edges), cutoffs that are distances themselves (ties at the boundary),
            // unsorted, with a duplicate, and beyond the histogram
            double[][] sets = {SEED_002,
                    {sorted[10], sorted[d.length / 3], sorted[d.length / 2], sorted[d.length - 5]},
                    {0.9, 0.1, 0.5, 0.5, 0.3, 7.0, -1.0}};
            for (double[] cutoffs : sets) {
                PrecisionRecallTable expected = PrecisionRecallTable.of(curve, cutoffs);
                for (int threads : new int[] {1, 2, 3}) {
                    CutoffCounter.Counts c = run(m, e, cutoffs, 0.01, 150, threads);
                    assertTrue(matches(c, expected), m + " " + Arrays.toString(cutoffs) + " threads " + threads);
                    assertEquals(curve.positives(), c.same().count());
                    assertEquals(curve.negatives(), c.different().count());
                    assertEquals(d.length, c.pairs());
                }
                for (AllPairs.Engine engine : engines()) {
                    CutoffCounter.Counts c = CutoffCounter.run(m, e.vectors(), e.labels(), cutoffs, 0.01, 150, 2,
                            engine);
                    assertTrue(matches(c, expected), m + " " + Arrays.toString(cutoffs) + " engine " + engine);
                }
            }
        }
    }

    @Test
    void histogramAndStatisticsMatchTheStoredDistances() {
        Labelled e = clustered(500, 30, 16, 0.04, 11);
        double[] d = doubles(DistanceMetric.EUCLIDEAN, e);
        boolean[] same = same(e);
        double w = 0.02;
        int bins = 20;
        long[][] hist = new long[2][bins + 1];
        double[] sum = new double[2], min = {Double.MAX_VALUE, Double.MAX_VALUE}, max = new double[2];
        long[] n = new long[2];
        for (int p = 0; p < d.length; p++) {
            int c = same[p] ? 1 : 0;
            int h = d[p] < bins * w ? Math.min(bins - 1, (int) (d[p] / w)) : bins;
            hist[c][h]++;
            sum[c] += d[p];
            n[c]++;
            min[c] = Math.min(min[c], d[p]);
            max[c] = Math.max(max[c], d[p]);
        }
        CutoffCounter.Counts one = run(DistanceMetric.EUCLIDEAN, e, SEED_002, w, bins, 1);
        CutoffCounter.Counts three = run(DistanceMetric.EUCLIDEAN, e, SEED_002, w, bins, 3);
        for (CutoffCounter.Counts c : new CutoffCounter.Counts[] {one, three}) {
            assertTrue(Arrays.equals(hist[1], c.sameHistogram()), "same-person histogram");
            assertTrue(Arrays.equals(hist[0], c.differentHistogram()), "different-person histogram");
            assertEquals(n[1], c.same().count());
            assertEquals(sum[1] / n[1], c.same().mean(), 1e-12);
            assertEquals(sum[0] / n[0], c.different().mean(), 1e-12);
            assertEquals(min[1], c.same().min(), 0.0);
            assertEquals(max[0], c.different().max(), 0.0);
            assertEquals(min[0], c.different().min(), 0.0);
            assertEquals(max[1], c.same().max(), 0.0);
        }
        // sums per row, added in row order: the same bits whatever the thread count
        assertEquals(one.same().mean(), three.same().mean(), 0.0);
        assertEquals(one.different().std(), three.different().std(), 0.0);
        double var = 0;
        for (int p = 0; p < d.length; p++) {
            if (!same[p]) var += (d[p] - sum[0] / n[0]) * (d[p] - sum[0] / n[0]);
        }
        assertEquals(Math.sqrt(var / (n[0] - 1)), one.different().std(), 1e-9);
    }

    @Test
    void theFusedCountsEqualTheReferencePathOnEveryEngineAndMetric() {
        Labelled e = clustered(650, 25, 128, 0.06, 21);
        e.vectors()[7] = e.vectors()[3].clone(); // a duplicate: distance 0, below every floor
        e.labels()[7] = e.labels()[3];
        for (DistanceMetric m : DistanceMetric.values()) {
            CutoffCounter.Counts ref = CutoffCounter.reference(m, e.vectors(), e.labels(), SEED_002, 0.01, 200, 1,
                    AllPairs.Engine.PLAIN);
            for (AllPairs.Engine engine : engines()) {
                for (int threads : new int[] {1, 2}) {
                    for (boolean lanes : lanes()) {
                        CutoffCounter.Counts c = CutoffCounter.run(m, e.vectors(), e.labels(), SEED_002, 0.01, 200,
                                threads, engine, lanes);
                        String where = m + " " + engine + " threads " + threads + " lanes " + lanes;
                        assertArrayEquals(ref.confusions(), c.confusions(), where);
                        assertArrayEquals(ref.sameHistogram(), c.sameHistogram(), where);
                        assertArrayEquals(ref.differentHistogram(), c.differentHistogram(), where);
                        for (int cls = 0; cls < 2; cls++) {
                            CutoffCounter.ClassStats r = cls == 1 ? ref.same() : ref.different();
                            CutoffCounter.ClassStats s = cls == 1 ? c.same() : c.different();
                            assertEquals(r.count(), s.count(), where);
                            assertEquals(r.nan(), s.nan(), where);
                            assertEquals(r.min(), s.min(), 0.0, where + " min");
                            assertEquals(r.max(), s.max(), 0.0, where + " max");
                            assertEquals(r.mean(), s.mean(), 1e-14 * Math.abs(r.mean()), where + " mean");
                            assertEquals(r.std(), s.std(), 1e-9 * r.std(), where + " std");
                        }
                    }
                }
            }
        }
    }

    /**
     * Bin edges and cutoffs on the distances themselves (and one ulp either side), near-duplicate pairs and a
     * duplicate: the decisions the margin leaves open, which the correction pass must settle exactly.
     */
    @Test
    void decisionsOnTheBoundaryAreSettledExactly() {
        Labelled e = clustered(400, 12, 128, 0.05, 5);
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 10; i < 20; i++) { // near duplicates of row i - 10, 1e-7 to 1e-3 apart
            float[] v = e.vectors()[i - 10].clone();
            double scale = Math.pow(10, -3 - 4 * r.nextDouble());
            for (int k = 0; k < v.length; k++) v[k] += (float) (scale * r.nextGaussian());
            e.vectors()[i] = v;
        }
        e.vectors()[30] = e.vectors()[31].clone();
        for (DistanceMetric m : DistanceMetric.values()) {
            double[] d = doubles(m, e);
            boolean[] same = same(e);
            double[] sorted = d.clone();
            Arrays.sort(sorted);
            double[] cutoffs = new double[12];
            for (int q = 0; q < 4; q++) {
                double x = sorted[(q + 1) * d.length / 5];
                cutoffs[3 * q] = x;
                cutoffs[3 * q + 1] = Math.nextDown(x);
                cutoffs[3 * q + 2] = Math.nextUp(x);
            }
            // bin edges within an ulp or two of a distance
            double w = sorted[d.length / 2] / 37;
            int bins = 80;
            long[][] hist = new long[2][bins + 1];
            double inv = 1.0 / w;
            for (int p = 0; p < d.length; p++) {
                double v = d[p];
                hist[same[p] ? 1 : 0][v >= 0 && v < bins * w ? Math.min(bins - 1, (int) (v * inv)) : bins]++;
            }
            PrecisionRecallTable expected = PrecisionRecallTable.of(OperatingCurve.of(d, same), cutoffs);
            for (AllPairs.Engine engine : engines()) {
                for (boolean lanes : lanes()) {
                    CutoffCounter.Counts c = CutoffCounter.run(m, e.vectors(), e.labels(), cutoffs, w, bins, 2, engine,
                            lanes);
                    String where = m + " " + engine + " lanes " + lanes;
                    assertTrue(matches(c, expected), where);
                    assertArrayEquals(hist[1], c.sameHistogram(), where);
                    assertArrayEquals(hist[0], c.differentHistogram(), where);
                    if (engine == AllPairs.Engine.BLOCKED && (m == DistanceMetric.EUCLIDEAN
                            || m == DistanceMetric.EUCLIDEAN_L2)) {
                        assertTrue(c.recomputed() > 0, m + ": the correction pass ran (" + c.recomputed() + " pairs)");
                        assertTrue(c.recomputed() < d.length / 100, m + ": and recomputed few (" + c.recomputed() + ")");
                    }
                }
            }
        }
    }

    /**
     * One or two cutoffs inside bins (the vector path's second loop), placed on distances themselves, beside cutoffs
     * on bin edges: every path counts as the stored distances.
     */
    @Test
    void cutoffsInsideBinsAreCountedExactly() {
        Labelled e = clustered(500, 20, 128, 0.05, 9);
        for (DistanceMetric m : DistanceMetric.values()) {
            double[] d = doubles(m, e);
            boolean[] same = same(e);
            double[] sorted = d.clone();
            Arrays.sort(sorted);
            double a = sorted[d.length / 3], b = sorted[2 * d.length / 3];
            double[][] sets = {{a}, {b, 0.5, a}, {Math.nextUp(a), a, 0.3, 2.0}, {a, a}};
            for (double[] cutoffs : sets) {
                PrecisionRecallTable expected = PrecisionRecallTable.of(OperatingCurve.of(d, same), cutoffs);
                for (AllPairs.Engine engine : engines()) {
                    for (boolean lanes : lanes()) {
                        CutoffCounter.Counts c = CutoffCounter.run(m, e.vectors(), e.labels(), cutoffs, 0.01, 200, 2,
                                engine, lanes);
                        assertTrue(matches(c, expected), m + " " + Arrays.toString(cutoffs) + " " + engine + " lanes "
                                + lanes);
                    }
                }
            }
        }
    }

    /**
     * The dlib embeddings of DeepFace's 61 test photos (the ones the study tests use): every engine counts exactly as
     * the stored distances, for every metric, with seed 002's cutoffs and with cutoffs on the distances themselves.
     */
    @Test
    void realEmbeddingsCountExactlyOnEveryEngine() {
        var people = dev.facecal.study.StudyData.unitPeople();
        var unit = dev.facecal.study.scale.LabelledEmbeddings.of("deepface-unit, dlib", people,
                dev.facecal.study.StudyData.unitEmbeddings());
        Labelled e = new Labelled(unit.vectors(), unit.identity());
        for (DistanceMetric m : DistanceMetric.values()) {
            double[] d = doubles(m, e);
            boolean[] same = same(e);
            double[] sorted = d.clone();
            Arrays.sort(sorted);
            double[] onDistances = {sorted[3], sorted[d.length / 4], sorted[d.length / 2], sorted[3 * d.length / 4]};
            CutoffCounter.Counts ref = CutoffCounter.reference(m, e.vectors(), e.labels(), SEED_002, 0.01, 200, 1,
                    AllPairs.Engine.PLAIN);
            for (double[] cutoffs : new double[][] {SEED_002, onDistances}) {
                PrecisionRecallTable expected = PrecisionRecallTable.of(OperatingCurve.of(d, same), cutoffs);
                for (AllPairs.Engine engine : engines()) {
                    for (boolean lanes : lanes()) {
                        CutoffCounter.Counts c = CutoffCounter.run(m, e.vectors(), e.labels(), cutoffs, 0.01, 200, 2,
                                engine, lanes);
                        String where = m + " " + engine + " lanes " + lanes;
                        assertTrue(matches(c, expected), where);
                        if (cutoffs == SEED_002) {
                            assertArrayEquals(ref.sameHistogram(), c.sameHistogram(), where);
                            assertArrayEquals(ref.differentHistogram(), c.differentHistogram(), where);
                            assertEquals(ref.same().min(), c.same().min(), 0.0, where);
                            assertEquals(ref.different().max(), c.different().max(), 0.0, where);
                        }
                    }
                }
            }
        }
    }

    @Test
    void nanDistancesAreAcceptedAtNoCutoffAsConfusionAtCountsThem() {
        Labelled e = clustered(60, 5, 8, 0.05, 3);
        e.vectors()[4] = new float[8]; // a zero vector: cosine distance NaN
        double[] d = doubles(DistanceMetric.COSINE, e);
        boolean[] same = same(e);
        double[] cut = {0.0, 0.2, 1.0, 2.0};
        for (boolean lanes : lanes()) {
            CutoffCounter.Counts c = CutoffCounter.run(DistanceMetric.COSINE, e.vectors(), e.labels(), cut, 0.05, 40,
                    2, AllPairs.Engine.best(), lanes);
            for (int q = 0; q < cut.length; q++) {
                assertEquals(Confusion.at(d, same, cut[q]), c.confusions()[q]);
            }
            assertEquals(59, c.same().nan() + c.different().nan());
        }
    }

    @Test
    void storedPathIsPrecisionRecallTableOfTheStoredDistances() {
        Labelled e = clustered(120, 6, 10, 0.05, 13);
        PrecisionRecallTable t = CutoffCounter.stored(DistanceMetric.EUCLIDEAN, e.vectors(), e.labels(), SEED_002);
        assertEquals(PrecisionRecallTable.of(OperatingCurve.of(doubles(DistanceMetric.EUCLIDEAN, e), same(e)),
                SEED_002), t);
        assertTrue(matches(run(DistanceMetric.EUCLIDEAN, e, SEED_002, 0.01, 200, 2), t));
    }

    @Test
    void rejectsBadHistogramsAndLabels() {
        float[][] v = clustered(3, 1, 4, 0.1, 1).vectors();
        int[] labels = new int[3];
        var w = assertThrows(IllegalArgumentException.class,
                () -> CutoffCounter.run(DistanceMetric.COSINE, v, labels, new double[] {0.5}, 0, 10, 1));
        assertEquals("bin width must be positive, got 0.0", w.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> CutoffCounter.run(DistanceMetric.COSINE, v, labels, new double[] {0.5}, 0.1, 0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> CutoffCounter.run(DistanceMetric.COSINE, v, labels, new double[] {Double.NaN}, 0.1, 10, 1));
        var l = assertThrows(IllegalArgumentException.class,
                () -> CutoffCounter.run(DistanceMetric.COSINE, v, new int[2], new double[] {0.5}, 0.1, 10, 1));
        assertEquals("3 embeddings but 2 labels", l.getMessage());
    }
}
