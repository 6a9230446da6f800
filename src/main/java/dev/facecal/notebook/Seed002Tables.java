package dev.facecal.notebook;

import dev.facecal.calibrate.DistanceCounts;
import dev.facecal.calibrate.PrecisionRecallTable;
import dev.facecal.study.scale.CountsAgreement;
import dev.facecal.study.scale.SparkCountJob;
import dev.facecal.study.scale.CutoffCounts;
import dev.facecal.study.scale.LabelledEmbeddings;
import dev.facecal.study.scale.Seed002;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Seed 002's (cutoffs at scale) results as tables for notebook 04. */
public final class Seed002Tables {
    private Seed002Tables() {
    }

    /** The published table, labelled as published. */
    public static Table published() {
        return Table.create(Seed002.LABEL, DoubleColumn.create("cutoff", Seed002.CUTOFFS),
                DoubleColumn.create("precision", Seed002.PRECISION), DoubleColumn.create("recall", Seed002.RECALL));
    }

    /**
     * Ours beside the published table: cutoff, our precision and recall (rounded to 2 decimals as the seed prints
     * them, and unrounded), the published precision and recall. {@code ours} must use seed 002's cutoffs.
     */
    public static Table compare(String name, String oursLabel, PrecisionRecallTable ours) {
        List<PrecisionRecallTable.Row> rows = ours.rows();
        double[] cutoffs = Seed002.CUTOFFS;
        if (rows.size() != cutoffs.length) {
            throw new IllegalArgumentException("ours has " + rows.size() + " cutoffs, seed 002 has " + cutoffs.length);
        }
        double[] p = new double[cutoffs.length], r = new double[cutoffs.length];
        for (int i = 0; i < cutoffs.length; i++) {
            if (rows.get(i).cutoff() != cutoffs[i]) {
                throw new IllegalArgumentException("cutoff " + i + " is " + rows.get(i).cutoff() + ", seed 002's is "
                        + cutoffs[i]);
            }
            p[i] = rows.get(i).precision();
            r[i] = rows.get(i).recall();
        }
        return Table.create(name, DoubleColumn.create("cutoff", cutoffs),
                DoubleColumn.create("precision (" + oursLabel + ")", round2(p)),
                DoubleColumn.create("recall (" + oursLabel + ")", round2(r)),
                DoubleColumn.create("precision (" + Seed002.LABEL + ")", Seed002.PRECISION),
                DoubleColumn.create("recall (" + Seed002.LABEL + ")", Seed002.RECALL),
                DoubleColumn.create("precision, unrounded (" + oursLabel + ")", p),
                DoubleColumn.create("recall, unrounded (" + oursLabel + ")", r));
    }

