package dev.facecal.notebook;

import dev.facecal.calibrate.ColumnCalibration;
import dev.facecal.calibrate.Confusion;
import dev.facecal.calibrate.Evaluation;
import dev.facecal.calibrate.SigmaThresholds;
import dev.facecal.calibrate.ThresholdRule;
import dev.facecal.dataset.Finding;
import dev.facecal.study.MixProtocol;
import dev.facecal.study.PublishedSeed001;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Seed 001's (DeepFace's Mix data set) results as tables for notebook 03: the run's checks and the published figures. */
public final class Seed001Tables {
    private Seed001Tables() {
    }

    /** The checks of {@link MixProtocol#choose} and the decision: check, ok, detail. */
    public static Table checks(MixProtocol.Choice choice) {
        List<MixProtocol.Check> rows = choice.checksAndDecision();
        return Table.create("what can run here",
                StringColumn.create("check", rows.stream().map(MixProtocol.Check::what)),
                BooleanColumn.create("ok", rows.stream().map(MixProtocol.Check::ok).toList()),
                StringColumn.create("detail", rows.stream().map(MixProtocol.Check::detail)));
    }

    /** A dataset check's findings: severity, kind, people, files, message. */
    public static Table findings(List<Finding> findings) {
        return Table.create("dataset check: " + findings.size() + " findings, "
                        + findings.stream().filter(f -> f.severity() == Finding.Severity.ERROR).count() + " errors",
                StringColumn.create("severity", findings.stream().map(f -> f.severity().name().toLowerCase(Locale.ROOT))),
                StringColumn.create("kind", findings.stream().map(f -> f.kind().name())),
                StringColumn.create("people", findings.stream().map(f -> String.join(", ", f.identities()))),
                StringColumn.create("files", findings.stream().map(f -> f.files().size() > 6
                        ? f.files().size() + " files" : String.join(", ", f.files()))),
                StringColumn.create("message", findings.stream().map(f -> f.message().length() <= 200 ? f.message()
                        : f.message().substring(0, 199) + "…")));
    }

    /**
     * The published table: threshold, where it comes from, the published percentages, the counts (published or
     * derived), the recomputed percentages and whether they agree.
     */
    public static Table published() {
        List<PublishedSeed001.Row> rows = PublishedSeed001.rows();
        return Table.create("seed 001 (published, VGG-Face / cosine, Mix: 72 same, 1056 different): metrics recomputed "
                        + "from the published figures",
                DoubleColumn.create("threshold", rows.stream().mapToDouble(PublishedSeed001.Row::threshold)),
                StringColumn.create("name", rows.stream().map(PublishedSeed001.Row::name)),
                StringColumn.create("published P / R / F1 / acc %", rows.stream()
                        .map(r -> r.precision() + " / " + r.recall() + " / " + r.f1() + " / " + r.accuracy())),
                StringColumn.create("counts", rows.stream().map(r -> r.publishedCounts() != null ? "published"
                        : "from published P and R")),
                LongColumn.create("tp", rows.stream().mapToLong(r -> r.confusion().tp()).toArray()),
                LongColumn.create("fp", rows.stream().mapToLong(r -> r.confusion().fp()).toArray()),
                LongColumn.create("fn", rows.stream().mapToLong(r -> r.confusion().fn()).toArray()),
                LongColumn.create("tn", rows.stream().mapToLong(r -> r.confusion().tn()).toArray()),
                DoubleColumn.create("precision %", rows.stream().mapToDouble(r -> 100 * r.confusion().precision())),
                DoubleColumn.create("recall %", rows.stream().mapToDouble(r -> 100 * r.confusion().recall())),
                DoubleColumn.create("f1 %", rows.stream().mapToDouble(r -> 100 * r.confusion().f1())),
                DoubleColumn.create("accuracy %", rows.stream().mapToDouble(r -> 100 * r.confusion().accuracy())),
                BooleanColumn.create("agrees", rows.stream().map(PublishedSeed001.Row::agrees).toList()));
    }

