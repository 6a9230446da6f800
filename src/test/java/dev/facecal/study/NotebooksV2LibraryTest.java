package dev.facecal.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.Fixtures;
import dev.facecal.calibrate.Bootstrap;
import dev.facecal.calibrate.Calibration;
import dev.facecal.calibrate.CalibrationOptions;
import dev.facecal.calibrate.ChefboostC45;
import dev.facecal.calibrate.ConfidenceCalibrationStudy;
import dev.facecal.calibrate.DistanceStats;
import dev.facecal.calibrate.IdentityBootstrap;
import dev.facecal.calibrate.OperatingCurve;
import dev.facecal.calibrate.ReliabilityDiagram;
import dev.facecal.calibrate.Reductions;
import dev.facecal.calibrate.Rounding;
import dev.facecal.calibrate.ThresholdRule;
import dev.facecal.dataset.Dataset;
import dev.facecal.dataset.PairTable;
import dev.facecal.dataset.PairTableReader;
import dev.facecal.distance.DistanceMetric;
import dev.facecal.pairs.Pair;
import dev.facecal.pairs.PairGenerator;
import dev.facecal.pipeline.DistanceOptions;
import dev.facecal.pipeline.DistanceStage;
import dev.facecal.pipeline.EmbeddingStage;
import dev.facecal.pipeline.Progress;
import dev.facecal.pipeline.ScoredPairs;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The library behind notebooks v2 on real inputs: DeepFace's 300 notebook pairs embedded with dlib (the identity
 * bootstrap, the confidence calibration study), DeepFace's real VGG-Face distances (chefboost's grid), seed 001's
 * printed list (the corrected version).
 */
class NotebooksV2LibraryTest {
    static Dataset people;
    static List<Pair> pairs;
    static double[] cosine;
    static boolean[] positive;
    static IdentityBootstrap.PairPeople who;

    @BeforeAll
    static void embed() {
        people = StudyData.workspace().notebookPeople();
        pairs = PairGenerator.all(people);
        var embeddings = EmbeddingStage.run(StudyData.photos(people), StudyData.embedding(), Progress.NONE);
        ScoredPairs scored = DistanceStage.score(people, pairs, embeddings, DistanceOptions.deepface());
        cosine = scored.distances(DistanceMetric.COSINE);
        positive = new boolean[pairs.size()];
        for (int i = 0; i < positive.length; i++) positive[i] = pairs.get(i).same();
        who = PeopleOfPairs.of(people, pairs);
    }

    @Test
    void peopleOfPairsFollowTheList() {
        assertEquals(9, who.people());
        assertEquals(300, who.size());
        for (int i = 0; i < pairs.size(); i++) {
            assertEquals(pairs.get(i).same(), who.x()[i] == who.y()[i], "pair " + i);
            assertTrue(people.identities().get(who.x()[i]).files().contains(pairs.get(i).fileX()));
            assertTrue(people.identities().get(who.y()[i]).files().contains(pairs.get(i).fileY()));
        }
        assertThrows(IllegalArgumentException.class, () -> PeopleOfPairs.of(people, List.of(new Pair("nope.jpg",
                "img1.jpg", false))));
    }

    @Test
    void identityResampleKeepsEachPersonsPairsTogether() {
        int[] ones = new int[9];
        java.util.Arrays.fill(ones, 1);
        assertEquals(300, IdentityBootstrap.resampledPairs(who, positive, ones));
        // person 0 twice, person 1 never: by hand from the list
        int[] count = ones.clone();
        count[0] = 2;
        count[1] = 0;
        int n0 = people.identities().get(0).size(), n1 = people.identities().get(1).size();
        int others = people.imageCount() - n0 - n1;
        int expected = 300 + n0 * (n0 - 1) / 2 - n1 * (n1 - 1) / 2 + n0 * others - n1 * others - n0 * n1;
        assertEquals(expected, IdentityBootstrap.resampledPairs(who, positive, count));
    }

