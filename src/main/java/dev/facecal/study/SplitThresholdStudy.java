package dev.facecal.study;

import dev.facecal.calibrate.Bootstrap;
import dev.facecal.calibrate.Evaluation;
import dev.facecal.calibrate.Interval;
import dev.facecal.calibrate.Numbers;
import dev.facecal.calibrate.OperatingCurve;
import dev.facecal.calibrate.OptimalThreshold;
import dev.facecal.calibrate.ThresholdRule;
import dev.facecal.dataset.Dataset;
import dev.facecal.dataset.Identity;
import dev.facecal.distance.DistanceMetric;
import dev.facecal.notebook.FacePairTile;
import dev.facecal.pairs.IdentitySplit;
import dev.facecal.pairs.Pair;
import dev.facecal.pairs.PairGenerator;
import dev.facecal.pipeline.FacePipeline;
import dev.facecal.pipeline.PhotoEmbeddings;
import dev.facecal.pipeline.ScoredPairs;
import dev.facecal.report.Palette;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Line;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/**
 * Seed 004's way of choosing a verification threshold (anujkhare/face-similarity-pytorch): split the people into
 * train, validation and test parts ({@link IdentitySplit}, every person whole in one part), make balanced pairs in
 * each part (every same-person pair followed by one sampled different-person pair, {@link PairGenerator#balanced}),
 * take the distance threshold that maximises F1 on the validation pairs ({@link OptimalThreshold#f1Max}), and report
 * F1 per part at that threshold, the seed's table "Data split / F1 / N-pairs".
 *
 * <p>Beyond the seed: the thresholds that maximise F1 on the train and on the test pairs, each evaluated on every
 * part ({@link Result#crossTable()}: the diagonal is what a threshold "fitted" on the pairs it is scored on
 * reports), seeded bootstrap intervals of the validation threshold and of F1 per part ({@link Result#bootstrap}),
 * and the whole study over many split seeds ({@link #repeat}), because with a dozen people one split says little.
 *
 * <p>Usage: {@code var plan = SplitThresholdStudy.plan(dataset, 0.6, 0.2, 42, 7);} embed {@code plan.photos()},
 * then {@code var result = plan.run(embeddings, DistanceMetric.EUCLIDEAN);}.
 */
public final class SplitThresholdStudy {
    /** The parts, in order. */
    public static final List<String> PARTS = List.of("train", "validation", "test");

    private SplitThresholdStudy() {
    }

    /**
     * Splits {@code d}'s people ({@link IdentitySplit#of}: {@code train} and {@code val} fractions of the people,
     * the rest for test, shuffled with {@code splitSeed}) and makes balanced pairs in each part with
     * {@code pairSeed}.
     */
    public static Plan plan(Dataset d, double train, double val, long splitSeed, long pairSeed) {
        IdentitySplit split = IdentitySplit.of(d, train, val, splitSeed);
        SequencedMap<String, List<Pair>> pairs = new LinkedHashMap<>();
        for (String p : PARTS) pairs.put(p, PairGenerator.balanced(part(split, p), pairSeed));
        return new Plan(d, split, pairSeed, pairs);
    }

    private static Dataset part(IdentitySplit s, String name) {
        return switch (name) {
            case "train" -> s.train();
            case "validation" -> s.validation();
            case "test" -> s.test();
            default -> throw new IllegalArgumentException("no part '" + name + "'; parts are " + PARTS);
        };
    }

    /**
     * The split and the pairs of each part, before any embedding.
     *
     * @param dataset  the people split
     * @param split    the identity-disjoint parts
     * @param pairSeed the seed of the balanced sampling
     * @param pairs    part name to its balanced pairs, in {@link #PARTS} order
     */
    public record Plan(Dataset dataset, IdentitySplit split, long pairSeed, SequencedMap<String, List<Pair>> pairs) {
        public Plan {
            pairs = new LinkedHashMap<>(pairs);
        }