    /** Every published row's source line. */
    public static Table sources() {
        List<PublishedSeed001.Row> rows = PublishedSeed001.rows();
        return Table.create("seed 001: the lines the published figures come from",
                DoubleColumn.create("threshold", rows.stream().mapToDouble(PublishedSeed001.Row::threshold)),
                StringColumn.create("seed 001 says", rows.stream().map(PublishedSeed001.Row::source)));
    }

    /**
     * The published statistics and thresholds beside ours: same-person and different-person mean and std, the sigma
     * thresholds, the C4.5 threshold and F1 / accuracy at it.
     *
     * @param ours  our calibration of the cosine column
     * @param label what ours is (model and photos), for the column header
     */
    public static Table beside(ColumnCalibration ours, String label) {
        SigmaThresholds s = PublishedSeed001.sigma();
        Confusion c45 = PublishedSeed001.rows().getLast().confusion();
        Evaluation ourC45 = ours.evaluation(ThresholdRule.C45);
        return Table.create("seed 001 (published) beside this run",
                StringColumn.create("value", "same-person pairs", "different-person pairs", "same-person mean",
                        "same-person std", "different-person mean", "different-person std",
                        ThresholdRule.SIGMA1.label(), ThresholdRule.SIGMA2.label(), ThresholdRule.SIGMA3.label(),
                        "c45 threshold", "F1 at c45", "accuracy at c45"),
                DoubleColumn.create("seed 001: VGG-Face, cosine, Mix (published)", (double) PublishedSeed001.POSITIVES,
                        (double) PublishedSeed001.NEGATIVES, PublishedSeed001.SAME_MEAN, PublishedSeed001.SAME_STD,
                        PublishedSeed001.DIFFERENT_MEAN, PublishedSeed001.DIFFERENT_STD, s.threshold(1),
                        s.threshold(2), s.threshold(3), PublishedSeed001.C45, c45.f1(), c45.accuracy()),
                DoubleColumn.create("this run: " + label, (double) ours.positive().count(),
                        (double) ours.negative().count(), ours.positive().mean(), ours.positive().std(),
                        ours.negative().mean(), ours.negative().std(), ours.sigma().threshold(1),
                        ours.sigma().threshold(2), ours.sigma().threshold(3), ours.threshold(ThresholdRule.C45),
                        ourC45.f1(), ourC45.accuracy()));
    }

    /** Whether each published C4.5 threshold can lie on chefboost's mean + k*std grid (ThresholdHistory). */
    public static Table thresholdHistory(List<dev.facecal.study.ThresholdHistory.Verdict> verdicts) {
        tech.tablesaw.api.StringColumn src = tech.tablesaw.api.StringColumn.create("published by"),
                grid = tech.tablesaw.api.StringColumn.create("grid mean + k*std, k = -3..3 (from the published statistics)"),
                near = tech.tablesaw.api.StringColumn.create("nearest candidate (range with the rounding)");
        tech.tablesaw.api.DoubleColumn t = tech.tablesaw.api.DoubleColumn.create("threshold"),
                off = tech.tablesaw.api.DoubleColumn.create("distance to it");
        tech.tablesaw.api.BooleanColumn on = tech.tablesaw.api.BooleanColumn.create("on the grid");
        for (var v : verdicts) {
            src.append(v.published().source());
            t.append(v.published().threshold());
            grid.append(v.grid().stream().map(c -> dev.facecal.report.Format.fixed(c.value(), 4))
                    .collect(java.util.stream.Collectors.joining(", ")));
            var n = v.nearest();
            near.append("k = " + n.k() + ": " + dev.facecal.report.Format.fixed(n.value(), 4) + " ("
                    + dev.facecal.report.Format.fixed(n.low(), 4) + " to " + dev.facecal.report.Format.fixed(n.high(), 4) + ")");
            off.append(n.distance(v.published().threshold()));
            on.append(v.onGrid());
        }
        return Table.create("published C4.5 thresholds and chefboost's candidate grid", src, t, grid, near, off, on);
    }
}
