package dev.facecal.notebook;

import dev.facecal.calibrate.Bootstrap;
import dev.facecal.calibrate.Calibration;
import dev.facecal.calibrate.Interval;
import dev.facecal.calibrate.ReliabilityDiagram;
import dev.facecal.calibrate.ColumnCalibration;
import dev.facecal.calibrate.ConfidenceModel;
import dev.facecal.calibrate.DistanceStats;
import dev.facecal.calibrate.Evaluation;
import dev.facecal.calibrate.PrecisionRecallTable;
import dev.facecal.calibrate.TarAtFar;
import dev.facecal.calibrate.ThresholdRule;
import dev.facecal.dataset.Dataset;
import dev.facecal.dataset.Identity;
import dev.facecal.pairs.Pair;
import dev.facecal.distance.DistanceMetric;
import dev.facecal.pipeline.PhotoEmbeddings;
import dev.facecal.pipeline.PhotoResult;
import dev.facecal.pipeline.ScoredPairs;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The library's results as Tablesaw tables, one function per step of the notebooks, with DeepFace's and
 * pandas' column names where the notebooks have them. Values are the library's own doubles (no rounding), so a
 * table shows exactly what {@code facecal calibrate} computes; percentages are not pre-multiplied.
 *
 * <p>The convention of the presentation layer: results are plain records; their tables are static functions
 * {@code XTables.thing(result, ...)} here in {@code notebook} (this class for the pipeline and calibration,
 * {@link Seed001Tables} to {@link Seed004Tables} for the studies), never methods of the results.
 */
public final class Tables {
    private Tables() {
    }

    /** One row per person: name, number of photos, the photos. */
    public static Table identities(Dataset d) {
        return Table.create("identities: " + d.identities().size() + " people, " + d.imageCount() + " photos",
                StringColumn.create("identity", d.identities().stream().map(Identity::name)),
                IntColumn.create("photos", d.identities().stream().mapToInt(Identity::size).toArray()),
                StringColumn.create("files", d.identities().stream().map(i -> String.join(" ", i.files()))));
    }

    /** Pairs as DeepFace's notebooks build them: {@code file_x, file_y, decision} (Yes/No). */
    public static Table pairs(String name, List<Pair> pairs) {
        return Table.create(name,
                StringColumn.create("file_x", pairs.stream().map(Pair::fileX)),
                StringColumn.create("file_y", pairs.stream().map(Pair::fileY)),
                StringColumn.create("decision", pairs.stream().map(Pair::decision)));
    }

    /** {@code df.decision.value_counts()}: Yes and No counts and the total. */
    public static Table decisionCounts(List<Pair> pairs) {
        long yes = pairs.stream().filter(Pair::same).count();
        return Table.create("decision counts (shape " + pairs.size() + " x 3)",
                StringColumn.create("decision", "Yes", "No", "total"),
                LongColumn.create("pairs", yes, pairs.size() - yes, pairs.size()));
    }

    /** One row per photo: whether it has an embedding, whether that came from the cache, why it failed. */
    public static Table embeddings(PhotoEmbeddings e) {
        var rows = e.results().values().stream().toList();
        return Table.create("embeddings: " + rows.size() + " photos, " + e.failures().size() + " failed, " + e.cached()
                        + " from the cache",
                StringColumn.create("photo", rows.stream().map(r -> r.photo().getFileName().toString())),
                BooleanColumn.create("embedded", rows.stream().map(PhotoResult::ok).toList()),
                BooleanColumn.create("cached", rows.stream().map(PhotoResult::cached).toList()),
                IntColumn.create("dimension", rows.stream().mapToInt(r -> r.ok() ? r.embedding().length : 0).toArray()),
                DoubleColumn.create("norm", rows.stream().mapToDouble(r -> r.ok() ? norm(r.embedding()) : Double.NaN)),
                StringColumn.create("failure", rows.stream().map(r -> r.failure() == null ? "" : r.failure())));
    }