        /** The people of one part. */
        public Dataset part(String name) {
            return SplitThresholdStudy.part(split, name);
        }

        /** Every photo of the dataset, resolved, once each (what to embed). */
        public List<Path> photos() {
            LinkedHashSet<Path> out = new LinkedHashSet<>();
            for (var i : dataset.images()) out.add(dataset.resolve(i.file()));
            return List.copyOf(out);
        }

        /** Who went where: one row per person with the part and the number of photos. */
        public Table people() {
            StringColumn part = StringColumn.create("split"), who = StringColumn.create("person");
            IntColumn n = IntColumn.create("photos");
            StringColumn files = StringColumn.create("files");
            for (String p : PARTS) {
                for (Identity i : part(p).identities()) {
                    part.append(p);
                    who.append(i.name());
                    n.append(i.size());
                    files.append(String.join(" ", i.files()));
                }
            }
            return Table.create("identity-disjoint split (seed " + split.seed() + "): " + split.describe()
                    + " people", part, who, n, files);
        }

        /** Per part: people, photos, pairs, same-person and different-person pairs. */
        public Table pairCounts() {
            return Table.create("balanced pairs per split (pair seed " + pairSeed + ")",
                    StringColumn.create("split", PARTS.stream()),
                    IntColumn.create("people", PARTS.stream().mapToInt(p -> part(p).size()).toArray()),
                    IntColumn.create("photos", PARTS.stream().mapToInt(p -> part(p).imageCount()).toArray()),
                    IntColumn.create("pairs", PARTS.stream().mapToInt(p -> pairs.get(p).size()).toArray()),
                    LongColumn.create("same", PARTS.stream().mapToLong(p -> same(pairs.get(p))).toArray()),
                    LongColumn.create("different", PARTS.stream()
                            .mapToLong(p -> pairs.get(p).size() - same(pairs.get(p))).toArray()));
        }

        /** Scores every part's pairs with {@code embeddings} on {@code metric}. */
        public Result run(PhotoEmbeddings embeddings, DistanceMetric metric) {
            List<Part> parts = new ArrayList<>();
            for (String p : PARTS) parts.add(Part.of(p, part(p), ScoredPairs.of(part(p), pairs.get(p), embeddings),
                    metric));
            return new Result(this, metric, parts);
        }
    }

    /** Seed 004's published table ("Usinng threshold=1.5"): split, F1, N-pairs, as printed. */
    public static Table publishedSeed004() {
        return Table.create("seed 004 (published): Siamese network on LFW, threshold 1.5",
                StringColumn.create("split", "Train", "Val", "Test"),
                DoubleColumn.create("F1", 0.9874, 0.9381, 0.5761),
                IntColumn.create("N-pairs", 12000, 12000, 420),
                StringColumn.create("seed 004 says", "Train 98.74% 12000", "Val 93.81% 12000", "Test 57.61% 420"));
    }

    private static long same(List<Pair> pairs) {
        return pairs.stream().filter(Pair::same).count();
    }

