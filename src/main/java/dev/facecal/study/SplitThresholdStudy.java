package dev.facecal.study;

import dev.facecal.calibrate.Bootstrap;
import dev.facecal.calibrate.IdentityBootstrap;
import dev.facecal.calibrate.Evaluation;
import dev.facecal.calibrate.Interval;
import dev.facecal.calibrate.Numbers;
import dev.facecal.calibrate.OperatingCurve;
import dev.facecal.calibrate.OptimalThreshold;
import dev.facecal.calibrate.ThresholdRule;
import dev.facecal.dataset.Dataset;
import dev.facecal.dataset.Identity;
import dev.facecal.distance.DistanceMetric;
import dev.facecal.pairs.IdentitySplit;
import dev.facecal.pairs.Pair;
import dev.facecal.pairs.PairGenerator;
import dev.facecal.pairs.SplitPart;
import dev.facecal.pipeline.DistanceOptions;
import dev.facecal.pipeline.DistanceStage;
import dev.facecal.pipeline.PairOptions;
import dev.facecal.pipeline.PairStage;
import dev.facecal.pipeline.PhotoEmbeddings;
import dev.facecal.pipeline.ScoredPairs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedMap;

/**
 * Seed 004's way of choosing a verification threshold (anujkhare/face-similarity-pytorch): split the people into
 * train, validation and test parts ({@link IdentitySplit}, every person whole in one part), make balanced pairs in
 * each part (every same-person pair followed by one sampled different-person pair, {@link PairGenerator#balanced}),
 * take the distance threshold that maximises F1 on the validation pairs ({@link OptimalThreshold#f1Max}), and report
 * F1 per part at that threshold, the seed's table "Data split / F1 / N-pairs".
 *
 * <p>Beyond the seed: the thresholds that maximise F1 on the train and on the test pairs, each evaluated on every
 * part ({@link Result#cross()}: the diagonal is what a threshold "fitted" on the pairs it is scored on
 * reports), seeded bootstrap intervals of the validation threshold and of F1 per part ({@link Result#bootstrap}),
 * and the whole study over many split seeds ({@link #repeat}), because with a dozen people one split says little.
 *
 * <p>Usage: {@code var plan = SplitThresholdStudy.plan(dataset, 0.6, 0.2, 42, 7);} embed {@code plan.photos()},
 * then {@code var result = plan.run(embeddings, DistanceMetric.EUCLIDEAN);}.
 */
public final class SplitThresholdStudy {
    /** The parts, in order. */
    public static final List<SplitPart> PARTS = List.of(SplitPart.values());

    private SplitThresholdStudy() {
    }

    /**
     * Splits {@code d}'s people ({@link IdentitySplit#of}: {@code train} and {@code val} fractions of the people,
     * the rest for test, shuffled with {@code splitSeed}) and makes balanced pairs in each part with
     * {@code pairSeed}.
     */
    public static Plan plan(Dataset d, double train, double val, long splitSeed, long pairSeed) {
        IdentitySplit split = PairStage.split(d, PairOptions.all().withSplit(train, val).withSeed(splitSeed));
        SequencedMap<SplitPart, List<Pair>> pairs = PairStage.parts(split,
                PairOptions.all().withBalanced(true).withSeed(pairSeed));
        return new Plan(d, split, pairSeed, pairs);
    }

    /**
     * The split and the pairs of each part, before any embedding.
     *
     * @param dataset  the people split
     * @param split    the identity-disjoint parts
     * @param pairSeed the seed of the balanced sampling
     * @param pairs    part name to its balanced pairs, in {@link #PARTS} order
     */
    public record Plan(Dataset dataset, IdentitySplit split, long pairSeed, SequencedMap<SplitPart, List<Pair>> pairs) {
        public Plan {
            pairs = new LinkedHashMap<>(pairs);
        }

        /** The people of one part. */
        public Dataset part(SplitPart part) {
            return split.part(part);
        }

        /** Every photo of the dataset, resolved, once each (what to embed). */
        public List<Path> photos() {
            LinkedHashSet<Path> out = new LinkedHashSet<>();
            for (var i : dataset.images()) out.add(dataset.resolve(i.file()));
            return List.copyOf(out);
        }

        /** Scores every part's pairs with {@code embeddings} on {@code metric}. */
        public Result run(PhotoEmbeddings embeddings, DistanceMetric metric) {
            List<Part> parts = new ArrayList<>();
            for (SplitPart p : PARTS) parts.add(Part.of(p, part(p), DistanceStage.score(part(p), pairs.get(p),
                    embeddings, DistanceOptions.deepface()), metric));
            return new Result(this, metric, parts);
        }

        /** Same-person pairs of one part. */
        public long same(SplitPart part) {
            return pairs.get(part).stream().filter(Pair::same).count();
        }
    }

