package dev.facecal.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.calibrate.Confusion;
import dev.facecal.calibrate.Evaluation;
import dev.facecal.dataset.Dataset;
import dev.facecal.dataset.Identity;
import dev.facecal.distance.DistanceMetric;
import dev.facecal.pairs.Pair;
import dev.facecal.pairs.PairGenerator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import dev.facecal.notebook.FaceGallery;
import dev.facecal.notebook.Seed004Tables;
import dev.facecal.pairs.SplitPart;
import tech.tablesaw.api.Table;

/** The study's computations against their definitions, on the real photos (dlib embeddings). */
class SplitThresholdStudyTest {
    private static final double TRAIN = 0.6, VAL = 0.2;

    private static SplitThresholdStudy.Result run(long splitSeed) {
        return SplitThresholdStudy.plan(StudyData.unitPeople(), TRAIN, VAL, splitSeed, 7)
                .run(StudyData.unitEmbeddings(), DistanceMetric.EUCLIDEAN);
    }

    @Test
    void planSplitsPeopleAndBalancesPairsWithinEachSplit() {
        Dataset people = StudyData.unitPeople();
        SplitThresholdStudy.Plan plan = SplitThresholdStudy.plan(people, TRAIN, VAL, 42, 7);
        assertEquals(61, plan.photos().size());
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (SplitPart part : SplitThresholdStudy.PARTS) {
            Dataset d = plan.part(part);
            total += d.size();
            for (Identity i : d.identities()) assertTrue(seen.add(i.name()), i.name() + " is in two splits");
            Set<String> files = new HashSet<>();
            d.images().forEach(i -> files.add(i.file()));
            List<Pair> pairs = plan.pairs().get(part);
            assertEquals(2 * PairGenerator.positiveCount(d), pairs.size(), part.label());
            for (int k = 0; k < pairs.size(); k++) {
                assertEquals(k % 2 == 0, pairs.get(k).same(), part + " pair " + k);
                assertTrue(files.contains(pairs.get(k).fileX()) && files.contains(pairs.get(k).fileY()),
                        part + ": pair " + pairs.get(k) + " leaves the split");
            }
        }
        assertEquals(people.size(), total);
        Table counts = Seed004Tables.pairCounts(plan);
        assertEquals(List.of("train", "validation", "test"), counts.stringColumn("split").asList());
        assertEquals(plan.pairs().get(SplitPart.TEST).size(), counts.intColumn("pairs").get(2));
        assertEquals(13, Seed004Tables.people(plan).rowCount());
    }

    @Test
    void chosenThresholdMaximisesF1OnValidationSmallestOnTies() {
        for (long seed : new long[] {1, 3, 42}) {
            SplitThresholdStudy.Result r = run(seed);
            SplitThresholdStudy.Part v = r.part(SplitPart.VALIDATION);
            double best = -1, bestT = Double.NaN;
            double[] sorted = v.distances().clone();
            java.util.Arrays.sort(sorted);
            for (double t : sorted) {
                double f1 = Confusion.at(v.distances(), v.positive(), t).f1();
                if (f1 > best) {
                    best = f1;
                    bestT = t;
                }
            }
            assertEquals(bestT, r.chosen().threshold(), 0.0, "seed " + seed);
            assertEquals(best, r.chosen().f1(), 0.0);
            for (SplitPart part : SplitThresholdStudy.PARTS) {
                SplitThresholdStudy.Part p = r.part(part);
                assertEquals(Confusion.at(p.distances(), p.positive(), bestT), r.atChosen(part).confusion());
            }
        }
    }