    /**
     * One part, scored.
     *
     * @param name      train, validation or test
     * @param people    its people
     * @param scored    its pairs with distances (pairs with a photo that failed are in {@code scored.skipped()})
     * @param distances the distances on the study's metric, one per scored pair
     * @param positive  whether each scored pair is a same-person pair
     * @param curve     every operating point of these pairs
     */
    public record Part(String name, Dataset people, ScoredPairs scored, double[] distances, boolean[] positive,
                       OperatingCurve curve) {
        static Part of(String name, Dataset people, ScoredPairs scored, DistanceMetric metric) {
            double[] d = scored.distances(metric);
            boolean[] y = new boolean[d.length];
            for (int i = 0; i < y.length; i++) y[i] = scored.pairs().get(i).same();
            return new Part(name, people, scored, d, y, OperatingCurve.of(d, y));
        }

        /** The threshold that maximises F1 on this part's own pairs. */
        public Evaluation f1Max() {
            Evaluation e = OptimalThreshold.f1Max(curve);
            return new Evaluation("f1_max on " + name, e.threshold(), e.confusion());
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

        /** One part by name. */
        public Part part(String name) {
            return parts.stream().filter(p -> p.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no part '" + name + "'; parts are " + PARTS));
        }

        /** The threshold chosen on the validation pairs (maximum F1), with its evaluation there. */
        public Evaluation chosen() {
            return part("validation").f1Max();
        }

        /** The chosen threshold evaluated on one part. */
        public Evaluation atChosen(String part) {
            return part(part).at("f1_max on validation", chosen().threshold());
        }

        /** The seed's table at the chosen threshold: split, F1, N-pairs, then precision, recall, accuracy, counts. */
        public Table table() {
            List<Evaluation> e = PARTS.stream().map(this::atChosen).toList();
            return Table.create("F1 per split at the threshold chosen on validation (" + metric.deepfaceName() + " <= "
                            + Numbers.repr(chosen().threshold()) + ")",
                    StringColumn.create("split", PARTS.stream()),
                    DoubleColumn.create("F1", e.stream().mapToDouble(Evaluation::f1)),
                    IntColumn.create("N-pairs", parts.stream().mapToInt(Part::size).toArray()),
                    DoubleColumn.create("precision", e.stream().mapToDouble(Evaluation::precision)),
                    DoubleColumn.create("recall", e.stream().mapToDouble(Evaluation::recall)),
                    DoubleColumn.create("accuracy", e.stream().mapToDouble(Evaluation::accuracy)),
                    LongColumn.create("tp", e.stream().mapToLong(x -> x.confusion().tp()).toArray()),
                    LongColumn.create("fp", e.stream().mapToLong(x -> x.confusion().fp()).toArray()),
                    LongColumn.create("fn", e.stream().mapToLong(x -> x.confusion().fn()).toArray()),
                    LongColumn.create("tn", e.stream().mapToLong(x -> x.confusion().tn()).toArray()));
        }

        /** {@code F1 at threshold 0.506205: train 0.9704, validation 1.0000, test 0.9867} (4 decimals). */
        public String f1Note() {
            return "F1 at threshold " + Numbers.repr(chosen().threshold()) + ": " + String.join(", ", PARTS.stream()
                    .map(p -> p + " " + Numbers.fixed(atChosen(p).f1(), 4)).toList());
        }

        /**
         * The F1-maximising threshold of each part (rows) evaluated on every part (columns): the diagonal is the
         * best F1 a part can show when its threshold is chosen on its own pairs.
         */
        public Table crossTable() {
            List<Evaluation> chosenOn = parts.stream().map(Part::f1Max).toList();
            Table t = Table.create("threshold chosen on each split (max F1 there), F1 on every split",
                    StringColumn.create("chosen on", PARTS.stream()),
                    DoubleColumn.create("threshold", chosenOn.stream().mapToDouble(Evaluation::threshold)));
            for (Part p : parts) {
                t.addColumns(DoubleColumn.create("F1 on " + p.name(), chosenOn.stream()
                        .mapToDouble(e -> p.at(e.name(), e.threshold()).f1())));
            }
            return t;
        }

        /**
         * Seeded bootstrap ({@link Bootstrap}): the validation pairs resampled {@code resamples} times with the
         * threshold re-chosen (max F1) on each, giving the interval of the threshold; and each part's pairs
         * resampled at the fixed chosen threshold, giving the interval of F1 per part.
         */
        public Intervals bootstrap(int resamples, long seed) {
            Part v = part("validation");
            Bootstrap threshold = Bootstrap.of(v.distances(), v.positive(), ThresholdRule.F1_MAX, resamples,
                    seed);
            double t = chosen().threshold();
            SequencedMap<String, Bootstrap> f1 = new LinkedHashMap<>();
            for (Part p : parts) {
                f1.put(p.name(), Bootstrap.of(p.distances(), p.positive(), new ThresholdRule.Fixed(t),
                        resamples, seed));
            }
            return new Intervals(t, threshold, f1);
        }

        /** F1 against the threshold on each part, with the chosen threshold as a dashed line. */
        public Figure f1Curves() {
            List<Trace> traces = new ArrayList<>();
            String[] colours = {Palette.SAME, Palette.DIFFERENT, Palette.marker(0)};
            double top = 1.02;
            for (int k = 0; k < parts.size(); k++) {
                OperatingCurve c = parts.get(k).curve();
                double[] x = new double[c.size()], y = new double[c.size()];
                for (int i = 0; i < x.length; i++) {
                    x[i] = c.value(i);
                    y[i] = c.confusion(i).f1();
                }
                traces.add(line(x, y, "F1 on " + parts.get(k).name(), colours[k], Line.Dash.SOLID));
            }
            double t = chosen().threshold();
            traces.add(line(new double[] {t, t}, new double[] {0, top}, "chosen on validation = " + Numbers.fixed(t, 4),
                    Palette.marker(1), Line.Dash.DASH));
            Layout layout = Layout.builder().title("F1 against the threshold (" + metric.deepfaceName() + ")")
                    .showLegend(true)
                    .xAxis(Axis.builder().title(metric.deepfaceName() + " distance threshold").build())
                    .yAxis(Axis.builder().title("F1").range(0, top).build())
                    .build();
            return new Figure(layout, traces.toArray(Trace[]::new));
        }

        /** The distances of one part by class (for {@code Figures.histograms}): same person, then different. */
        public SequencedMap<String, double[]> distancesByClass(String part) {
            Part p = part(part);
            SequencedMap<String, double[]> out = new LinkedHashMap<>();
            out.put(part + ": same person", select(p, true));
            out.put(part + ": different persons", select(p, false));
            return out;
        }

        private static double[] select(Part p, boolean same) {
            double[] out = new double[p.size()];
            int k = 0;
            for (int i = 0; i < out.length; i++) if (p.positive()[i] == same) out[k++] = p.distances()[i];
            return Arrays.copyOf(out, k);
        }

        /**
         * The first {@code k} pairs of a part (as the seed's figure: a same-person pair, then its sampled
         * different-person pair), faces as {@code pipeline} sees them, captioned with the distance and the decision
         * at the chosen threshold.
         */
        public List<FacePairTile> tiles(FacePipeline pipeline, String part, int k) {
            Part p = part(part);
            double t = chosen().threshold();
            List<FacePairTile> out = new ArrayList<>();
            Map<Path, java.awt.image.BufferedImage> faces = new LinkedHashMap<>(); // anchors recur: detect each once
            for (int i = 0; i < Math.min(k, p.size()); i++) {
                Pair pair = p.scored().pairs().get(i);
                boolean accepted = p.distances()[i] <= t;
                out.add(new FacePairTile(faces.computeIfAbsent(p.scored().photoX().get(i), pipeline::face),
                        faces.computeIfAbsent(p.scored().photoY().get(i), pipeline::face),
                        pair.fileX() + " vs " + pair.fileY() + " (" + (pair.same() ? "same person" : "different people")
                                + ")\n" + metric.deepfaceName() + " = " + Numbers.repr(p.distances()[i]) + ": "
                                + (accepted ? "verified" : "not verified") + (accepted == pair.same() ? " (right)" : " (WRONG)")));
            }
            return out;
        }
    }

    private static ScatterTrace line(double[] x, double[] y, String name, String colour, Line.Dash dash) {
        return ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.LINE).name(name).showLegend(true)
                .line(Line.builder().color(colour).width(2).dash(dash).build()).build();
    }

    /**
     * Bootstrap intervals of the study.
     *
     * @param chosen                the threshold chosen on the full validation pairs
     * @param thresholdOnValidation the validation pairs resampled, threshold re-chosen on each
     * @param f1AtThreshold         per part, its pairs resampled at the fixed chosen threshold
     */
    public record Intervals(double chosen, Bootstrap thresholdOnValidation,
                            SequencedMap<String, Bootstrap> f1AtThreshold) {
        public Intervals {
            f1AtThreshold = new LinkedHashMap<>(f1AtThreshold);
        }

        /** The interval of the F1 of one part at the chosen threshold. */
        public Interval f1(String part) {
            Bootstrap b = f1AtThreshold.get(part);
            if (b == null) throw new IllegalArgumentException("no part '" + part + "'; parts are " + PARTS);
            return b.f1();
        }

        /** The interval of the threshold chosen on validation. */
        public Interval thresholdInterval() {
            return thresholdOnValidation.threshold();
        }

        /** Quantity, estimate, 95 % low, 95 % high. */
        public Table table() {
            StringColumn what = StringColumn.create("quantity");
            DoubleColumn low = DoubleColumn.create("95% low"), high = DoubleColumn.create("95% high");
            StringColumn how = StringColumn.create("resampled");
            what.append("threshold (f1_max on validation)");
            low.append(thresholdInterval().low());
            high.append(thresholdInterval().high());
            how.append("validation pairs, threshold re-chosen each time");
            what.append("F1 on validation, threshold re-chosen");
            low.append(thresholdOnValidation.f1().low());
            high.append(thresholdOnValidation.f1().high());
            how.append("validation pairs, threshold re-chosen each time");
            for (var e : f1AtThreshold.entrySet()) {
                what.append("F1 on " + e.getKey() + " at " + Numbers.repr(chosen));
                low.append(e.getValue().f1().low());
                high.append(e.getValue().f1().high());
                how.append(e.getKey() + " pairs, threshold fixed");
            }
            return Table.create("bootstrap 95% intervals (" + thresholdOnValidation.resamples() + " resamples, seed "
                    + thresholdOnValidation.seed() + ")", what, low, high, how);
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
        public double[] f1(String part) {
            return results.stream().mapToDouble(r -> r.atChosen(part).f1()).toArray();
        }

        /** One row per split seed. */
        public Table table() {
            Table t = Table.create("the study over " + results.size() + " split seeds",
                    LongColumn.create("split seed", results.stream().mapToLong(r -> r.plan().split().seed()).toArray()),
                    StringColumn.create("test people", results.stream().map(r -> String.join(", ",
                            r.plan().part("test").identities().stream().map(Identity::name).toList()))),
                    StringColumn.create("pairs train / val / test", results.stream().map(r -> r.part("train").size()
                            + " / " + r.part("validation").size() + " / " + r.part("test").size())),
                    DoubleColumn.create("threshold (val)", results.stream().mapToDouble(r -> r.chosen().threshold())));
            for (String p : PARTS) t.addColumns(DoubleColumn.create("F1 " + p, f1(p)));
            return t;
        }

        /** Per part: mean, min, median and max F1 at the validation threshold over the seeds. */
        public Table summary() {
            Map<String, double[]> by = new LinkedHashMap<>();
            for (String p : PARTS) {
                double[] v = f1(p);
                Arrays.sort(v);
                by.put(p, v);
            }
            return Table.create("F1 at the validation threshold over " + results.size() + " split seeds",
                    StringColumn.create("split", PARTS.stream()),
                    DoubleColumn.create("mean", PARTS.stream().mapToDouble(p -> Arrays.stream(by.get(p)).average().orElseThrow())),
                    DoubleColumn.create("min", PARTS.stream().mapToDouble(p -> by.get(p)[0])),
                    DoubleColumn.create("median", PARTS.stream().mapToDouble(p -> Interval.quantile(by.get(p), 0.5))),
                    DoubleColumn.create("max", PARTS.stream().mapToDouble(p -> by.get(p)[by.get(p).length - 1])),
                    IntColumn.create("seeds with F1 < validation F1", PARTS.stream().mapToInt(p -> (int) results.stream()
                            .filter(r -> r.atChosen(p).f1() < r.chosen().f1()).count()).toArray()));
        }
    }
}