    /** Scored pairs: file_x, file_y, decision (Yes/No as DeepFace's notebooks), then the four distances. */
    public static Table scoredPairs(ScoredPairs scored) {
        Table t = Table.create("pairs",
                StringColumn.create("file_x", scored.pairs().stream().map(Pair::fileX)),
                StringColumn.create("file_y", scored.pairs().stream().map(Pair::fileY)),
                StringColumn.create("decision", scored.pairs().stream().map(Pair::decision)));
        for (DistanceMetric m : DistanceMetric.values()) {
            t.addColumns(DoubleColumn.create(m.deepfaceName(), scored.distances(m)));
        }
        return t;
    }

    /** How a result was made ({@link dev.facecal.Provenance}): section, setting, value. */
    public static Table provenance(dev.facecal.Provenance p) {
        StringColumn section = StringColumn.create("section"), key = StringColumn.create("setting");
        StringColumn value = StringColumn.create("value");
        section.append("facecal");
        key.append("version");
        value.append(p.facecal());
        p.sections().forEach((s, values) -> values.forEach((k, v) -> {
            section.append(s);
            key.append(k);
            value.append(v);
        }));
        return Table.create("provenance", section, key, value);
    }

    /** pandas' {@code describe()} of the two classes: count, mean, std (ddof 1), min, max. */
    public static Table stats(ColumnCalibration c) {
        DistanceStats p = c.positive(), n = c.negative();
        return Table.create(c.column() + ": distance statistics",
                StringColumn.create("statistic", "count", "mean", "std", "min", "max"),
                DoubleColumn.create("same person (Yes)", p.count(), p.mean(), p.std(), p.min(), p.max()),
                DoubleColumn.create("different persons (No)", n.count(), n.mean(), n.std(), n.min(), n.max()));
    }

    /** The notebook's sigma thresholds: rounded mean and std, then mean + k std for k = 1, 2, 3. */
    public static Table sigma(ColumnCalibration c) {
        var s = c.sigma();
        return Table.create(c.column() + ": sigma thresholds (mean + k * std of the same-person distances, 4 decimals)",
                StringColumn.create("name", "mean (rounded)", "std (rounded)", ThresholdRule.SIGMA1.label(),
                        ThresholdRule.SIGMA2.label(), ThresholdRule.SIGMA3.label()),
                DoubleColumn.create("value", s.roundedMean(), s.roundedStd(), s.threshold(1), s.threshold(2), s.threshold(3)));
    }

    /** chefboost's C4.5 split beside the exact best gain-ratio split. */
    public static Table c45(ColumnCalibration c) {
        return Table.create(c.column() + ": C4.5 split",
                StringColumn.create("method", "chefboost C4.5 (as DeepFace uses it)", "exact best gain-ratio split"),
                DoubleColumn.create("threshold", c.c45().threshold(), c.c45Exact().threshold()),
                DoubleColumn.create("gain ratio", c.c45().gainRatio(), c.c45Exact().gainRatio()),
                StringColumn.create("candidates tried", (c.c45().heuristic() ? "min, mean, mean + k*std (k = -3..3): " : "every distinct value: ")
                        + java.util.Arrays.stream(c.c45().candidates()).mapToObj(dev.facecal.calibrate.Numbers::repr)
                        .collect(java.util.stream.Collectors.joining(", ")), "every boundary between distinct distances"),
                BooleanColumn.create("heuristic", List.of(c.c45().heuristic(), false)));
    }

    /** Every named threshold with its confusion counts and metrics (precision, recall, F1, accuracy, FAR, FRR). */
    public static Table evaluations(ColumnCalibration c) {
        return evaluations(c.column() + ": evaluation of each threshold", c.evaluations());
    }

    /** Evaluations as a table. */
    public static Table evaluations(String name, List<Evaluation> evaluations) {
        return Table.create(name,
                StringColumn.create("threshold name", evaluations.stream().map(Evaluation::name)),
                DoubleColumn.create("threshold", evaluations.stream().mapToDouble(Evaluation::threshold)),
                LongColumn.create("tp", evaluations.stream().mapToLong(e -> e.confusion().tp()).toArray()),
                LongColumn.create("fp", evaluations.stream().mapToLong(e -> e.confusion().fp()).toArray()),
                LongColumn.create("fn", evaluations.stream().mapToLong(e -> e.confusion().fn()).toArray()),
                LongColumn.create("tn", evaluations.stream().mapToLong(e -> e.confusion().tn()).toArray()),
                DoubleColumn.create("precision", evaluations.stream().mapToDouble(Evaluation::precision)),
                DoubleColumn.create("recall", evaluations.stream().mapToDouble(Evaluation::recall)),
                DoubleColumn.create("f1", evaluations.stream().mapToDouble(Evaluation::f1)),
                DoubleColumn.create("accuracy", evaluations.stream().mapToDouble(Evaluation::accuracy)),
                DoubleColumn.create("far", evaluations.stream().mapToDouble(Evaluation::far)),
                DoubleColumn.create("frr", evaluations.stream().mapToDouble(Evaluation::frr)));
    }

