package dev.facecal.study.scale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.calibrate.PrecisionRecallTable;
import dev.facecal.distance.DistanceMetric;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SyntheticEmbeddingsTest {

    @Test
    void seedTwoShapeAndDeterminism() {
        SyntheticEmbeddings a = SyntheticEmbeddings.lfwLike(2019), b = SyntheticEmbeddings.lfwLike(2019);
        assertEquals(Seed002.IMAGES, a.size());
        assertEquals(Seed002.PEOPLE, a.identities());
        int[] counts = a.photoCounts();
        assertEquals(Seed002.IMAGES, Arrays.stream(counts).sum());
        assertTrue(Arrays.stream(counts).allMatch(c -> c >= 1));
        for (int i = 1; i < a.size(); i++) assertTrue(a.identity()[i] >= a.identity()[i - 1], "persons contiguous");
        for (int i = 0; i < a.size(); i += 97) assertArrayEquals(a.vectors()[i], b.vectors()[i]);
        assertFalse(Arrays.equals(a.vectors()[0], SyntheticEmbeddings.lfwLike(2020).vectors()[0]));
        assertEquals(265_211, a.positivePairs());
        // LFW-like: most people have one photo, a few have hundreds
        long single = Arrays.stream(counts).filter(c -> c == 1).count();
        assertTrue(single > Seed002.PEOPLE / 2, "singletons: " + single);
        assertTrue(Arrays.stream(counts).max().getAsInt() > 100);
        assertEquals(a.positivePairs(), a.labelled().positivePairs());
        assertEquals(Seed002.PAIRS, a.labelled().pairs());
    }

    @Test
    void normsAreAboutThoseOfTheDlibModel() {
        SyntheticEmbeddings a = SyntheticEmbeddings.lfwLike(1);
        double sum = 0;
        for (float[] v : a.vectors()) {
            double s = 0;
            for (float x : v) s += x * x;
            sum += Math.sqrt(s);
        }
        double mean = sum / a.size();
        // the dlib model here: norms 1.32 to 1.59 on DeepFace's test photos
        assertTrue(mean > 1.4 && mean < 1.8, "mean norm " + mean);
        assertEquals(128, a.vectors()[0].length);
    }

    /**
     * The tuning the Javadoc describes: the streamed precision/recall table of {@code lfwLike(2019)} lies near seed
     * 002's published one at the cutoffs where it changes (0.3 to 0.6).
     */
    @Test
    void distancesLookLikeSeedTwosTable() {
        CutoffCounts c = CutoffCounts.count(DistanceMetric.EUCLIDEAN, SyntheticEmbeddings.lfwLike(2019).labelled(),
                PrecisionRecallTable.SEED_002_CUTOFFS, 0.01, 200, 0);
        var rows = c.precisionRecall().rows();
        for (int i = 1; i <= 6; i++) {
            assertEquals(Seed002.RECALL[i], rows.get(i).recall(), 0.05, "recall at " + Seed002.CUTOFFS[i]);
            assertEquals(Seed002.PRECISION[i], rows.get(i).precision(), 0.05, "precision at " + Seed002.CUTOFFS[i]);
        }
        assertEquals(0.43, c.same().mean(), 0.02);
        assertTrue(c.different().mean() > 0.8 && c.different().mean() < 1.0, "different mean " + c.different().mean());
    }

    @Test
    void smallCollectionsAndBadArguments() {
        var shape = SyntheticEmbeddings.Shape.dlibLike();
        SyntheticEmbeddings s = SyntheticEmbeddings.of(50, 10, shape, 5);
        assertEquals(50, s.size());
        assertEquals(10, Arrays.stream(s.photoCounts()).filter(c -> c > 0).count());
        assertThrows(IllegalArgumentException.class, () -> SyntheticEmbeddings.of(5, 10, shape, 1));
        assertThrows(IllegalArgumentException.class, () -> new SyntheticEmbeddings.Shape(128, 0.3, 0, 0, 1, 0, 0.3,
                0.2, 1.5, 2.3, 600));
        assertEquals(128, new SyntheticEmbeddings.Shape(128, 0.3, 1.0, 0, 1, 0, 0.3, 0.2, 1.5, 2.3, 600)
                .effectiveCentreDimensions(), 1e-9);
        assertEquals(19.0, new SyntheticEmbeddings.Shape(128, 0.3, 0.9, 0, 1, 0, 0.3, 0.2, 1.5, 2.3, 600)
                .effectiveCentreDimensions(), 0.1);
    }
}