    @Test
    void identityBootstrapIsWiderThanThePairBootstrap() {
        // a threshold held fixed (as when judging a chosen threshold on test people)
        var fixed = new ThresholdRule.Fixed(ChefboostC45.threshold(cosine, positive), "c45 (fixed)");
        Bootstrap pairsOnly = Bootstrap.of(cosine, positive, fixed, 400, 42L);
        Bootstrap byPeople = IdentityBootstrap.of(cosine, positive, who, fixed, 400, 42L);
        assertEquals(byPeople, IdentityBootstrap.of(cosine, positive, who, fixed, 400, 42L), "seeded");
        double wPairs = pairsOnly.f1().high() - pairsOnly.f1().low();
        double wPeople = byPeople.f1().high() - byPeople.f1().low();
        assertTrue(wPeople > wPairs, "F1 interval by people " + byPeople.f1() + " vs by pairs " + pairsOnly.f1());
        assertEquals("c45 (fixed) (people resampled)", byPeople.method());
        boolean[] wrong = positive.clone();
        wrong[0] = !wrong[0];
        assertThrows(IllegalArgumentException.class,
                () -> IdentityBootstrap.of(cosine, wrong, who, ThresholdRule.C45, 10, 1L));
    }

    @Test
    void confidenceIsJudgedOnOtherPeople() {
        var r = ConfidenceCalibrationStudy.run(cosine, positive, who, ConfidenceCalibrationStudy.Options.defaults());
        Set<Integer> fit = new HashSet<>(), judge = new HashSet<>();
        for (int p : r.fitPeople()) fit.add(p);
        for (int p : r.judgePeople()) judge.add(p);
        assertEquals(9, fit.size() + judge.size());
        assertTrue(java.util.Collections.disjoint(fit, judge));
        int fitPairs = 0, judgePairs = 0;
        for (int i = 0; i < 300; i++) {
            if (fit.contains(who.x()[i]) && fit.contains(who.y()[i])) fitPairs++;
            if (judge.contains(who.x()[i]) && judge.contains(who.y()[i])) judgePairs++;
        }
        assertEquals(fitPairs, r.fitPairs().length);
        assertEquals(judgePairs, r.judgePairs().length);
        // each diagram is the reliability of that model's probabilities on the judging pairs, recomputed here
        double[] p = new double[judgePairs];
        for (int i = 0; i < p.length; i++) p[i] = r.platt().probability(r.judgePairs()[i]);
        assertEquals(ReliabilityDiagram.of(p, r.judgePositive(), 10), r.diagrams().get(ConfidenceCalibrationStudy.PLATT));
        for (int i = 0; i < p.length; i++) p[i] = r.deepface().confidence(r.judgePairs()[i]) / 100;
        assertEquals(ReliabilityDiagram.of(p, r.judgePositive(), 10), r.diagrams().get(ConfidenceCalibrationStudy.DEEPFACE));
        assertEquals(ChefboostC45.threshold(r.fitPairs(), r.fitPositive()), r.deepface().threshold());
        // DeepFace's confidence is fitted to decisions, not to the truth: on other people it is the worse calibrated
        double deepfaceBrier = r.diagrams().get(ConfidenceCalibrationStudy.DEEPFACE).brier();
        double plattBrier = r.diagrams().get(ConfidenceCalibrationStudy.PLATT).brier();
        assertTrue(plattBrier < deepfaceBrier, "Platt " + plattBrier + " vs DeepFace " + deepfaceBrier);
        assertThrows(IllegalArgumentException.class, () -> ConfidenceCalibrationStudy.run(cosine, positive, who,
                ConfidenceCalibrationStudy.Options.defaults().withFitShare(0.1)));
    }