    /** TAR at each FAR target, with the threshold reaching it and the FAR actually reached. */
    public static Table tarAtFar(ColumnCalibration c) {
        List<TarAtFar> t = c.tarAtFar();
        return Table.create(c.column() + ": TAR @ FAR",
                DoubleColumn.create("target FAR", t.stream().mapToDouble(TarAtFar::targetFar)),
                DoubleColumn.create("threshold", t.stream().mapToDouble(TarAtFar::threshold)),
                DoubleColumn.create("FAR", t.stream().mapToDouble(TarAtFar::far)),
                DoubleColumn.create("TAR", t.stream().mapToDouble(TarAtFar::tar)));
    }

    /** Precision and recall per cutoff (seed 002's table). */
    public static Table precisionRecall(String name, PrecisionRecallTable t) {
        var rows = t.rows();
        return Table.create(name,
                DoubleColumn.create("cutoff", rows.stream().mapToDouble(PrecisionRecallTable.Row::cutoff)),
                DoubleColumn.create("precision", rows.stream().mapToDouble(PrecisionRecallTable.Row::precision)),
                DoubleColumn.create("recall", rows.stream().mapToDouble(PrecisionRecallTable.Row::recall)),
                LongColumn.create("tp", rows.stream().mapToLong(r -> r.confusion().tp()).toArray()),
                LongColumn.create("fp", rows.stream().mapToLong(r -> r.confusion().fp()).toArray()),
                LongColumn.create("fn", rows.stream().mapToLong(r -> r.confusion().fn()).toArray()),
                LongColumn.create("tn", rows.stream().mapToLong(r -> r.confusion().tn()).toArray()));
    }

    /** One row per column: the main thresholds, ROC-AUC and the EER, as {@code facecal run} prints them. */
    public static Table summary(Calibration cal) {
        var cols = cal.columns().values().stream().toList();
        return Table.create("thresholds per distance column (" + cal.pairs() + " pairs: " + cal.positives() + " same, "
                        + cal.negatives() + " different)",
                StringColumn.create("column", cols.stream().map(ColumnCalibration::column)),
                threshold(cols, ThresholdRule.SIGMA2, ThresholdRule.SIGMA2.label()),
                threshold(cols, ThresholdRule.C45, ThresholdRule.C45.label()),
                threshold(cols, ThresholdRule.C45_EXACT, ThresholdRule.C45_EXACT.label()),
                threshold(cols, ThresholdRule.F1_MAX, ThresholdRule.F1_MAX.label()),
                threshold(cols, ThresholdRule.EER, ThresholdRule.EER.label() + " threshold"),
                DoubleColumn.create("eer", cols.stream().mapToDouble(c -> c.eer().eer())),
                DoubleColumn.create("roc_auc", cols.stream().mapToDouble(c -> c.roc().auc())));
    }

    private static DoubleColumn threshold(List<ColumnCalibration> cols, ThresholdRule rule, String header) {
        return DoubleColumn.create(header, cols.stream().mapToDouble(c -> c.threshold(rule)));
    }

    /** One row per column: the distance-to-confidence constants (threshold, w, b, normalizer, denorm_*). */
    public static Table confidence(Calibration cal) {
        var cols = cal.columns().values().stream().filter(c -> c.confidence() != null).toList();
        Table t = Table.create("distance-to-confidence constants",
                StringColumn.create("column", cols.stream().map(ColumnCalibration::column)),
                StringColumn.create("threshold method", cols.stream().map(c -> c.confidence().thresholdMethod())),
                DoubleColumn.create("threshold", cols.stream().mapToDouble(c -> c.confidence().threshold())));
        if (!cols.isEmpty()) {
            for (String key : cols.get(0).confidence().constants().keySet()) {
                t.addColumns(DoubleColumn.create(key, cols.stream().mapToDouble(c -> c.confidence().constants().get(key))));
            }
        }
        return t;
    }

