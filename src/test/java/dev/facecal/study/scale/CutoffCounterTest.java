package dev.facecal.study.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.calibrate.Confusion;
import dev.facecal.calibrate.OperatingCurve;
import dev.facecal.calibrate.PrecisionRecallTable;
import dev.facecal.distance.AllPairs;
import dev.facecal.distance.DistanceMetric;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The streaming counter against the stored-distance path ({@link PrecisionRecallTable}): exactly equal. */
class CutoffCounterTest {

    /** Clustered embeddings: {@code persons} centres, photos around them. */
    static LabelledEmbeddings clustered(int n, int persons, int dim, double noise, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] centre = new double[persons][dim];
        for (double[] c : centre) for (int k = 0; k < dim; k++) c[k] = r.nextGaussian() * 0.1;
        float[][] v = new float[n][dim];
        int[] label = new int[n];
        for (int i = 0; i < n; i++) {
            label[i] = r.nextInt(persons);
            for (int k = 0; k < dim; k++) v[i][k] = (float) (centre[label[i]][k] + noise * r.nextGaussian());
        }
        String[] names = new String[persons];
        Arrays.setAll(names, p -> "p" + p);
        return new LabelledEmbeddings("test", true, v, label, names);
    }

    static double[] doubles(DistanceMetric m, LabelledEmbeddings e) {
        double[] d = new double[(int) AllPairs.pairCount(e.size())];
        AllPairs.into(m, e.vectors(), d, 1);
        return d;
    }

    static boolean[] labels(LabelledEmbeddings e) {
        int n = e.size();
        boolean[] same = new boolean[(int) AllPairs.pairCount(n)];
        int p = 0;
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) same[p++] = e.identity()[i] == e.identity()[j];
        return same;
    }

    @Test
    void countsEqualPrecisionRecallTableExactlyForEveryThreadCount() {
        LabelledEmbeddings e = clustered(700, 40, 24, 0.05, 7);
        for (DistanceMetric m : DistanceMetric.values()) {
            double[] d = doubles(m, e);
            boolean[] same = labels(e);
            OperatingCurve curve = OperatingCurve.of(d, same);
            double[] sorted = d.clone();
            Arrays.sort(sorted);
            // seed 002's cutoffs (on bin edges), cutoffs that are distances themselves (ties at the boundary),
            // unsorted, with a duplicate, and beyond the histogram
            double[][] sets = {PrecisionRecallTable.SEED_002_CUTOFFS,
                    {sorted[10], sorted[d.length / 3], sorted[d.length / 2], sorted[d.length - 5]},
                    {0.9, 0.1, 0.5, 0.5, 0.3, 7.0, -1.0}};
            for (double[] cutoffs : sets) {
                PrecisionRecallTable expected = PrecisionRecallTable.of(curve, cutoffs);
                for (int threads : new int[] {1, 2, 3}) {
                    CutoffCounts c = CutoffCounter.run(m, e, cutoffs, 0.01, 150, threads);
                    assertTrue(c.matches(expected), m + " " + Arrays.toString(cutoffs) + " threads " + threads);
                    assertEquals(expected, c.precisionRecall(), m + " threads " + threads);
                    assertEquals(curve.positives(), c.positives());
                    assertEquals(curve.negatives(), c.negatives());
                    assertEquals(d.length, c.pairs());
                }
            }
        }
    }

    @Test
    void histogramAndStatisticsMatchTheStoredDistances() {
        LabelledEmbeddings e = clustered(500, 30, 16, 0.04, 11);
        double[] d = doubles(DistanceMetric.EUCLIDEAN, e);
        boolean[] same = labels(e);
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
        CutoffCounts one = CutoffCounter.run(DistanceMetric.EUCLIDEAN, e, PrecisionRecallTable.SEED_002_CUTOFFS, w, bins, 1);
        CutoffCounts three = CutoffCounter.run(DistanceMetric.EUCLIDEAN, e, PrecisionRecallTable.SEED_002_CUTOFFS, w, bins, 3);
        for (CutoffCounts c : new CutoffCounts[] {one, three}) {
            assertTrue(Arrays.equals(hist[1], c.sameHistogram()), "same-person histogram");
            assertTrue(Arrays.equals(hist[0], c.differentHistogram()), "different-person histogram");
            assertEquals(n[1], c.same().count());
            assertEquals(sum[1] / n[1], c.same().mean(), 1e-12);
            assertEquals(sum[0] / n[0], c.different().mean(), 1e-12);
            assertEquals(min[1], c.same().min(), 0.0);
            assertEquals(max[0], c.different().max(), 0.0);
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
    void nanDistancesAreAcceptedAtNoCutoffAsConfusionAtCountsThem() {
        LabelledEmbeddings e = clustered(60, 5, 8, 0.05, 3);
        e.vectors()[4] = new float[8]; // a zero vector: cosine distance NaN
        double[] d = doubles(DistanceMetric.COSINE, e);
        boolean[] same = labels(e);
        CutoffCounts c = CutoffCounter.run(DistanceMetric.COSINE, e, new double[] {0.0, 0.2, 1.0, 2.0}, 0.05, 40, 2);
        double[] cut = {0.0, 0.2, 1.0, 2.0};
        for (int q = 0; q < cut.length; q++) {
            assertEquals(Confusion.at(d, same, cut[q]), c.confusions()[q]);
        }
        assertEquals(59, c.same().nan() + c.different().nan());
    }

    @Test
    void synthetic819MillionPairsRunAndCountEveryPair() {
        LabelledEmbeddings e = SyntheticEmbeddings.lfwLike(2019).labelled();
        CutoffCounts c = CutoffCounter.run(DistanceMetric.EUCLIDEAN, e, PrecisionRecallTable.SEED_002_CUTOFFS, 0.01, 200, 0);
        assertEquals(Seed002.PAIRS, c.pairs());
        assertEquals(e.positivePairs(), c.positives());
        assertEquals(Seed002.PAIRS, c.positives() + c.negatives());
        assertEquals(Seed002.PAIRS, Arrays.stream(c.sameHistogram()).sum() + Arrays.stream(c.differentHistogram()).sum());
        Confusion last = c.confusions()[c.confusions().length - 1];
        assertEquals(c.positives(), last.tp() + last.fn());
        assertTrue(c.seconds() > 0 && c.pairsPerSecond() > 0);
        assertEquals(9, dev.facecal.notebook.Seed002Tables.run(c, "run").rowCount());
        assertEquals(10, c.precisionRecall().rows().size());
    }

    @Test
    void rejectsBadHistograms() {
        assertThrows(IllegalArgumentException.class, () -> new CutoffCounter(new int[3], new double[] {0.5}, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new CutoffCounter(new int[3], new double[] {0.5}, 0.1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new CutoffCounter(new int[3], new double[] {Double.NaN}, 0.1, 10));
    }
}