    @Test
    void aThresholdChosenOnASplitIsTheBestThereCrossTable() {
        SplitThresholdStudy.Result r = run(42);
        Table t = Seed004Tables.cross(r);
        assertEquals(3, t.rowCount());
        for (int col = 0; col < 3; col++) {
            SplitPart on = SplitThresholdStudy.PARTS.get(col);
            double own = t.doubleColumn("F1 on " + on.label()).get(col);
            for (int row = 0; row < 3; row++) {
                assertTrue(own >= t.doubleColumn("F1 on " + on.label()).get(row), "F1 on " + on.label() + ": row " + row);
            }
            assertEquals(r.part(on).f1Max().threshold(), t.doubleColumn("threshold").get(col), 0.0);
        }
        Table seedTable = Seed004Tables.atChosen(r);
        assertEquals(List.of(r.part(SplitPart.TRAIN).size(), r.part(SplitPart.VALIDATION).size(), r.part(SplitPart.TEST).size()),
                seedTable.intColumn("N-pairs").asList());
        assertEquals(r.atChosen(SplitPart.TEST).f1(), seedTable.doubleColumn("F1").get(2), 0.0);
    }

    @Test
    void bootstrapIsSeededAndBounded() {
        SplitThresholdStudy.Result r = run(42);
        var a = r.bootstrap(200, 5);
        var b = r.bootstrap(200, 5);
        assertEquals(a.thresholdInterval(), b.thresholdInterval());
        for (SplitPart part : SplitThresholdStudy.PARTS) {
            assertEquals(a.f1(part), b.f1(part));
            assertTrue(a.f1(part).low() >= 0 && a.f1(part).high() <= 1);
        }
        double min = java.util.Arrays.stream(r.part(SplitPart.VALIDATION).distances()).min().orElseThrow();
        double max = java.util.Arrays.stream(r.part(SplitPart.VALIDATION).distances()).max().orElseThrow();
        assertTrue(a.thresholdInterval().low() >= min && a.thresholdInterval().high() <= max);
        assertEquals(5, Seed004Tables.intervals(a).rowCount());
        assertThrows(IllegalArgumentException.class, () -> SplitPart.parse("holdout"));
    }

    @Test
    void repeatRunsOneStudyPerSplitSeed() {
        SplitThresholdStudy.Repeats rep = SplitThresholdStudy.repeat(StudyData.unitPeople(), StudyData.unitEmbeddings(),
                DistanceMetric.EUCLIDEAN, TRAIN, VAL, 1, 3, 7);
        assertEquals(3, rep.results().size());
        for (int i = 0; i < 3; i++) {
            Evaluation alone = run(1 + i).chosen();
            assertEquals(alone.threshold(), rep.results().get(i).chosen().threshold(), 0.0);
            assertEquals(rep.results().get(i).atChosen(SplitPart.TEST).f1(), rep.f1(SplitPart.TEST)[i], 0.0);
        }
        assertEquals(3, Seed004Tables.repeats(rep).rowCount());
        Table s = Seed004Tables.repeatSummary(rep);
        assertEquals(0, s.intColumn("seeds with F1 < validation F1").get(1));
    }

    @Test
    void figuresTilesAndPublishedTable() {
        SplitThresholdStudy.Result r = run(42);
        assertEquals(4, dev.facecal.report.Figures.f1Curves(r).traceCount());
        assertEquals(List.of("train", "validation", "test"), List.copyOf(r.curves().keySet()));
        var byClass = r.distancesByClass(SplitPart.VALIDATION);
        assertEquals(r.part(SplitPart.VALIDATION).size(), byClass.firstEntry().getValue().length + byClass.lastEntry().getValue().length);
        var tiles = new FaceGallery(StudyData.embedding().faces()).splitPairs(r, SplitPart.TEST, 2);
        assertEquals(2, tiles.size());
        assertTrue(tiles.get(0).caption().contains("(same person)"), tiles.get(0).caption());
        assertTrue(tiles.get(1).caption().contains("(different people)"), tiles.get(1).caption());
        Table pub = Seed004Tables.published();
        assertEquals(List.of(12000, 12000, 420), pub.intColumn("N-pairs").asList());
        assertEquals(0.5761, pub.doubleColumn("F1").get(2), 0.0);
        assertThrows(IllegalArgumentException.class, () -> SplitPart.parse("holdout"));
    }
}