    /** {@code confidence(distance)} of a model at the given distances, verified as DeepFace decides it. */
    public static Table confidenceCurve(ConfidenceModel m, double[] distances) {
        return Table.create("confidence by distance (threshold " + m.threshold() + ")",
                DoubleColumn.create("distance", distances),
                BooleanColumn.create("verified", java.util.Arrays.stream(distances).mapToObj(d -> d <= m.threshold()).toList()),
                DoubleColumn.create("confidence", java.util.Arrays.stream(distances).map(m::confidence)));
    }

    /** A two-column table (name, value) from a map, in its order. */
    public static Table keyValues(String name, Map<String, ?> values) {
        return Table.create(name,
                StringColumn.create("name", values.keySet().stream()),
                StringColumn.create("value", values.values().stream().map(v -> v instanceof Double d
                        ? dev.facecal.calibrate.Numbers.repr(d) : String.valueOf(v))));
    }

    /**
     * Our fitted constants beside the ones DeepFace ships for {@code deepfaceModel}, one row per constant and
     * metric (threshold first), with the difference.
     */
    public static Table confidenceBesideDeepFace(Calibration ours, dev.facecal.calibrate.DeepFaceShipped deepface,
                                                 String deepfaceModel) {
        StringColumn metric = StringColumn.create("metric"), name = StringColumn.create("constant");
        DoubleColumn mine = DoubleColumn.create("facecal"), theirs = DoubleColumn.create("DeepFace " + deepfaceModel);
        for (ColumnCalibration c : ours.columns().values()) {
            if (c.confidence() == null) continue;
            ConfidenceModel df = deepface.confidence(deepfaceModel, c.column());
            metric.append(c.column());
            name.append("threshold (" + c.confidence().thresholdMethod() + " / DeepFace's)");
            mine.append(c.confidence().threshold());
            theirs.append(df.threshold());
            var d = df.constants();
            for (var e : c.confidence().constants().entrySet()) {
                metric.append(c.column());
                name.append(e.getKey());
                mine.append(e.getValue());
                theirs.append(d.get(e.getKey()));
            }
        }
        Table t = Table.create("facecal's fit beside DeepFace's shipped constants (" + deepfaceModel + ")", metric, name,
                mine, theirs);
        t.addColumns(mine.subtract(theirs).setName("difference"));
        return t;
    }

    /**
     * DeepFace's per-model table as facecal recomputes it ({@link dev.facecal.study.ModelThresholdTable}): one row per
     * model and metric with the pairs, ROC-AUC, the c45 threshold (DeepFace's method), f1_max, the EER, the
     * confidence constants w and b, and DeepFace's shipped threshold of the same family (NaN where DeepFace has none).
     */
    public static Table modelThresholds(dev.facecal.study.ModelThresholdTable t) {
        StringColumn model = StringColumn.create("model"), metric = StringColumn.create("metric");
        IntColumn pairs = IntColumn.create("pairs");
        DoubleColumn auc = DoubleColumn.create("roc_auc"), c45 = DoubleColumn.create("c45"),
                f1 = DoubleColumn.create("f1_max"), eer = DoubleColumn.create("eer"),
                w = DoubleColumn.create("confidence w"), b = DoubleColumn.create("confidence b"),
                shipped = DoubleColumn.create("DeepFace's threshold");
        StringColumn family = StringColumn.create("DeepFace family");
        for (var r : t.rows()) {
            model.append(r.model());
            metric.append(r.metric());
            pairs.append(r.pairs());
            auc.append(r.rocAuc());
            c45.append(r.c45());
            f1.append(r.f1Max());
            eer.append(r.eer());
            w.append(r.confidence() == null ? Double.NaN : r.confidence().w());
            b.append(r.confidence() == null ? Double.NaN : r.confidence().b());
            family.append(r.deepfaceFamily() == null ? "-" : r.deepfaceFamily());
            shipped.append(r.deepfaceThreshold());
        }
        return Table.create("DeepFace's per-model table, recomputed", model, metric, pairs, auc, c45, f1, eer, w, b,
                family, shipped);
    }

