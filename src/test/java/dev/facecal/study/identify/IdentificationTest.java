package dev.facecal.study.identify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.notebook.FaceGallery;
import dev.facecal.notebook.Seed003Tables;
import dev.facecal.study.StudyData;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rank-1 identification, the stratified split and the classification head on the 61 real photos (dlib). */
class IdentificationTest {
    static LabelledPhotos set;

    @BeforeAll
    static void load() {
        set = LabelledPhotos.of(StudyData.unitPeople(), StudyData.unitEmbeddings());
    }

    @Test
    void photosAndGallery() {
        assertEquals(61, set.size());
        assertEquals(13, set.identities());
        int[] first = set.firstPhotos();
        assertEquals("img1.jpg", set.files().get(first[0]));
        assertEquals("img38.jpg", set.files().get(first[12]));
    }

    @Test
    void rankOneAgainstBruteForce() {
        RankOneIdentification r = RankOneIdentification.of(set);
        assertEquals(48, r.total());
        int[] gallery = set.firstPhotos();
        long correct = 0;
        for (var p : r.probes()) {
            int best = -1;
            double bs = Double.NEGATIVE_INFINITY;
            for (int g = 0; g < gallery.length; g++) {
                double s = Similarity.cosine(set.vectors()[p.index()], set.vectors()[gallery[g]]);
                if (s > bs) {
                    bs = s;
                    best = g;
                }
            }
            assertEquals(set.identityNames().get(best), p.predicted(), p.file());
            assertEquals(bs, p.similarity(), 0.0);
            assertEquals(p.correct(), p.identity().equals(p.predicted()));
            if (p.correct()) correct++;
        }
        assertEquals(correct, r.correct());
        // what notebook 05 shows: one probe, Elon's img67.jpg, is nearer Mark's gallery photo
        assertEquals(47, r.correct());
        assertEquals(List.of("img67.jpg"), r.errors().stream().map(RankOneIdentification.Probe::file).toList());
        assertEquals(48, Seed003Tables.probes(r).rowCount());
        assertEquals(13, Seed003Tables.gallery(r).rowCount());
        var tiles = new FaceGallery(StudyData.embedding().faces()).rankOneErrors(r, 6);
        assertEquals(1, tiles.size());
        assertNotNull(tiles.get(0).left());
        assertTrue(tiles.get(0).caption().contains("img67.jpg"));
    }

    @Test
    void stratifiedSplitFollowsItsRule() {
        StratifiedSplit s = StratifiedSplit.of(set.identity(), 0.15, 0.15, 2026);
        assertEquals(s.train().length + s.validation().length + s.test().length, set.size());
        Set<Integer> all = new HashSet<>();
        for (int[] part : new int[][] {s.train(), s.validation(), s.test()}) for (int i : part) assertTrue(all.add(i));
        int[] perPerson = new int[13], tr = new int[13], va = new int[13], te = new int[13];
        for (int l : set.identity()) perPerson[l]++;
        for (int i : s.train()) tr[set.identity()[i]]++;
        for (int i : s.validation()) va[set.identity()[i]]++;
        for (int i : s.test()) te[set.identity()[i]]++;
        for (int p = 0; p < 13; p++) {
            int n = perPerson[p];
            assertEquals(Math.max(1, Math.round(n * 0.15)), te[p], "test of person " + p);
            assertEquals(n >= 3 ? Math.max(1, Math.round(n * 0.15)) : 0, va[p], "validation of person " + p);
            assertTrue(tr[p] >= 1);
        }
        assertEquals(13, s.test().length);
        assertEquals(10, s.validation().length);
        assertTrue(Arrays.equals(s.test(), StratifiedSplit.of(set.identity(), 0.15, 0.15, 2026).test()), "seeded");
        assertEquals(14, Seed003Tables.split(s, set.identityNames(), set.identity()).rowCount());
    }

    @Test
    void classificationHeadOnRealEmbeddings() {
        StratifiedSplit s = StratifiedSplit.of(set.identity(), 0.15, 0.15, 2026);
        ClassificationHead.Result r = ClassificationHead.train(set, s);
        assertEquals(ClassificationHead.DEFAULT_LAMBDAS.length, r.trials().size());
        assertTrue(Arrays.stream(ClassificationHead.DEFAULT_LAMBDAS).anyMatch(l -> l == r.lambda()));
        double bestLoss = r.trials().stream().mapToDouble(ClassificationHead.Trial::validationLoss).min().orElseThrow();
        assertEquals(bestLoss, r.validation().logLoss(), 1e-12, "the chosen lambda has the smallest validation loss");
        assertEquals(38, r.train().count());
        assertEquals(13, r.test().count());
        assertEquals(1.0, r.train().top1(), 0.0);
        assertTrue(r.test().top1() >= 0.75, "test top-1 " + r.test().top1());
        assertTrue(r.test().top5() >= r.test().top1());
        assertEquals(r.testCorrect(), Math.round(r.test().top1() * 13));
        for (var p : r.all()) {
            assertTrue(p.confidence() >= p.trueProbability());
            assertEquals(p.correct(), p.rank() == 1);
        }
        long[] bins = ClassificationHead.bins(r.testPredictions());
        assertEquals(13, bins[0] + bins[1] + bins[2]);
        assertEquals(3, Seed003Tables.headConfidence(r).rowCount());
        assertEquals(r.testErrors().size(), new FaceGallery(StudyData.embedding().faces()).headErrors(r, 10).size());
        var summary = Seed003Tables.compare(SimilarityVerification.of(dev.facecal.pipeline.ScoredPairs.of(
                StudyData.unitPeople(), dev.facecal.pairs.PairGenerator.all(StudyData.unitPeople()),
                StudyData.unitEmbeddings())), RankOneIdentification.of(set), Similarity.DEEPFACE_DLIB_SIMILARITY, r);
        assertEquals(6, summary.rowCount());
    }

    @Test
    void headSeparatesWellSeparatedClusters() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(4);
        int persons = 5, per = 10, dim = 6;
        float[][] v = new float[persons * per][dim];
        int[] y = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            y[i] = i / per;
            for (int k = 0; k < dim; k++) v[i][k] = (float) ((k == y[i] ? 3 : 0) + 0.3 * rng.nextGaussian());
        }
        List<String> files = java.util.stream.IntStream.range(0, v.length).mapToObj(i -> "f" + i).toList();
        List<Path> paths = files.stream().map(Path::of).toList();
        LabelledPhotos toy = new LabelledPhotos(files, paths, y, List.of("a", "b", "c", "d", "e"), v);
        var r = ClassificationHead.train(toy, StratifiedSplit.of(y, 0.2, 0.2, 1));
        assertEquals(1.0, r.test().top1(), 0.0);
        assertEquals(10, r.test().count());
        assertEquals("High", ClassificationHead.bin(0.95));
        assertEquals("Medium", ClassificationHead.bin(0.5));
        assertEquals("Low", ClassificationHead.bin(0.49));
        assertThrows(IllegalArgumentException.class, () -> StratifiedSplit.of(y, 0.6, 0.5, 1));
    }
}
