package dev.facecal.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.calibrate.Confusion;
import dev.facecal.pairs.SplitPart;
import dev.facecal.distance.DistanceMetric;
import dev.facecal.report.Marker;
import dev.facecal.report.ThresholdExplorer;
import dev.facecal.study.NotebookSource;
import dev.facecal.study.Notes;
import dev.facecal.study.SplitThresholdStudy;
import dev.facecal.study.StudyData;
import java.util.List;
import org.junit.jupiter.api.Test;

/** notebooks/06-threshold-selection.ipynb: the same library calls on the real photos, and the key values it shows. */
class Notebook06Test {
    private static final NotebookSource NOTEBOOK = NotebookSource.read("06-threshold-selection.ipynb");

    @Test
    void notebookFollowsTheRulesAndMakesTheseCalls() {
        NOTEBOOK.assertFollowsTheRules();
        String code = NOTEBOOK.allCode();
        for (String call : List.of("ws.unitPeople()", "double trainShare = 0.6, validationShare = 0.2;",
                "long splitSeed = 42L, pairSeed = 7L;",
                "SplitThresholdStudy.plan(people, trainShare, validationShare, splitSeed, pairSeed)",
                "plan.run(embeddings, DistanceMetric.EUCLIDEAN)", "Notes.threshold(\"f1_max on validation\", chosen.threshold())",
                "int resamples = 1000;", "long bootstrapSeed = 42L;", "result.bootstrap(resamples, bootstrapSeed)",
                "result.peopleBootstrap(SplitPart.TEST, resamples, bootstrapSeed)",
                "result.peopleBootstrapAll(resamples, bootstrapSeed)", "result.part(SplitPart.VALIDATION).f1MaxRange()",
                "SplitThresholdStudy.repeat(people, embeddings, DistanceMetric.EUCLIDEAN, trainShare, validationShare,",
                "firstSplitSeed, splitSeeds, pairSeed)", "plan.run(embeddings, DistanceMetric.COSINE)",
                "ThresholdExplorer.builder(\"Euclidean distances of the test pairs: move the threshold\", testPart.distances(),",
                "new Marker(\"f1_max on validation\", chosen.threshold())",
                "new Marker(\"f1_max on train\", result.part(SplitPart.TRAIN).f1Max().threshold())",
                "new Marker(\"f1_max on test\", testPart.f1Max().threshold())")) {
            assertTrue(code.contains(call), "the notebook no longer calls " + call);
        }
    }

