package dev.facecal.notebook;

import dev.facecal.calibrate.PrecisionRecallTable;
import dev.facecal.study.scale.CutoffCounts;
import dev.facecal.study.scale.LabelledEmbeddings;
import dev.facecal.study.scale.Seed002;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
}
