package dev.facecal.notebook;

import dev.facecal.calibrate.Bootstrap;
import dev.facecal.calibrate.Evaluation;
import dev.facecal.calibrate.Interval;
import dev.facecal.calibrate.Numbers;
import dev.facecal.dataset.Identity;
import dev.facecal.pairs.SplitPart;
import dev.facecal.study.SplitThresholdStudy;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Seed 004's (threshold selection on identity-disjoint splits) results as tables for notebook 06. */
public final class Seed004Tables {
    private static final List<SplitPart> PARTS = SplitThresholdStudy.PARTS;

    private Seed004Tables() {
    }

    /** Who went where: one row per person with the part and the number of photos. */
    public static Table people(SplitThresholdStudy.Plan plan) {
        StringColumn part = StringColumn.create("split"), who = StringColumn.create("person");
        IntColumn n = IntColumn.create("photos");
        StringColumn files = StringColumn.create("files");
        for (SplitPart p : PARTS) {
            for (Identity i : plan.part(p).identities()) {
                part.append(p.label());
                who.append(i.name());
                n.append(i.size());
                files.append(String.join(" ", i.files()));
            }
        }
        return Table.create("identity-disjoint split (seed " + plan.split().seed() + "): " + plan.split().describe()
                + " people", part, who, n, files);
    }

    /** Per part: people, photos, pairs, same-person and different-person pairs. */
    public static Table pairCounts(SplitThresholdStudy.Plan plan) {
        return Table.create("balanced pairs per split (pair seed " + plan.pairSeed() + ")",
                StringColumn.create("split", PARTS.stream().map(SplitPart::label)),
                IntColumn.create("people", PARTS.stream().mapToInt(p -> plan.part(p).size()).toArray()),
                IntColumn.create("photos", PARTS.stream().mapToInt(p -> plan.part(p).imageCount()).toArray()),
                IntColumn.create("pairs", PARTS.stream().mapToInt(p -> plan.pairs().get(p).size()).toArray()),
                LongColumn.create("same", PARTS.stream().mapToLong(plan::same).toArray()),
                LongColumn.create("different", PARTS.stream()
                        .mapToLong(p -> plan.pairs().get(p).size() - plan.same(p)).toArray()));
    }

    /** Seed 004's published table ("Usinng threshold=1.5"): split, F1, N-pairs, as printed. */
    public static Table published() {
        return Table.create("seed 004 (published): Siamese network on LFW, threshold 1.5",
                StringColumn.create("split", "Train", "Val", "Test"),
                DoubleColumn.create("F1", SplitThresholdStudy.PUBLISHED_F1),
                IntColumn.create("N-pairs", SplitThresholdStudy.PUBLISHED_PAIRS),
                StringColumn.create("seed 004 says", SplitThresholdStudy.PUBLISHED_LINES));
    }

    /** The seed's table at the chosen threshold: split, F1, N-pairs, then precision, recall, accuracy, counts. */
    public static Table atChosen(SplitThresholdStudy.Result r) {
        List<Evaluation> e = PARTS.stream().map(r::atChosen).toList();
        return Table.create("F1 per split at the threshold chosen on validation (" + r.metric().deepfaceName() + " <= "
                        + Numbers.repr(r.chosen().threshold()) + ")",
                StringColumn.create("split", PARTS.stream().map(SplitPart::label)),
                DoubleColumn.create("F1", e.stream().mapToDouble(Evaluation::f1)),
                IntColumn.create("N-pairs", r.parts().stream().mapToInt(SplitThresholdStudy.Part::size).toArray()),
                DoubleColumn.create("precision", e.stream().mapToDouble(Evaluation::precision)),
                DoubleColumn.create("recall", e.stream().mapToDouble(Evaluation::recall)),
                DoubleColumn.create("accuracy", e.stream().mapToDouble(Evaluation::accuracy)),
                LongColumn.create("tp", e.stream().mapToLong(x -> x.confusion().tp()).toArray()),
                LongColumn.create("fp", e.stream().mapToLong(x -> x.confusion().fp()).toArray()),
                LongColumn.create("fn", e.stream().mapToLong(x -> x.confusion().fn()).toArray()),
                LongColumn.create("tn", e.stream().mapToLong(x -> x.confusion().tn()).toArray()));
    }

