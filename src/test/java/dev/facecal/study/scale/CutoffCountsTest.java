package dev.facecal.study.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.calibrate.Confusion;
import dev.facecal.calibrate.PrecisionRecallTable;
import dev.facecal.distance.CutoffCounter;
import dev.facecal.distance.DistanceMetric;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Notebook 04's at-scale pass: every one of the 81.9 M pairs counted, and the counter's result as its tables. */
class CutoffCountsTest {

    @Test
    void synthetic819MillionPairsRunAndCountEveryPair() {
        LabelledEmbeddings e = SyntheticEmbeddings.lfwLike(2019).labelled();
        CutoffCounts c = CutoffCounts.count(DistanceMetric.EUCLIDEAN, e, PrecisionRecallTable.SEED_002_CUTOFFS, 0.01, 200, 0);
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
    void theCountersResultBecomesTheRecordUnchanged() {
        float[][] v = {{0f, 0f}, {0.5f, 0f}, {1f, 0f}, {0f, 1f}};
        int[] labels = {0, 0, 1, 1};
        CutoffCounter.Counts raw = CutoffCounter.run(DistanceMetric.EUCLIDEAN, v, labels, new double[] {0.5, 1.0},
                0.25, 8, 1);
        CutoffCounts c = CutoffCounts.of(raw);
        assertEquals(raw.pairs(), c.pairs());
        assertEquals(6, c.pairs());
        assertEquals(2, c.positives());
        assertTrue(Arrays.equals(raw.confusions(), c.confusions()));
        assertTrue(Arrays.equals(raw.sameHistogram(), c.sameHistogram()));
        assertEquals(raw.different().mean(), c.different().mean(), 0.0);
        assertEquals(raw.same().max(), c.same().max(), 0.0);
        // same-person pairs (0,1) = 0.5 and (2,3) = sqrt(2): one accepted at 0.5
        assertEquals(1, c.confusions()[0].tp());
    }

    @Test
    void namedOptionsCountAsThePositionalCallAndAConfusionIsFoundByItsCutoff() {
        float[][] v = {{0f, 0f}, {0.5f, 0f}, {1f, 0f}, {0f, 1f}, {0.2f, 0.9f}};
        LabelledEmbeddings e = new LabelledEmbeddings("five points", true, v, new int[] {0, 0, 1, 1, 1},
                new String[] {"a", "b"});
        CutoffCounts.Options o = CutoffCounts.Options.at(0.5, 1.0).binWidth(0.25).bins(8).threads(1);
        CutoffCounts named = CutoffCounts.count(DistanceMetric.EUCLIDEAN, e, o);
        CutoffCounts positional = CutoffCounts.count(DistanceMetric.EUCLIDEAN, e, new double[] {0.5, 1.0}, 0.25, 8, 1);
        assertEquals(Arrays.toString(positional.confusions()), Arrays.toString(named.confusions()));
        assertTrue(Arrays.equals(positional.sameHistogram(), named.sameHistogram()));
        assertEquals(named.confusions()[1], named.confusionAt(1.0));
        // same-person pairs (0,1) at 0.5, (2,3) at 1.414, (2,4) at 1.2, (3,4) at 0.224: two of four within 1.0
        assertEquals(2, named.confusionAt(1.0).tp());
        IllegalArgumentException notCounted = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> named.confusionAt(0.6));
        assertTrue(notCounted.getMessage().contains("[0.5, 1.0]"), notCounted.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> o.bins(0));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> o.binWidth(-1));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> CutoffCounts.Options.at(Double.NaN));
        assertEquals(200, CutoffCounts.Options.at(0.6).bins());
    }
}