    @Test
    void keyValues() {
        var plan = SplitThresholdStudy.plan(StudyData.unitPeople(), 0.6, 0.2, 42L, 7L);
        assertEquals("train 8, validation 3, test 2", plan.split().describe());
        assertEquals(List.of("Jack", "Sundar", "person-13"), plan.part(SplitPart.VALIDATION).identities().stream()
                .map(i -> i.name()).toList());
        assertEquals(List.of("Angelina", "Mark"), plan.part(SplitPart.TEST).identities().stream().map(i -> i.name()).toList());
        assertEquals("pairs (train): 170 (85 same, 85 different)", Notes.pairs("train", plan.pairs().get(SplitPart.TRAIN)));
        assertEquals("pairs (validation): 34 (17 same, 17 different)", Notes.pairs("validation", plan.pairs().get(SplitPart.VALIDATION)));
        assertEquals("pairs (test): 76 (38 same, 38 different)", Notes.pairs("test", plan.pairs().get(SplitPart.TEST)));

        var result = plan.run(StudyData.unitEmbeddings(), DistanceMetric.EUCLIDEAN);
        assertEquals(0.506205, result.chosen().threshold(), 1e-6);
        assertEquals(new Confusion(84, 1, 5, 80), result.atChosen(SplitPart.TRAIN).confusion());
        assertEquals(new Confusion(17, 0, 0, 17), result.atChosen(SplitPart.VALIDATION).confusion());
        assertEquals(new Confusion(38, 0, 4, 34), result.atChosen(SplitPart.TEST).confusion());
        assertEquals("F1 at threshold 0.506205: train 0.9639, validation 1.0000, test 0.9444", result.f1Note());
        assertEquals(0.531086, result.part(SplitPart.TRAIN).f1Max().threshold(), 1e-6);
        assertEquals(0.61694, result.part(SplitPart.TEST).f1Max().threshold(), 1e-6);

        // section 5's explorer on the test pairs: the three F1 thresholds are stops; its table at the start (the
        // chosen threshold) has the counts of the study's evaluation there
        var test = result.part(SplitPart.TEST);
        double[] stops = ThresholdExplorer.builder("test", test.distances(), test.positive())
                .methods(List.of(new Marker("f1_max on validation", result.chosen().threshold()),
                        new Marker("f1_max on train", result.part(SplitPart.TRAIN).f1Max().threshold()),
                        new Marker("f1_max on test", test.f1Max().threshold())))
                .positions();
        for (double t : List.of(0.506205, 0.531086, 0.61694)) {
            assertTrue(java.util.Arrays.stream(stops).anyMatch(s -> Math.abs(s - t) < 1e-6), t + " is a stop");
        }
        Confusion atChosen = result.atChosen(SplitPart.TEST).confusion();
        assertEquals(List.of("0.5062", Long.toString(atChosen.tp()), Long.toString(atChosen.fn()),
                Long.toString(atChosen.fp()), Long.toString(atChosen.tn())),
                ThresholdExplorer.values(test.curve(), result.chosen().threshold(), null).subList(0, 5));

        var intervals = result.bootstrap(1000, 42L);
        assertEquals("threshold 95% interval (validation resampled): [0.4256, 0.5062]",
                Notes.interval("threshold 95% interval (validation resampled)", intervals.thresholdInterval()));
        assertEquals("test F1 95% interval at the chosen threshold: [0.8857, 0.9885]",
                Notes.interval("test F1 95% interval at the chosen threshold", intervals.f1(SplitPart.TEST)));

        var repeats = SplitThresholdStudy.repeat(StudyData.unitPeople(), StudyData.unitEmbeddings(),
                DistanceMetric.EUCLIDEAN, 0.6, 0.2, 1L, 20, 7L);
        var summary = Seed004Tables.repeatSummary(repeats);
        assertEquals(List.of(20, 0, 15), summary.intColumn("seeds with F1 < validation F1").asList());

        // section 9: pairs or people resampled, against the 20 splits' test F1
        var byPairs = intervals.f1AtThreshold().get(SplitPart.TEST);
        var byTestPeople = result.peopleBootstrap(SplitPart.TEST, 1000, 42L);
        var byAllPeople = result.peopleBootstrapAll(1000, 42L);
        double[] testF1 = repeats.f1(SplitPart.TEST);
        long belowPairs = java.util.Arrays.stream(testF1).filter(f -> f < byPairs.f1().low()).count();
        long belowPeople = java.util.Arrays.stream(testF1).filter(f -> f < byAllPeople.f1().low()).count();
        // what the notebook's prose says: two test people give a one-point interval; all people resampled is no
        // wider than the pair bootstrap; the repeat falls below both lower bounds as often
        assertEquals(byTestPeople.f1().low(), byTestPeople.f1().high(), 0.0);
        assertTrue(byAllPeople.f1().high() - byAllPeople.f1().low() <= byPairs.f1().high() - byPairs.f1().low() + 1e-12);
        assertEquals(5, belowPairs);
        assertEquals(5, belowPeople);
        assertEquals(0.6666666666666666, java.util.Arrays.stream(testF1).min().orElseThrow(), 1e-12);
        var flat = result.part(SplitPart.VALIDATION).f1MaxRange();
        assertEquals(result.chosen().threshold(), flat.low(), 0.0);
    }
}