    @Test
    void pooledStatisticsAreThoseOfAllDistances() {
        PairTable t = PairTableReader.read(Fixtures.pivotCsv());
        double[] d = t.column("VGG-Face_cosine");
        DistanceStats yes = DistanceStats.of(t.distances("VGG-Face_cosine", true));
        DistanceStats no = DistanceStats.of(t.distances("VGG-Face_cosine", false));
        double[] pooled = ThresholdHistory.pooled(yes.count(), yes.mean(), yes.std(), no.count(), no.mean(), no.std());
        assertEquals(Reductions.mean(d), pooled[0], 1e-12);
        assertEquals(Reductions.std(d, 0), pooled[1], 1e-12);
        // from the rounded statistics, as a notebook prints them, the grid brackets chefboost's real candidates
        var p = new ThresholdHistory.Published("pivot", 0.5, new dev.facecal.calibrate.Confusion(0, 0, 0, 0),
                yes.count(), Rounding.python(yes.mean(), 4), Rounding.python(yes.std(), 4), no.count(),
                Rounding.python(no.mean(), 4), Rounding.python(no.std(), 4));
        var v = ThresholdHistory.check(p);
        var split = ChefboostC45.split(d, t.positive(), OperatingCurve.of(d, t.positive()));
        double mean = Reductions.mean(d), std = Reductions.std(d, 0);
        for (var c : v.grid()) {
            double real = mean + c.k() * std;
            assertTrue(real >= c.low() && real <= c.high(), "k=" + c.k() + ": " + real + " in " + c);
        }
        long matched = java.util.Arrays.stream(split.candidates()).filter(x -> v.grid().stream()
                .anyMatch(c -> x >= c.low() && x <= c.high())).count();
        assertTrue(matched >= 3, "chefboost's own candidates on the grid: " + matched);
    }

    @Test
    void publishedThresholdsAreNotOnChefboostsGrid() {
        var nb = ThresholdHistory.check(ThresholdHistory.deepfaceNotebook());
        assertFalse(nb.onGrid());
        assertEquals(-2, nb.nearest().k());
        assertEquals(0.2322, Rounding.python(nb.nearest().value(), 4));
        assertTrue(nb.nearest().distance(0.3147) > 0.08, nb.note());
        var seed = ThresholdHistory.check(ThresholdHistory.seed001());
        assertFalse(seed.onGrid());
        assertEquals(-1, seed.nearest().k());
        assertEquals(0.4574, Rounding.python(seed.nearest().value(), 4));
        assertTrue(seed.nearest().distance(0.383) > 0.07, seed.note());
        // the published counts match the published metrics
        var c = ThresholdHistory.deepfaceNotebook().accepted();
        assertEquals(DeepFaceNotebook.results().get(0).recall(), 100 * c.recall(), 1e-9);
        assertEquals(DeepFaceNotebook.results().get(0).f1(), 100 * c.f1(), 1e-9);
        assertEquals(DeepFaceNotebook.results().get(0).accuracy(), 100 * c.accuracy(), 1e-9);
    }

    @Test
    void correctedSeedListHasNoSelfPair() {
        Dataset printed = StudyData.workspace().mixSeed001();
        Dataset fixed = MixProtocol.corrected(printed);
        assertEquals(List.of("img33.jpg", "img34.jpg", "img35.jpg", "img36.jpg"), fixed.identities().get(8).files());
        assertEquals(printed.identities().get(9), fixed.identities().get(9));
        var fixedPairs = PairGenerator.all(fixed);
        assertEquals("pairs: 1128 (72 same, 1056 different)", Notes.pairs(fixedPairs));
        assertEquals(0, MixProtocol.selfPairs(fixedPairs).size());
        assertEquals(1, MixProtocol.selfPairs(PairGenerator.all(printed)).size());
        assertTrue(fixed.validate().stream().noneMatch(f -> f.kind() == dev.facecal.dataset.Finding.Kind.SAME_FILE_SEVERAL_IDENTITIES));
        assertThrows(IllegalArgumentException.class, () -> MixProtocol.corrected(fixed));
    }

    @Test
    void tablesShowFourSignificantDigitsAndExactCounts() {
        var r = ConfidenceCalibrationStudy.run(cosine, positive, who, ConfidenceCalibrationStudy.Options.defaults());
        var t = dev.facecal.notebook.Tables.reliability(r);
        String html = dev.facecal.notebook.HtmlTable.of(t, 10), text = dev.facecal.notebook.HtmlTable.text(t, 10);
        double ece = r.diagrams().get(ConfidenceCalibrationStudy.PLATT).ece();
        String shown = dev.facecal.report.Format.significant(ece, 4);
        assertTrue(html.contains(">" + shown + "<"), html);
        assertTrue(text.contains(shown), text);
        assertFalse(html.contains(Double.toString(ece)) && Double.toString(ece).length() > 7, html);
        assertTrue(text.contains(" " + r.judgePairs().length + " "), text);
        assertEquals("0.05219", dev.facecal.notebook.HtmlTable.cell(tech.tablesaw.api.DoubleColumn.create("x",
                0.052194500000000005), 0));
    }
}