    /** The F1-maximising threshold of each part (rows) evaluated on every part (columns). */
    public static Table cross(SplitThresholdStudy.Result r) {
        double[][] f1 = r.cross();
        Table t = Table.create("threshold chosen on each split (max F1 there), F1 on every split",
                StringColumn.create("chosen on", PARTS.stream().map(SplitPart::label)),
                DoubleColumn.create("threshold", r.parts().stream().mapToDouble(p -> p.f1Max().threshold())));
        for (SplitPart p : PARTS) {
            double[] col = new double[f1.length];
            for (int i = 0; i < f1.length; i++) col[i] = f1[i][p.ordinal()];
            t.addColumns(DoubleColumn.create("F1 on " + p.label(), col));
        }
        return t;
    }

    /** Quantity, 95 % low, 95 % high, what was resampled. */
    public static Table intervals(SplitThresholdStudy.Intervals in) {
        StringColumn what = StringColumn.create("quantity");
        DoubleColumn low = DoubleColumn.create("95% low"), high = DoubleColumn.create("95% high");
        StringColumn how = StringColumn.create("resampled");
        Bootstrap v = in.thresholdOnValidation();
        what.append("threshold (f1_max on validation)");
        low.append(in.thresholdInterval().low());
        high.append(in.thresholdInterval().high());
        how.append("validation pairs, threshold re-chosen each time");
        what.append("F1 on validation, threshold re-chosen");
        low.append(v.f1().low());
        high.append(v.f1().high());
        how.append("validation pairs, threshold re-chosen each time");
        for (var e : in.f1AtThreshold().entrySet()) {
            Interval f1 = e.getValue().f1();
            what.append("F1 on " + e.getKey().label() + " at " + Numbers.repr(in.chosen()));
            low.append(f1.low());
            high.append(f1.high());
            how.append(e.getKey().label() + " pairs, threshold fixed");
        }
        return Table.create("bootstrap 95% intervals (" + v.resamples() + " resamples, seed " + v.seed() + ")", what,
                low, high, how);
    }

    /** One row per split seed of a repeated study. */
    public static Table repeats(SplitThresholdStudy.Repeats r) {
        Table t = Table.create("the study over " + r.results().size() + " split seeds",
                LongColumn.create("split seed", r.results().stream().mapToLong(x -> x.plan().split().seed()).toArray()),
                StringColumn.create("test people", r.results().stream().map(x -> String.join(", ",
                        x.plan().part(SplitPart.TEST).identities().stream().map(Identity::name).toList()))),
                StringColumn.create("pairs train / val / test", r.results().stream().map(x -> x.part(SplitPart.TRAIN)
                        .size() + " / " + x.part(SplitPart.VALIDATION).size() + " / " + x.part(SplitPart.TEST).size())),
                DoubleColumn.create("threshold (val)", r.results().stream().mapToDouble(x -> x.chosen().threshold())));
        for (SplitPart p : PARTS) t.addColumns(DoubleColumn.create("F1 " + p.label(), r.f1(p)));
        return t;
    }

    /** Per part: mean, min, median and max F1 at the validation threshold over the seeds. */
    public static Table repeatSummary(SplitThresholdStudy.Repeats r) {
        Map<SplitPart, double[]> by = new LinkedHashMap<>();
        for (SplitPart p : PARTS) {
            double[] v = r.f1(p);
            Arrays.sort(v);
            by.put(p, v);
        }
        return Table.create("F1 at the validation threshold over " + r.results().size() + " split seeds",
                StringColumn.create("split", PARTS.stream().map(SplitPart::label)),
                DoubleColumn.create("mean", PARTS.stream().mapToDouble(p -> Arrays.stream(by.get(p)).average().orElseThrow())),
                DoubleColumn.create("min", PARTS.stream().mapToDouble(p -> by.get(p)[0])),
                DoubleColumn.create("median", PARTS.stream().mapToDouble(p -> Interval.quantile(by.get(p), 0.5))),
                DoubleColumn.create("max", PARTS.stream().mapToDouble(p -> by.get(p)[by.get(p).length - 1])),
                IntColumn.create("seeds with F1 < validation F1", PARTS.stream().mapToInt(r::belowValidation).toArray()));
    }
}
