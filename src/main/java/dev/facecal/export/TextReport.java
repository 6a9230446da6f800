package dev.facecal.export;

import dev.facecal.calibrate.Bootstrap;
import dev.facecal.calibrate.Calibration;
import dev.facecal.calibrate.ColumnCalibration;
import dev.facecal.calibrate.DistanceStats;
import dev.facecal.calibrate.Evaluation;
import dev.facecal.calibrate.Interval;
import dev.facecal.calibrate.Numbers;
import dev.facecal.calibrate.PrecisionRecallTable;
import dev.facecal.calibrate.TarAtFar;

/**
 * The human-readable report, laid out like deepface-rs's {@code compute-thresholds.py --info}: a statistics
 * table, then per column a thresholds/evaluation table, ROC-AUC, EER, TAR@FAR, the per-cutoff table and the
 * bootstrap intervals, and finally the deepface-rs blocks to paste into code.
 */
public final class TextReport {
    private TextReport() {}

    public static String render(Calibration cal) {
        StringBuilder sb = new StringBuilder();
        sb.append("facecal calibrate ").append(cal.source()).append('\n');
        sb.append(cal.pairs()).append(" pairs: ").append(cal.positives()).append(" same-person, ")
                .append(cal.negatives()).append(" different-person\n");
        cal.provenance().commentLines("").forEach(l -> sb.append(l).append('\n'));
        boolean similarity = cal.options().direction() == dev.facecal.dataset.ScoreDirection.SIMILARITY;
        sb.append(similarity ? "\n==== Similarity statistics (higher = same person; pandas: mean, std ddof=1) ====\n"
                : "\n==== Distance statistics (pandas: mean, std ddof=1) ====\n");
        MarkdownTable stats = new MarkdownTable("column", "pairs", "count", "mean", "std", "min", "max");
        cal.columns().forEach((name, c) -> {
            statsRow(stats, name, "same person", c.positive());
            statsRow(stats, name, "different", c.negative());
        });
        sb.append(stats.render());
        cal.columns().forEach((name, c) -> column(sb, name, c));
        sb.append(RustExporter.export(cal));
        return sb.toString();
    }

    private static void statsRow(MarkdownTable t, String column, String cls, DistanceStats s) {
        t.row(column, cls, s.count(), f(s.mean()), f(s.std()), f(s.min()), f(s.max()));
    }

    private static void column(StringBuilder sb, String name, ColumnCalibration c) {
        sb.append("\n==== ").append(name).append(" ====\n");
        sb.append("notebook: tp_mean ").append(Numbers.repr(c.sigma().roundedMean())).append(", tp_std ")
                .append(Numbers.repr(c.sigma().roundedStd())).append(" (rounded to 4 decimals as the notebook)\n");
        MarkdownTable t = new MarkdownTable("threshold", "value", "tn", "fp", "fn", "tp", "precision", "recall",
                "f1", "accuracy", "FAR", "FRR");
        for (Evaluation e : c.evaluations()) {
            t.row(e.name(), f(e.threshold()), e.confusion().tn(), e.confusion().fp(), e.confusion().fn(),
                    e.confusion().tp(), f(e.precision()), f(e.recall()), f(e.f1()), f(e.accuracy()), f(e.far()),
                    f(e.frr()));
        }
        sb.append(t.render());
        sb.append("c45: chefboost 0.0.19 tried ").append(c.c45().candidates().length - 1).append(" split(s)")
                .append(c.c45().heuristic() ? " (mean/std heuristic, more than 20 distinct distances)" : "")
                .append("; the best split over all midpoints (c45_exact) has gain ratio ")
                .append(f(c.c45Exact().gainRatio())).append(" vs ").append(f(c.c45().gainRatio())).append('\n');
        sb.append("ROC AUC ").append(f(c.roc().auc())).append(", EER ").append(f(c.eer().eer()))
                .append(" at ").append(c.direction().label()).append(' ').append(f(c.eer().threshold())).append('\n');
        MarkdownTable tar = new MarkdownTable("FAR target", "threshold", "FAR", "TAR");
        for (TarAtFar x : c.tarAtFar()) tar.row(Numbers.repr(x.targetFar()), f(x.threshold()), f(x.far()), f(x.tar()));
        sb.append(tar.render());
        MarkdownTable pr = new MarkdownTable("cutoff", "precision", "recall");
        for (PrecisionRecallTable.Row r : c.precisionRecall().rows()) {
            pr.row(Numbers.fixed(r.cutoff(), 2), Numbers.fixed(r.precision(), 2), Numbers.fixed(r.recall(), 2));
        }
        sb.append(pr.render());
        Bootstrap b = c.bootstrap();
        if (b != null) {
            sb.append("bootstrap 95% intervals (").append(b.method()).append(", ").append(b.resamples())
                    .append(" resamples, seed ").append(b.seed()).append("): threshold ").append(iv(b.threshold()))
                    .append(", precision ").append(iv(b.precision())).append(", recall ").append(iv(b.recall()))
                    .append(", f1 ").append(iv(b.f1())).append(", accuracy ").append(iv(b.accuracy())).append('\n');
        }
        if (c.confidence() == null) {
            sb.append("confidence model: not fitted: ").append(c.confidenceError()).append('\n');
        }
    }

    private static String iv(Interval i) {
        return "[" + f(i.low()) + ", " + f(i.high()) + "]";
    }

    private static String f(double v) {
        return Double.isFinite(v) ? Numbers.fixed(v, 4) : "nan";
    }
}