    /** Seed 004's published figures ("Usinng threshold=1.5"), as printed: F1 and N-pairs per split. */
    public static final double[] PUBLISHED_F1 = {0.9874, 0.9381, 0.5761};
    /** Seed 004's pairs per split. */
    public static final int[] PUBLISHED_PAIRS = {12000, 12000, 420};
    /** Seed 004's lines, as printed. */
    public static final List<String> PUBLISHED_LINES = List.of("Train 98.74% 12000", "Val 93.81% 12000",
            "Test 57.61% 420");

    /**
     * One part, scored.
     *
     * @param part      train, validation or test
     * @param people    its people
     * @param scored    its pairs with distances (pairs with a photo that failed are in {@code scored.skipped()})
     * @param distances the distances on the study's metric, one per scored pair
     * @param positive  whether each scored pair is a same-person pair
     * @param curve     every operating point of these pairs
     */
    public record Part(SplitPart part, Dataset people, ScoredPairs scored, double[] distances, boolean[] positive,
                       OperatingCurve curve) {
        static Part of(SplitPart part, Dataset people, ScoredPairs scored, DistanceMetric metric) {
            double[] d = scored.distances(metric);
            boolean[] y = new boolean[d.length];
            for (int i = 0; i < y.length; i++) y[i] = scored.pairs().get(i).same();
            return new Part(part, people, scored, d, y, OperatingCurve.of(d, y));
        }

        /** {@code train}, {@code validation} or {@code test}. */
        public String name() {
            return part.label();
        }

        /** The threshold that maximises F1 on this part's own pairs. */
        public Evaluation f1Max() {
            Evaluation e = OptimalThreshold.f1Max(curve);
            return new Evaluation("f1_max on " + name(), e.threshold(), e.confusion());
        }

        /**
         * The smallest and the largest distinct distance at which this part's F1 reaches its maximum: the tie rule
         * of {@link #f1Max()} takes the smallest, and any threshold up to the next distance above the largest gives
         * the same F1 on these pairs; how wide this range is shows how little the pairs pin the threshold down.
         */
        public Interval f1MaxRange() {
            double best = f1Max().f1();
            double lo = Double.NaN, hi = Double.NaN;
            for (int i = 0; i < curve.size(); i++) {
                if (curve.confusion(i).f1() == best) {
                    if (Double.isNaN(lo)) lo = curve.value(i);
                    hi = curve.value(i);
                }
            }
            return new Interval(Math.min(lo, hi), Math.max(lo, hi));
        }

        /** {@code threshold} evaluated on this part's pairs. */
        public Evaluation at(String label, double threshold) {
            return curve.evaluate(label, threshold);
        }

        /** Number of scored pairs. */
        public int size() {
            return distances.length;
        }
    }

    /**
     * The study's result.
     *
     * @param plan   the split and pairs
     * @param metric the distance metric
     * @param parts  the scored parts, in {@link #PARTS} order
     */
    public record Result(Plan plan, DistanceMetric metric, List<Part> parts) {
        public Result {
            parts = List.copyOf(parts);
        }

        /** One part. */
        public Part part(SplitPart part) {
            return parts.get(part.ordinal());
        }

        /** The threshold chosen on the validation pairs (maximum F1), with its evaluation there. */
        public Evaluation chosen() {
            return part(SplitPart.VALIDATION).f1Max();
        }

        /** The chosen threshold evaluated on one part. */
        public Evaluation atChosen(SplitPart part) {
            return part(part).at("f1_max on validation", chosen().threshold());
        }

        /** {@code F1 at threshold 0.506205: train 0.9704, validation 1.0000, test 0.9867} (4 decimals). */
        public String f1Note() {
            return "F1 at threshold " + Numbers.repr(chosen().threshold()) + ": " + String.join(", ", PARTS.stream()
                    .map(p -> p + " " + Numbers.fixed(atChosen(p).f1(), 4)).toList());
        }

        /**
         * The F1-maximising threshold of each part evaluated on every part: {@code cross()[i][j]} is F1 on part j at
         * the threshold chosen on part i; the diagonal is the best F1 a part can show when its threshold is chosen
         * on its own pairs.
         */
        public double[][] cross() {
            double[][] f1 = new double[parts.size()][parts.size()];
            for (int i = 0; i < parts.size(); i++) {
                Evaluation e = parts.get(i).f1Max();
                for (int j = 0; j < parts.size(); j++) f1[i][j] = parts.get(j).at(e.name(), e.threshold()).f1();
            }
            return f1;
        }

        /**
         * Seeded bootstrap ({@link Bootstrap}): the validation pairs resampled {@code resamples} times with the
         * threshold re-chosen (max F1) on each, giving the interval of the threshold; and each part's pairs
         * resampled at the fixed chosen threshold, giving the interval of F1 per part.
         */
        public Intervals bootstrap(int resamples, long seed) {
            Part v = part(SplitPart.VALIDATION);
            Bootstrap threshold = Bootstrap.of(v.distances(), v.positive(), ThresholdRule.F1_MAX, resamples,
                    seed);
            double t = chosen().threshold();
            SequencedMap<SplitPart, Bootstrap> f1 = new LinkedHashMap<>();
            for (Part p : parts) {
                f1.put(p.part(), Bootstrap.of(p.distances(), p.positive(), new ThresholdRule.Fixed(t),
                        resamples, seed));
            }
            return new Intervals(t, threshold, f1);
        }