    /**
     * The catalogue: every model facecal can install, where it comes from, whether it installs by name alone
     * ({@link dev.facecal.models.ModelCatalog#byName()}), its input and embedding size, and whether it is installed
     * in {@code store}.
     */
    public static Table catalogue(dev.facecal.models.ModelStore store) {
        StringColumn name = StringColumn.create("model"), source = StringColumn.create("source"),
                input = StringColumn.create("input"), description = StringColumn.create("description");
        IntColumn dim = IntColumn.create("dimension");
        BooleanColumn byName = BooleanColumn.create("by name"), installed = BooleanColumn.create("installed");
        var offline = dev.facecal.models.ModelCatalog.byName();
        for (var e : dev.facecal.models.ModelCatalog.all()) {
            name.append(e.name());
            source.append(e.source().label());
            input.append(e.spec().width() + "x" + e.spec().height() + " " + e.spec().channelOrder());
            dim.append(e.spec().dimension());
            byName.append(offline.contains(e));
            installed.append(store.installed(e.name()).isPresent());
            description.append(e.description());
        }
        return Table.create("models facecal can install", name, source, byName, installed, input, dim, description);
    }

    /** Per class: pairs, min, mean, max of the confidence, and how many fall in 51-100 and in 0-49. */
    public static Table confidenceRanges(String name, java.util.SequencedMap<String, double[]> byClass) {
        StringColumn cls = StringColumn.create("pairs");
        IntColumn n = IntColumn.create("count"), hi = IntColumn.create("in 51-100"), lo = IntColumn.create("in 0-49");
        DoubleColumn min = DoubleColumn.create("min"), mean = DoubleColumn.create("mean"), max = DoubleColumn.create("max");
        for (var e : byClass.entrySet()) {
            double[] v = e.getValue();
            cls.append(e.getKey());
            n.append(v.length);
            min.append(java.util.Arrays.stream(v).min().orElse(Double.NaN));
            mean.append(java.util.Arrays.stream(v).average().orElse(Double.NaN));
            max.append(java.util.Arrays.stream(v).max().orElse(Double.NaN));
            hi.append((int) java.util.Arrays.stream(v).filter(x -> x >= 51).count());
            lo.append((int) java.util.Arrays.stream(v).filter(x -> x <= 49).count());
        }
        return Table.create(name, cls, n, min, mean, max, hi, lo);
    }

    /** The reliability of each model on the judging people's pairs: pairs, ECE, Brier score. */
    public static Table reliability(dev.facecal.calibrate.ConfidenceCalibrationStudy.Result r) {
        return reliability("calibration judged on " + r.judgePeople().length + " people not fitted on ("
                + r.judgePairs().length + " pairs: " + r.judgePositives() + " same)", r.diagrams());
    }

    /** One row per reliability diagram: pairs, bins used, ECE, Brier score. */
    public static Table reliability(String name, java.util.SequencedMap<String, ReliabilityDiagram> diagrams) {
        return Table.create(name,
                StringColumn.create("model", diagrams.keySet().stream()),
                IntColumn.create("pairs", diagrams.values().stream().mapToInt(ReliabilityDiagram::pairs).toArray()),
                IntColumn.create("non-empty bins", diagrams.values().stream().mapToInt(d -> d.bins().size()).toArray()),
                DoubleColumn.create("ECE", diagrams.values().stream().mapToDouble(ReliabilityDiagram::ece)),
                DoubleColumn.create("Brier score", diagrams.values().stream().mapToDouble(ReliabilityDiagram::brier)));
    }

    /** The bins of one reliability diagram: edges, pairs, mean predicted, observed same-person share. */
    public static Table reliabilityBins(String name, ReliabilityDiagram d) {
        var b = d.bins();
        return Table.create(name,
                StringColumn.create("bin", b.stream().map(x -> "(" + dev.facecal.report.Format.significant(x.lower(), 2)
                        + ", " + dev.facecal.report.Format.significant(x.upper(), 2) + "]")),
                IntColumn.create("pairs", b.stream().mapToInt(ReliabilityDiagram.Bin::count).toArray()),
                DoubleColumn.create("mean predicted", b.stream().mapToDouble(ReliabilityDiagram.Bin::predicted)),
                DoubleColumn.create("observed same-person share", b.stream().mapToDouble(ReliabilityDiagram.Bin::observed)));
    }