    private static double[] round2(double[] v) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) o[i] = Math.round(v[i] * 100) / 100.0;
        return o;
    }

    /** The streaming run as a two-column table: embeddings, pairs per class, metric, threads, kernel, time, rate. */
    public static Table run(CutoffCounts c, String name) {
        return Table.create(name,
                StringColumn.create("quantity", "embeddings", "pairs", "same-person pairs", "different-person pairs",
                        "distance", "threads", "kernel", "wall time (s)", "pairs per second"),
                StringColumn.create("value", String.format(Locale.ROOT, "%,d", c.embeddings()),
                        String.format(Locale.ROOT, "%,d", c.pairs()), String.format(Locale.ROOT, "%,d", c.positives()),
                        String.format(Locale.ROOT, "%,d", c.negatives()), c.metric().deepfaceName(),
                        Integer.toString(c.threads()), c.vectorApi() ? "Vector API (jdk.incubator.vector)"
                                : "scalar fallback",
                        String.format(Locale.ROOT, "%.3f", c.seconds()),
                        String.format(Locale.ROOT, "%,.0f", c.pairsPerSecond())));
    }

    /** Count, mean, std, min, max of each class, as pandas' {@code describe()}. */
    public static Table stats(CutoffCounts c, String name) {
        CutoffCounts.ClassStats same = c.same(), different = c.different();
        return Table.create(name,
                StringColumn.create("statistic", "count", "mean", "std", "min", "max"),
                DoubleColumn.create("same person", same.count(), same.mean(), same.std(), same.min(), same.max()),
                DoubleColumn.create("different persons", different.count(), different.mean(), different.std(),
                        different.min(), different.max()));
    }

    /** The histogram: bin start, end, and the pair count of each class (empty bins left out). */
    public static Table histogram(CutoffCounts c, String name) {
        long[] sameHistogram = c.sameHistogram(), differentHistogram = c.differentHistogram();
        double binWidth = c.binWidth();
        List<Double> lo = new ArrayList<>(), hi = new ArrayList<>();
        List<Long> s = new ArrayList<>(), d = new ArrayList<>();
        for (int k = 0; k < sameHistogram.length; k++) {
            if (sameHistogram[k] == 0 && differentHistogram[k] == 0) continue;
            boolean overflow = k == sameHistogram.length - 1;
            lo.add(k * binWidth);
            hi.add(overflow ? Double.POSITIVE_INFINITY : (k + 1) * binWidth);
            s.add(sameHistogram[k]);
            d.add(differentHistogram[k]);
        }
        return Table.create(name, DoubleColumn.create("from", lo), DoubleColumn.create("to", hi),
                LongColumn.create("same person", s.stream().mapToLong(Long::longValue).toArray()),
                LongColumn.create("different persons", d.stream().mapToLong(Long::longValue).toArray()));
    }

    /** Images, persons, persons with two or more photos, the largest person, same-person and all pairs. */
    public static Table embeddings(LabelledEmbeddings e) {
        long[] c = new long[e.identityNames().length];
        for (int id : e.identity()) c[id]++;
        long multi = 0, largest = 0;
        int who = -1;
        for (int p = 0; p < c.length; p++) {
            if (c[p] >= 2) multi++;
            if (c[p] > largest) {
                largest = c[p];
                who = p;
            }
        }
        return Table.create(e.name(),
                StringColumn.create("quantity", "source", "embeddings", "dimension", "persons",
                        "persons with 2+ photos", "largest person", "same-person pairs", "all pairs"),
                StringColumn.create("value", e.synthetic() ? "synthetic" : "photos",
                        String.format(Locale.ROOT, "%,d", e.vectors().length),
                        Integer.toString(e.vectors().length == 0 ? 0 : e.vectors()[0].length),
                        String.format(Locale.ROOT, "%,d", e.identityNames().length),
                        String.format(Locale.ROOT, "%,d", multi),
                        who < 0 ? "-" : e.identityNames()[who] + " (" + largest + " photos)",
                        String.format(Locale.ROOT, "%,d", e.positivePairs()),
                        String.format(Locale.ROOT, "%,d", e.pairs())));
    }

    /**
     * The Spark job as a two-column table: the commands, master and version, the blocking, pairs per class, and
     * the times (session start, job, pairs per second, both commands).
     */
    public static Table sparkJob(SparkCountJob.Result r, String name) {
        var spark = r.provenance().section("spark");
        DistanceCounts c = r.counts();
        List<String> q = new ArrayList<>(), v = new ArrayList<>();
        for (int i = 0; i < r.commands().size(); i++) {
            q.add("command " + (i + 1));
            v.add(r.commands().get(i));
        }
        q.addAll(List.of("master", "Spark version", "block size (embeddings)", "blocks", "partitions", "pairs",
                "same-person pairs", "different-person pairs", "distinct 6-decimal distances",
                "session start (s)", "job: read + count (s)", "pairs per second (job)", "both commands, wall (s)"));
        v.addAll(List.of(r.options().master(), spark.getOrDefault("version", "?"), spark.getOrDefault("block", "?"),
                spark.getOrDefault("blocks", "?"), spark.getOrDefault("partitions", "?"),
                String.format(Locale.ROOT, "%,d", c.pairs()), String.format(Locale.ROOT, "%,d", c.positives()),
                String.format(Locale.ROOT, "%,d", c.negatives()), String.format(Locale.ROOT, "%,d", c.size()),
                String.format(Locale.ROOT, "%.1f", r.sessionSeconds()),
                String.format(Locale.ROOT, "%.1f", r.jobSeconds()),
                String.format(Locale.ROOT, "%,.0f", r.pairsPerSecond()),
                String.format(Locale.ROOT, "%.1f", r.wallSeconds())));
        return Table.create(name, StringColumn.create("quantity", q), StringColumn.create("value", v));
    }

    /**
     * Counts per class: pairs, distinct distances holding at least one pair of the class, smallest and largest
     * distance, and the mean distance computed from the counts.
     */
    public static Table countsPerClass(DistanceCounts c, String name) {
        String[] label = {"same person", "different persons", "all"};
        long[] pairs = new long[3], distinct = new long[3];
        double[] min = {Double.NaN, Double.NaN, Double.NaN}, max = {Double.NaN, Double.NaN, Double.NaN};
        double[] sum = new double[3];
        for (int i = 0; i < c.size(); i++) {
            long[] n = {c.same()[i], c.different()[i], c.same()[i] + c.different()[i]};
            for (int k = 0; k < 3; k++) {
                if (n[k] == 0) continue;
                pairs[k] += n[k];
                distinct[k]++;
                sum[k] += n[k] * c.values()[i];
                if (Double.isNaN(min[k])) min[k] = c.values()[i];
                max[k] = c.values()[i];
            }
        }
        double[] mean = new double[3];
        for (int k = 0; k < 3; k++) mean[k] = pairs[k] == 0 ? Double.NaN : sum[k] / pairs[k];
        return Table.create(name, StringColumn.create("class", label), LongColumn.create("pairs", pairs),
                LongColumn.create("distinct distances", distinct), DoubleColumn.create("smallest", min),
                DoubleColumn.create("largest", max), DoubleColumn.create("mean", mean));
    }

    /**
     * {@code rows} consecutive rows of the counts (distance, same, different), starting at the first distance above
     * {@code from}; the distance as the counts file writes it (every decimal, not the tables' 4 significant digits).
     */
    public static Table countsRows(DistanceCounts c, double from, int rows, String name) {
        int start = 0;
        while (start < c.size() && c.values()[start] <= from) start++;
        int end = Math.min(c.size(), start + Math.max(0, rows));
        List<String> d = new ArrayList<>();
        for (int i = start; i < end; i++) d.add(dev.facecal.calibrate.Numbers.repr(c.values()[i]));
        return Table.create(name, StringColumn.create("distance", d),
                LongColumn.create("same", java.util.Arrays.copyOfRange(c.same(), start, end)),
                LongColumn.create("different", java.util.Arrays.copyOfRange(c.different(), start, end)));
    }

    /**
     * Spark's precision and recall per cutoff (from its counts of rounded distances) beside another pass's (e.g.
     * the in-kernel streaming pass, which decides on unrounded distances), with the tp and fp differences. Both
     * tables must have the same cutoffs.
     */
    public static Table sparkBeside(PrecisionRecallTable spark, PrecisionRecallTable other, String otherLabel,
                                    String name) {
        var a = spark.rows();
        var b = other.rows();
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("Spark has " + a.size() + " cutoffs, " + otherLabel + " " + b.size());
        }
        int n = a.size();
        double[] cut = new double[n], ps = new double[n], po = new double[n], rs = new double[n], ro = new double[n];
        long[] dtp = new long[n], dfp = new long[n];
        for (int i = 0; i < n; i++) {
            if (a.get(i).cutoff() != b.get(i).cutoff()) {
                throw new IllegalArgumentException("cutoff " + i + ": Spark " + a.get(i).cutoff() + ", " + otherLabel
                        + " " + b.get(i).cutoff());
            }
            cut[i] = a.get(i).cutoff();
            ps[i] = a.get(i).precision();
            po[i] = b.get(i).precision();
            rs[i] = a.get(i).recall();
            ro[i] = b.get(i).recall();
            dtp[i] = a.get(i).confusion().tp() - b.get(i).confusion().tp();
            dfp[i] = a.get(i).confusion().fp() - b.get(i).confusion().fp();
        }
        return Table.create(name, DoubleColumn.create("cutoff", cut), DoubleColumn.create("precision (Spark)", ps),
                DoubleColumn.create("precision (" + otherLabel + ")", po), DoubleColumn.create("recall (Spark)", rs),
                DoubleColumn.create("recall (" + otherLabel + ")", ro), LongColumn.create("tp: Spark - " + otherLabel, dtp),
                LongColumn.create("fp: Spark - " + otherLabel, dfp));
    }

    /** The exactness check: pairs, same, different and distinct distances on each side, and whether they are equal. */
    public static Table agreement(CountsAgreement a, String leftLabel, String rightLabel, String name) {
        var l = a.left();
        var r = a.right();
        return Table.create(name,
                StringColumn.create("quantity", "pairs", "same-person pairs", "different-person pairs",
                        "distinct 6-decimal distances", "distances counted differently"),
                LongColumn.create(leftLabel, l.pairs(), l.positives(), l.negatives(), l.distinct(),
                        a.differingDistances()),
                LongColumn.create(rightLabel, r.pairs(), r.positives(), r.negatives(), r.distinct(),
                        a.differingDistances()),
                BooleanColumn.create("equal", List.of(l.pairs() == r.pairs(), l.positives() == r.positives(),
                        l.negatives() == r.negatives(), l.distinct() == r.distinct(), a.differingDistances() == 0)));
    }
}