        /**
         * The F1 (and precision, recall, accuracy) of one part at the fixed chosen threshold, with its <em>people</em>
         * resampled ({@link IdentityBootstrap}: each drawn person brings all their pairs) instead of its pairs. With
         * few people in a part the interval is coarse (two people give one possible resample with both classes).
         */
        public Bootstrap peopleBootstrap(SplitPart part, int resamples, long seed) {
            Part p = part(part);
            return IdentityBootstrap.of(p.distances(), p.positive(), PeopleOfPairs.of(p.people(), p.scored().pairs()),
                    new ThresholdRule.Fixed(chosen().threshold(), part.label() + " at the chosen threshold"),
                    resamples, seed);
        }

        /**
         * All parts' pairs together at the fixed chosen threshold with every person of the study resampled: how F1
         * at that threshold varies with the people drawn (optimistic, since the validation people chose it).
         */
        public Bootstrap peopleBootstrapAll(int resamples, long seed) {
            List<dev.facecal.pairs.Pair> pairs = new java.util.ArrayList<>();
            int n = parts.stream().mapToInt(Part::size).sum(), k = 0;
            double[] d = new double[n];
            boolean[] y = new boolean[n];
            for (Part p : parts) {
                pairs.addAll(p.scored().pairs());
                for (int i = 0; i < p.size(); i++, k++) {
                    d[k] = p.distances()[i];
                    y[k] = p.positive()[i];
                }
            }
            return IdentityBootstrap.of(d, y, PeopleOfPairs.of(plan.dataset(), pairs),
                    new ThresholdRule.Fixed(chosen().threshold(), "all parts at the chosen threshold"), resamples, seed);
        }

        /** Each part's operating curve, in part order (for {@code Figures.f1Curves}). */
        public SequencedMap<String, OperatingCurve> curves() {
            SequencedMap<String, OperatingCurve> out = new LinkedHashMap<>();
            for (Part p : parts) out.put(p.name(), p.curve());
            return out;
        }

        /** The distances of one part by class (for {@code Figures.histograms}): same person, then different. */
        public SequencedMap<String, double[]> distancesByClass(SplitPart part) {
            Part p = part(part);
            SequencedMap<String, double[]> out = new LinkedHashMap<>();
            out.put(part.label() + ": same person", select(p, true));
            out.put(part.label() + ": different persons", select(p, false));
            return out;
        }

        private static double[] select(Part p, boolean same) {
            double[] out = new double[p.size()];
            int k = 0;
            for (int i = 0; i < out.length; i++) if (p.positive()[i] == same) out[k++] = p.distances()[i];
            return Arrays.copyOf(out, k);
        }
    }

    /**
     * Bootstrap intervals of the study.
     *
     * @param chosen                the threshold chosen on the full validation pairs
     * @param thresholdOnValidation the validation pairs resampled, threshold re-chosen on each
     * @param f1AtThreshold         per part, its pairs resampled at the fixed chosen threshold
     */
    public record Intervals(double chosen, Bootstrap thresholdOnValidation,
                            SequencedMap<SplitPart, Bootstrap> f1AtThreshold) {
        public Intervals {
            f1AtThreshold = new LinkedHashMap<>(f1AtThreshold);
        }

        /** The interval of the F1 of one part at the chosen threshold. */
        public Interval f1(SplitPart part) {
            return f1AtThreshold.get(part).f1();
        }

        /** The interval of the threshold chosen on validation. */
        public Interval thresholdInterval() {
            return thresholdOnValidation.threshold();
        }
    }

    /**
     * The study over {@code count} split seeds {@code firstSeed, firstSeed + 1, ...} (same fractions, same pair
     * seed, same embeddings): per split seed the people per part, the threshold chosen on validation and F1 on
     * every part at it.
     */
    public static Repeats repeat(Dataset d, PhotoEmbeddings embeddings, DistanceMetric metric, double train, double val,
                                 long firstSeed, int count, long pairSeed) {
        if (count < 1) throw new IllegalArgumentException("count must be at least 1, got " + count);
        List<Result> out = new ArrayList<>();
        for (int i = 0; i < count; i++) out.add(plan(d, train, val, firstSeed + i, pairSeed).run(embeddings, metric));
        return new Repeats(out);
    }

    /**
     * The study repeated over split seeds.
     *
     * @param results one result per split seed
     */
    public record Repeats(List<Result> results) {
        public Repeats {
            results = List.copyOf(results);
        }

        /** F1 of one part at each result's validation threshold, in seed order. */
        public double[] f1(SplitPart part) {
            return results.stream().mapToDouble(r -> r.atChosen(part).f1()).toArray();
        }

        /** Seeds whose F1 on {@code part} is below their F1 on validation at the validation threshold. */
        public int belowValidation(SplitPart part) {
            return (int) results.stream().filter(r -> r.atChosen(part).f1() < r.chosen().f1()).count();
        }
    }
}