    /** Bootstrap intervals side by side: one row per bootstrap, each interval as "[low, high]" (4 digits). */
    public static Table bootstraps(String name, List<Bootstrap> runs) {
        java.util.function.Function<Interval, String> f = i -> "[" + dev.facecal.report.Format.significant(i.low(), 4)
                + ", " + dev.facecal.report.Format.significant(i.high(), 4) + "]";
        return Table.create(name,
                StringColumn.create("bootstrap", runs.stream().map(Bootstrap::method)),
                IntColumn.create("resamples", runs.stream().mapToInt(Bootstrap::resamples).toArray()),
                StringColumn.create("threshold", runs.stream().map(b -> f.apply(b.threshold()))),
                StringColumn.create("precision", runs.stream().map(b -> f.apply(b.precision()))),
                StringColumn.create("recall", runs.stream().map(b -> f.apply(b.recall()))),
                StringColumn.create("F1", runs.stream().map(b -> f.apply(b.f1()))),
                StringColumn.create("accuracy", runs.stream().map(b -> f.apply(b.accuracy()))));
    }

    /** DeepFace's notebook's published VGG-Face numbers beside this run's (dlib) at the same two rules. */
    public static Table besideDeepFaceNotebook(ColumnCalibration cosine) {
        var st = dev.facecal.study.DeepFaceNotebook.statistics();
        var rows = dev.facecal.study.DeepFaceNotebook.results();
        StringColumn what = StringColumn.create("value");
        DoubleColumn theirs = DoubleColumn.create("DeepFace notebook (VGG-Face, published)"),
                ours = DoubleColumn.create("this run (dlib)");
        java.util.function.BiConsumer<String, double[]> add = (n, v) -> {
            what.append(n);
            theirs.append(v[0]);
            ours.append(v[1]);
        };
        add.accept("same-person pairs", new double[] {st.sameCount(), cosine.positive().count()});
        add.accept("different-person pairs", new double[] {st.diffCount(), cosine.negative().count()});
        add.accept("same-person mean", new double[] {st.sameMean(), cosine.positive().mean()});
        add.accept("same-person std", new double[] {st.sameStd(), cosine.positive().std()});
        add.accept("different-person mean", new double[] {st.diffMean(), cosine.negative().mean()});
        add.accept("different-person std", new double[] {st.diffStd(), cosine.negative().std()});
        String[] rules = {ThresholdRule.C45.label(), ThresholdRule.SIGMA2.label()};
        for (int i = 0; i < rows.size(); i++) {
            var r = rows.get(i);
            Evaluation e = cosine.evaluation(rules[i]);
            add.accept(rules[i] + " threshold", new double[] {r.threshold(), e.threshold()});
            add.accept(rules[i] + " precision (%)", new double[] {r.precision(), 100 * e.precision()});
            add.accept(rules[i] + " recall (%)", new double[] {r.recall(), 100 * e.recall()});
            add.accept(rules[i] + " F1 (%)", new double[] {r.f1(), 100 * e.f1()});
            add.accept(rules[i] + " accuracy (%)", new double[] {r.accuracy(), 100 * e.accuracy()});
        }
        return Table.create("DeepFace's notebook (VGG-Face, published) beside this run (dlib), cosine", what, theirs, ours);
    }

    /** Each column's thresholds beside DeepFace's shipped constant for {@code deepfaceModel} (columns named MODEL_metric). */
    public static Table thresholdsBesideShipped(Calibration cal, dev.facecal.calibrate.DeepFaceShipped deepface,
                                                String deepfaceModel) {
        var cols = cal.columns().values().stream().toList();
        Table t = summary(cal);
        t.addColumns(DoubleColumn.create("DeepFace shipped (" + deepfaceModel + ")", cols.stream().mapToDouble(c ->
                deepface.threshold(deepfaceModel, dev.facecal.export.MetricColumn.parse(c.column(), deepfaceModel).metric()))));
        return t;
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }
}
