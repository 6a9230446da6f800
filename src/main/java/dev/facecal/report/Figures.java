package dev.facecal.report;

import dev.facecal.calibrate.Confusion;
import dev.facecal.calibrate.ConfidenceModel;
import dev.facecal.calibrate.OperatingCurve;
import dev.facecal.calibrate.PrecisionRecallTable;
import dev.facecal.calibrate.ReliabilityDiagram;
import dev.facecal.report.PlotlyTrace.Dash;
import dev.facecal.study.SplitThresholdStudy;
import dev.facecal.study.scale.CutoffCounts;
import dev.facecal.study.scale.Seed002;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SequencedMap;

/**
 * Plotly figures of a calibration run, in the spirit of Tablesaw's {@code tech.tablesaw.plotly.api} package: each
 * method is a pure function of its arguments that returns a new {@link PlotlyFigure}; nothing is displayed or
 * written (see {@link HtmlPage} and {@code notebook.Show} for that).
 *
 * <p>Curves with more than {@link Downsample#DISPLAY_POINTS} vertices are thinned with
 * {@link Downsample#lttb} before they go into the figure, so a ROC over 10 million pairs still
 * gives a page that opens quickly. Colours come from {@link Palette}.
 */
public final class Figures {

    /** Candidate DET tick probabilities, fine (used when few fit the axis range). */
    private static final double[] DET_TICKS_FINE = {
        1e-6, 1e-5, 1e-4, 1e-3, 2e-3, 5e-3, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8,
        0.9, 0.95, 0.98, 0.99, 0.995, 0.998, 0.999, 1 - 1e-4, 1 - 1e-5, 1 - 1e-6
    };
    /** Candidate DET tick probabilities, coarse (used when the fine ones would crowd). */
    private static final double[] DET_TICKS_COARSE = {
        1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.05, 0.2, 0.5, 0.8, 0.95, 0.99, 0.999, 1 - 1e-4, 1 - 1e-5, 1 - 1e-6
    };
    private static final int DET_MAX_TICKS = 12;

    /** DET rates are clipped to [DET_CLIP, 1 - DET_CLIP] before the probit transform. */
    public static final double DET_CLIP = 1e-6;

    private Figures() {
    }

    /**
     * The two distance distributions of DeepFace's Fine-Tuning-Threshold notebook
     * ({@code df[df.decision == "Yes"].distance.plot.kde()} and the same for "No"): a Gaussian KDE
     * of the same-person distances and one of the different-person distances, each on its own
     * pandas grid (see {@link Kde}), with one vertical dashed line per threshold.
     *
     * @param title      figure title
     * @param positives  distances of same-person pairs (at least 2 distinct values)
     * @param negatives  distances of different-person pairs (at least 2 distinct values)
     * @param thresholds thresholds to mark, possibly empty
     * @throws IllegalArgumentException as {@link Kde#of(double[])} for degenerate samples
     */
    public static PlotlyFigure distanceKde(String title, double[] positives, double[] negatives, List<Marker> thresholds) {
        return distanceKde(title, Kde.of(positives), Kde.of(negatives), thresholds);
    }

    /** {@link #distanceKde(String, double[], double[], List)} from curves already estimated. */
    public static PlotlyFigure distanceKde(String title, Kde.Curve positives, Kde.Curve negatives, List<Marker> thresholds) {
        requireTitle(title);
        List<Marker> marks = List.copyOf(thresholds);
        double top = 1.05 * Math.max(positives.max(), negatives.max());
        PlotlyFigure.Builder f = PlotlyFigure.builder(title)
                .trace(line(positives.x(), positives.density(), "same person", Palette.SAME, Dash.SOLID))
                .trace(line(negatives.x(), negatives.density(), "different persons", Palette.DIFFERENT, Dash.SOLID));
        for (int i = 0; i < marks.size(); i++) {
            Marker m = marks.get(i);
            f.trace(line(new double[] {m.value(), m.value()}, new double[] {0, top}, m.label(), Palette.marker(i), Dash.DASH));
        }
        return f.xAxis(PlotlyAxis.titled("distance")).yAxis(PlotlyAxis.titled("density").range(0, top)).build();
    }

    /**
     * ROC curve: true positive rate against false positive rate as the threshold sweeps, with the
     * chance diagonal and the area under the curve in the legend (as scikit-learn's
     * {@code RocCurveDisplay} shows it).
     *
     * @param fpr false positive rates in [0, 1], one per threshold
     * @param tpr true positive rates in [0, 1], same length
     * @param auc area under the curve, in [0, 1]
     */
    public static PlotlyFigure roc(double[] fpr, double[] tpr, double auc) {
        requirePoints("fpr", fpr, "tpr", tpr);
        requireRates("fpr", fpr);
        requireRates("tpr", tpr);
        if (!(auc >= 0 && auc <= 1)) {
            throw new IllegalArgumentException("auc must be in [0, 1], got " + auc);
        }
        int[] keep = Downsample.lttb(fpr, tpr, Downsample.DISPLAY_POINTS);
        return PlotlyFigure.builder("ROC curve")
                .trace(line(Downsample.pick(fpr, keep), Downsample.pick(tpr, keep),
                        "ROC (AUC = " + Format.fixed(auc, 4) + ")", Palette.SAME, Dash.SOLID))
                .trace(line(new double[] {0, 1}, new double[] {0, 1}, "chance", Palette.REFERENCE, Dash.DASH))
                .xAxis(PlotlyAxis.titled("false positive rate").range(-0.01, 1.01))
                .yAxis(PlotlyAxis.titled("true positive rate").range(-0.01, 1.01))
                .build();
    }

    /**
     * Several ROC curves in one figure (e.g. one per model on the same pairs), each labelled with its AUC, and the
     * chance diagonal.
     *
     * @param title  figure title
     * @param curves label (the model) to its ROC curve, in legend order
     */
    public static PlotlyFigure rocCurves(String title, SequencedMap<String, dev.facecal.calibrate.RocCurve> curves) {
        requireTitle(title);
        if (curves.isEmpty()) {
            throw new IllegalArgumentException("at least one ROC curve is needed");
        }
        PlotlyFigure.Builder f = PlotlyFigure.builder(title);
        int i = 0;
        for (var e : curves.entrySet()) {
            var roc = e.getValue();
            requirePoints("fpr", roc.fpr(), "tpr", roc.tpr());
            int[] keep = Downsample.lttb(roc.fpr(), roc.tpr(), Downsample.DISPLAY_POINTS);
            f.trace(line(Downsample.pick(roc.fpr(), keep), Downsample.pick(roc.tpr(), keep),
                    e.getKey() + " (AUC = " + Format.fixed(roc.auc(), 4) + ")", Palette.marker(i), Dash.SOLID));
            i++;
        }
        return f.trace(line(new double[] {0, 1}, new double[] {0, 1}, "chance", Palette.REFERENCE, Dash.DASH))
                .xAxis(PlotlyAxis.titled("false positive rate").range(-0.01, 1.01))
                .yAxis(PlotlyAxis.titled("true positive rate").range(-0.01, 1.01))
                .build();
    }

    /**
     * ROC curve with the false positive rate on a logarithmic axis: the low-FAR end, where a verification system
     * operates (1e-3, 1e-4), is squeezed into the corner of a linear ROC and spread out here. Points with FAR 0
     * have no place on a log axis and are left out; the axis starts at {@code minFar} (e.g. 1 / the number of
     * negative pairs, the smallest non-zero FAR the pairs can show).
     *
     * @param fpr    false positive rates in [0, 1], one per threshold
     * @param tpr    true positive rates in [0, 1], same length
     * @param auc    area under the (linear) curve, for the legend
     * @param minFar left end of the axis, in (0, 1)
     */
    public static PlotlyFigure rocLogFar(double[] fpr, double[] tpr, double auc, double minFar) {
        requirePoints("fpr", fpr, "tpr", tpr);
        requireRates("fpr", fpr);
        requireRates("tpr", tpr);
        if (!(minFar > 0 && minFar < 1)) {
            throw new IllegalArgumentException("minFar must be in (0, 1), got " + minFar);
        }
        int n = 0;
        for (double f : fpr) if (f > 0) n++;
        if (n < 2) {
            throw new IllegalArgumentException("a log-FAR ROC needs at least 2 points with FAR > 0, got " + n);
        }
        double[] x = new double[n], y = new double[n];
        int k = 0;
        for (int i = 0; i < fpr.length; i++) {
            if (fpr[i] > 0) {
                x[k] = fpr[i];
                y[k++] = tpr[i];
            }
        }
        return PlotlyFigure.builder("ROC curve, false accept rate on a log scale")
                .trace(line(x, y, "ROC (AUC = " + Format.fixed(auc, 4) + ")", Palette.SAME, Dash.SOLID).set("line.shape", "hv"))
                .trace(line(new double[] {minFar, 1}, new double[] {minFar, 1}, "chance", Palette.REFERENCE, Dash.DASH))
                .xAxis(PlotlyAxis.titled("false accept rate (log scale)").log().range(minFar / 1.5, 1))
                .yAxis(PlotlyAxis.titled("true accept rate").range(-0.01, 1.01))
                .build();
    }

    /**
     * DET curve: false reject rate against false accept rate on normal-deviate axes (Martin et
     * al., Eurospeech 1997; ISO/IEC 19795-1), where each rate r is shown at
     * {@code NormalQuantile.of(clip(r))} with clip to [{@value #DET_CLIP}, 1 - {@value #DET_CLIP}]
     * (rates of exactly 0 or 1 have no finite deviate). Tick labels are percentages. A grey
     * diagonal marks FAR = FRR; the curve crosses it at the equal error rate.
     *
     * @param far false accept rates in [0, 1], one per threshold
     * @param frr false reject rates in [0, 1], same length
     */
    public static PlotlyFigure det(double[] far, double[] frr) {
        requirePoints("far", far, "frr", frr);
        requireRates("far", far);
        requireRates("frr", frr);
        double[] zx = probit(far);
        double[] zy = probit(frr);
        int[] keep = Downsample.lttb(zx, zy, Downsample.DISPLAY_POINTS);
        double[] xs = Downsample.pick(zx, keep);
        double[] ys = Downsample.pick(zy, keep);
        double[] xRange = detRange(xs);
        double[] yRange = detRange(ys);
        double lo = Math.min(xRange[0], yRange[0]);
        double hi = Math.max(xRange[1], yRange[1]);
        return PlotlyFigure.builder("DET curve")
                .trace(line(xs, ys, "DET", Palette.SAME, Dash.SOLID))
                .trace(line(new double[] {lo, hi}, new double[] {lo, hi}, "FAR = FRR", Palette.REFERENCE, Dash.DASH))
                .xAxis(detAxis("false accept rate (FAR)", xRange))
                .yAxis(detAxis("false reject rate (FRR)", yRange))
                .build();
    }

    /**
     * Precision and recall of the "same person" decision against the distance cutoff, the view
     * of seed 002 (face_recognition distances investigation): two lines over the cutoffs. Points
     * where precision (or recall) is NaN, because no pair was accepted, are left out of that line.
     *
     * @param cutoffs   distance cutoffs, finite
     * @param precision precision at each cutoff, in [0, 1] or NaN
     * @param recall    recall at each cutoff, in [0, 1] or NaN
     */
    public static PlotlyFigure precisionRecall(double[] cutoffs, double[] precision, double[] recall) {
        requirePoints("cutoffs", cutoffs, "precision", precision);
        requirePoints("cutoffs", cutoffs, "recall", recall);
        for (double c : cutoffs) {
            if (!Double.isFinite(c)) {
                throw new IllegalArgumentException("cutoffs must be finite, got " + c);
            }
        }
        requireRatesOrNaN("precision", precision);
        requireRatesOrNaN("recall", recall);
        return PlotlyFigure.builder("precision and recall by cutoff")
                .trace(thinnedWithoutNaN(cutoffs, precision, "precision", Palette.SAME))
                .trace(thinnedWithoutNaN(cutoffs, recall, "recall", Palette.DIFFERENT))
                .xAxis(PlotlyAxis.titled("cutoff (distance)"))
                .yAxis(PlotlyAxis.titled("precision / recall").range(-0.01, 1.01))
                .build();
    }

    private static PlotlyTrace thinnedWithoutNaN(double[] x, double[] y, String name, String colour) {
        int n = 0;
        for (double v : y) {
            if (!Double.isNaN(v)) {
                n++;
            }
        }
        double[] xs = new double[n];
        double[] ys = new double[n];
        int k = 0;
        for (int i = 0; i < y.length; i++) {
            if (!Double.isNaN(y[i])) {
                xs[k] = x[i];
                ys[k++] = y[i];
            }
        }
        int[] keep = Downsample.lttb(xs, ys, Downsample.DISPLAY_POINTS);
        return line(Downsample.pick(xs, keep), Downsample.pick(ys, keep), name, colour, Dash.SOLID);
    }

    /**
     * A confusion matrix as a heatmap with the counts written in the cells: rows are the truth (same person,
     * different persons), columns the decision at the threshold (verified = distance at or below it, as DeepFace).
     *
     * @param title     figure title
     * @param confusion counts at the threshold
     */
    public static PlotlyFigure confusion(String title, Confusion confusion) {
        requireTitle(title);
        List<String> x = List.of("predicted same", "predicted different");
        List<String> y = List.of("different persons", "same person");
        double[][] z = {{confusion.fp(), confusion.tn()}, {confusion.tp(), confusion.fn()}};
        List<String> labels = List.of("TP " + confusion.tp(), "FN " + confusion.fn(), "FP " + confusion.fp(),
                "TN " + confusion.tn());
        return PlotlyFigure.builder(title)
                .trace(PlotlyTrace.heatmap(x, y, z).set("colorscale", "Blues").set("reversescale", true).set("hoverinfo", "skip"))
                // the counts sit on white squares so they read on dark and light cells alike
                .trace(PlotlyTrace.text(List.of(x.get(0), x.get(1), x.get(0), x.get(1)),
                                List.of(y.get(1), y.get(1), y.get(0), y.get(0)), labels)
                        .legend(false).markerSize(58).set("marker.color", "#ffffff").set("marker.opacity", 0.85)
                        .set("marker.symbol", "square"))
                .legend(false).size(560, 380).margin(140, 40, 60, 70)
                .xAxis(PlotlyAxis.titled("decision").categorical())
                .yAxis(PlotlyAxis.titled("truth").categorical())
                .build();
    }

    /**
     * Overlaid histograms of several samples (e.g. confidence scores of same-person and different-person
     * pairs), {@code bins} bins each, semi-transparent.
     *
     * @param title  figure title
     * @param xTitle x axis title
     * @param series sample name to values, in legend order
     * @param bins   number of bins, at least 1
     */
    public static PlotlyFigure histograms(String title, String xTitle, SequencedMap<String, double[]> series, int bins) {
        requireTitle(title);
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be at least 1, got " + bins);
        }
        PlotlyFigure.Builder f = PlotlyFigure.builder(title).barMode("overlay");
        int i = 0;
        for (var e : series.entrySet()) {
            f.trace(PlotlyTrace.histogram(e.getValue(), bins).name(e.getKey()).opacity(0.6)
                    .colour(i == 0 ? Palette.SAME : i == 1 ? Palette.DIFFERENT : Palette.marker(i)));
            i++;
        }
        return f.xAxis(PlotlyAxis.titled(xTitle)).yAxis(PlotlyAxis.titled("pairs")).build();
    }

    /**
     * F1 against the threshold on each part of an identity-disjoint split (seed 004's view), with the threshold
     * chosen on validation as a dashed line.
     *
     * @param metric  the distance's name (axis title)
     * @param curves  part name (train, validation, test) to its operating curve, in legend order
     * @param chosen  the threshold chosen on validation
     */
    public static PlotlyFigure f1Curves(String metric, SequencedMap<String, OperatingCurve> curves, double chosen) {
        String[] colours = {Palette.SAME, Palette.DIFFERENT, Palette.marker(0)};
        double top = 1.02;
        PlotlyFigure.Builder f = PlotlyFigure.builder("F1 against the threshold (" + metric + ")");
        int k = 0;
        for (var e : curves.entrySet()) {
            OperatingCurve c = e.getValue();
            double[] x = new double[c.size()], y = new double[c.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = c.value(i);
                y[i] = c.confusion(i).f1();
            }
            f.trace(line(x, y, "F1 on " + e.getKey(), colours[k % colours.length], Dash.SOLID));
            k++;
        }
        f.trace(line(new double[] {chosen, chosen}, new double[] {0, top}, "chosen on validation = "
                + Format.fixed(chosen, 4), Palette.marker(1), Dash.DASH));
        return f.xAxis(PlotlyAxis.titled(metric + " distance threshold"))
                .yAxis(PlotlyAxis.titled("F1").range(0, top)).build();
    }

    /**
     * Two distance distributions from streamed bin counts, each as a density (count / (class total x bin width)),
     * so that 0.3 % of same-person pairs and 99.7 % of different ones are both visible, as in seed 002's figure;
     * bins past the last non-empty one (plus two) are left out; dashed lines at {@code markers} (e.g.
     * face_recognition's tolerance 0.6).
     *
     * @param title          figure title
     * @param metric         the distance's name (axis title)
     * @param binWidth       width of every bin, bin k covering [k·w, (k+1)·w)
     * @param same           same-person counts per bin (the last entry, the overflow bin, is not drawn)
     * @param different      different-person counts per bin, same length
     * @param markers        distances to mark
     */
    public static PlotlyFigure binnedDensity(String title, String metric, double binWidth, long[] same, long[] different,
                                             double... markers) {
        return binnedDensity(title, metric, binWidth, same, different, false, markers);
    }

    /**
     * As {@link #binnedDensity(String, CutoffCounts, double...)} with the density on a <em>logarithmic</em> axis:
     * the different-person tail below a cutoff, where the false accepts live, holds a tiny share of the
     * different-person pairs and is flat zero on a linear axis; on a log axis each decade is visible. Empty bins
     * (density 0) have no place on a log axis and leave gaps.
     */
    public static PlotlyFigure binnedDensityLog(String title, CutoffCounts counts, double... markers) {
        return binnedDensity(title, counts.metric().deepfaceName(), counts.binWidth(), counts.sameHistogram(),
                counts.differentHistogram(), true, markers);
    }

    private static PlotlyFigure binnedDensity(String title, String metric, double binWidth, long[] same, long[] different,
                                              boolean log, double... markers) {
        requireTitle(title);
        if (same.length != different.length || same.length < 2) {
            throw new IllegalArgumentException("histograms need the same number of bins (at least 2), got "
                    + same.length + " and " + different.length);
        }
        if (!(binWidth > 0)) {
            throw new IllegalArgumentException("bin width must be positive, got " + binWidth);
        }
        int bins = same.length - 1;
        long sameTotal = 0, differentTotal = 0;
        for (int k = 0; k < same.length; k++) {
            sameTotal += same[k];
            differentTotal += different[k];
        }
        double[] x = new double[bins], ys = new double[bins], yd = new double[bins];
        int last = 0;
        for (int k = 0; k < bins; k++) {
            x[k] = (k + 0.5) * binWidth;
            ys[k] = sameTotal == 0 ? 0 : same[k] / (sameTotal * binWidth);
            yd[k] = differentTotal == 0 ? 0 : different[k] / (differentTotal * binWidth);
            if (same[k] + different[k] > 0) {
                last = k;
            }
        }
        int end = Math.min(bins, last + 3);
        double top = 0;
        for (int k = 0; k < end; k++) {
            top = Math.max(top, Math.max(ys[k], yd[k]));
        }
        top = top > 0 ? top * 1.05 : 1;
        double bottom = 0;
        if (log) {
            double min = Double.POSITIVE_INFINITY;
            for (int k = 0; k < end; k++) {
                if (ys[k] > 0) min = Math.min(min, ys[k]);
                if (yd[k] > 0) min = Math.min(min, yd[k]);
            }
            bottom = Double.isFinite(min) ? min / 2 : top / 1e6;
            for (int k = 0; k < end; k++) {     // empty bins: gaps, not log(0)
                if (ys[k] == 0) ys[k] = Double.NaN;
                if (yd[k] == 0) yd[k] = Double.NaN;
            }
        }
        PlotlyFigure.Builder f = PlotlyFigure.builder(title)
                .trace(line(java.util.Arrays.copyOf(x, end), java.util.Arrays.copyOf(ys, end),
                        String.format(Locale.ROOT, "same person (%,d pairs)", sameTotal), Palette.SAME, Dash.SOLID))
                .trace(line(java.util.Arrays.copyOf(x, end), java.util.Arrays.copyOf(yd, end),
                        String.format(Locale.ROOT, "different persons (%,d pairs)", differentTotal), Palette.DIFFERENT,
                        Dash.SOLID));
        for (int i = 0; i < markers.length; i++) {
            f.trace(line(new double[] {markers[i], markers[i]}, new double[] {bottom, top}, "cutoff " + markers[i],
                    Palette.marker(i), Dash.DASH));
        }
        PlotlyAxis y = log ? PlotlyAxis.titled("density (per class, log scale)").log().range(bottom, top)
                : PlotlyAxis.titled("density (per class)").range(0, top);
        return f.xAxis(PlotlyAxis.titled(metric + " distance")).yAxis(y).build();
    }

    /**
     * Precision and recall per cutoff: ours as solid lines with markers, a published table's dashed, on the same
     * axes (seed 002's comparison).
     *
     * @param title          figure title
     * @param oursLabel      legend text for ours
     * @param ours           our per-cutoff table
     * @param publishedLabel legend text for the published values
     * @param cutoffs        the published cutoffs
     * @param precision      published precision per cutoff
     * @param recall         published recall per cutoff
     */
    public static PlotlyFigure precisionRecallAgainst(String title, String oursLabel, PrecisionRecallTable ours,
                                                      String publishedLabel, double[] cutoffs, double[] precision,
                                                      double[] recall) {
        requireTitle(title);
        double[] c = ours.rows().stream().mapToDouble(PrecisionRecallTable.Row::cutoff).toArray();
        double[] p = ours.rows().stream().mapToDouble(PrecisionRecallTable.Row::precision).toArray();
        double[] r = ours.rows().stream().mapToDouble(PrecisionRecallTable.Row::recall).toArray();
        return PlotlyFigure.builder(title)
                .trace(withMarkers(c, p, "precision (" + oursLabel + ")", Palette.SAME, Dash.SOLID))
                .trace(withMarkers(c, r, "recall (" + oursLabel + ")", Palette.DIFFERENT, Dash.SOLID))
                .trace(withMarkers(cutoffs, precision, "precision (" + publishedLabel + ")", Palette.SAME, Dash.DASH))
                .trace(withMarkers(cutoffs, recall, "recall (" + publishedLabel + ")", Palette.DIFFERENT, Dash.DASH))
                .xAxis(PlotlyAxis.titled("cutoff (distance)"))
                .yAxis(PlotlyAxis.titled("precision / recall").range(-0.02, 1.02))
                .build();
    }

    /** Seed 002's view: our per-cutoff precision and recall beside the published table ({@code study.scale.Seed002}). */
    public static PlotlyFigure seed002Comparison(String title, String oursLabel, PrecisionRecallTable ours) {
        return precisionRecallAgainst(title, oursLabel, ours, "published, seed 002", Seed002.CUTOFFS, Seed002.PRECISION,
                Seed002.RECALL);
    }

    /** {@link #binnedDensity} of a streamed count ({@code study.scale.CutoffCounts}). */
    public static PlotlyFigure binnedDensity(String title, CutoffCounts counts, double... markers) {
        return binnedDensity(title, counts.metric().deepfaceName(), counts.binWidth(), counts.sameHistogram(),
                counts.differentHistogram(), markers);
    }

    /** {@link #f1Curves(String, SequencedMap, double)} of an identity-disjoint split study's result. */
    public static PlotlyFigure f1Curves(SplitThresholdStudy.Result result) {
        return f1Curves(result.metric().deepfaceName(), result.curves(), result.chosen().threshold());
    }

    /**
     * Precision, recall, F1 and accuracy against the threshold (accepted: distance at or below it), one step per
     * distinct distance, with a dashed line at each marked threshold: where a method's threshold sits on each
     * metric's curve, and how flat or steep the curves are around it.
     *
     * @param title   figure title
     * @param metric  the distance's name (axis title)
     * @param curve   the operating curve of the labelled distances
     * @param markers thresholds to mark, possibly empty
     */
    public static PlotlyFigure metricsAgainstThreshold(String title, String metric, OperatingCurve curve,
                                                       List<Marker> markers) {
        requireTitle(title);
        int n = curve.size();
        double[] x = new double[n], precision = new double[n], recall = new double[n], f1 = new double[n],
                accuracy = new double[n];
        for (int i = 0; i < n; i++) {
            Confusion c = curve.confusion(i);
            x[i] = curve.value(i);
            precision[i] = c.precision();
            recall[i] = c.recall();
            f1[i] = c.f1();
            accuracy[i] = c.accuracy();
        }
        double top = 1.02;
        PlotlyFigure.Builder f = PlotlyFigure.builder(title)
                .trace(line(x, precision, "precision", Palette.DIFFERENT, Dash.SOLID).set("line.shape", "hv"))
                .trace(line(x, recall, "recall", Palette.SAME, Dash.SOLID).set("line.shape", "hv"))
                .trace(line(x, f1, "F1", "#2ca02c", Dash.SOLID).set("line.shape", "hv"))
                .trace(line(x, accuracy, "accuracy", "#9467bd", Dash.SOLID).set("line.shape", "hv"));
        int k = 0;
        for (Marker m : markers) {
            f.trace(line(new double[] {m.value(), m.value()}, new double[] {0, top},
                    m.label() + " = " + Format.significant(m.value(), 4), Palette.marker(k++), Dash.DASH));
        }
        return f.xAxis(PlotlyAxis.titled(metric + " distance threshold"))
                .yAxis(PlotlyAxis.titled("share").range(0, top)).build();
    }

    /**
     * DeepFace's confidence against the distance ({@code confidence(distance)}: 51-100 for verified pairs, 0-49
     * otherwise) beside the raw logistic output it is rescaled from ({@code 100 / (1 + exp(-(w x + b)))}), with the
     * threshold as a dashed line: the jump at the threshold is the piecewise rescale, not the logistic fit.
     *
     * @param title    figure title
     * @param metric   the distance's name (axis title)
     * @param model    the confidence model
     * @param maxDistance the right end of the distance axis (e.g. the largest distance seen)
     */
    public static PlotlyFigure confidenceCurve(String title, String metric, ConfidenceModel model, double maxDistance) {
        requireTitle(title);
        if (!(maxDistance > 0) || Double.isInfinite(maxDistance)) {
            throw new IllegalArgumentException("maxDistance must be positive and finite, got " + maxDistance);
        }
        int n = 401;
        java.util.TreeSet<Double> at = new java.util.TreeSet<>();
        for (int i = 0; i < n; i++) {
            at.add(maxDistance * i / (n - 1));
        }
        double t = model.threshold();
        if (t > 0 && t < maxDistance) {     // both sides of the jump
            at.add(t);
            at.add(Math.nextUp(t));
        }
        double[] x = at.stream().mapToDouble(Double::doubleValue).toArray();
        double[] conf = new double[x.length], raw = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            conf[i] = model.confidence(x[i]);
            raw[i] = model.rawConfidence(x[i]);
        }
        return PlotlyFigure.builder(title)
                .trace(line(x, conf, "DeepFace confidence (rescaled: 51-100 verified, 0-49 not)", Palette.SAME, Dash.SOLID))
                .trace(line(x, raw, "raw logistic output 100 / (1 + exp(-(w x + b)))", Palette.DIFFERENT, Dash.DOT))
                .trace(line(new double[] {t, t}, new double[] {0, 100}, model.thresholdMethod() + " threshold = "
                        + Format.significant(t, 4), Palette.marker(0), Dash.DASH))
                .xAxis(PlotlyAxis.titled(metric + " distance"))
                .yAxis(PlotlyAxis.titled("confidence (%)").range(0, 101)).build();
    }

    /**
     * Reliability diagrams: for each model, the observed share of same-person pairs in each probability bin against
     * the bin's mean predicted probability (marker size grows with the bin's pairs), beside the diagonal a
     * calibrated score would follow; the legend gives each model's ECE and Brier score.
     *
     * @param title    figure title
     * @param diagrams model name to its diagram, in legend order
     */
    public static PlotlyFigure reliability(String title, java.util.SequencedMap<String, ReliabilityDiagram> diagrams) {
        requireTitle(title);
        if (diagrams.isEmpty()) {
            throw new IllegalArgumentException("no reliability diagram to draw");
        }
        PlotlyFigure.Builder f = PlotlyFigure.builder(title)
                .trace(line(new double[] {0, 1}, new double[] {0, 1}, "calibrated (diagonal)", "#888888", Dash.DOT));
        String[] colours = {Palette.DIFFERENT, Palette.SAME, "#2ca02c", Palette.marker(0), Palette.marker(1)};
        int k = 0;
        for (var e : diagrams.entrySet()) {
            ReliabilityDiagram d = e.getValue();
            double[] x = d.bins().stream().mapToDouble(ReliabilityDiagram.Bin::predicted).toArray();
            double[] y = d.bins().stream().mapToDouble(ReliabilityDiagram.Bin::observed).toArray();
            String name = e.getKey() + ": ECE " + Format.significant(d.ece(), 3) + ", Brier "
                    + Format.significant(d.brier(), 3);
            PlotlyTrace tr = x.length == 1 ? PlotlyTrace.markers(x, y).name(name).colour(colours[k % colours.length])
                    : withMarkers(x, y, name, colours[k % colours.length], Dash.SOLID);
            f.trace(tr);
            k++;
        }
        return f.xAxis(PlotlyAxis.titled("predicted probability of same person (mean in bin)").range(0, 1))
                .yAxis(PlotlyAxis.titled("observed share of same-person pairs").range(0, 1.02)).build();
    }

    private static PlotlyTrace withMarkers(double[] x, double[] y, String name, String colour, Dash dash) {
        return PlotlyTrace.linesAndMarkers(x, y).name(name).colour(colour).width(2).dash(dash).markerSize(6);
    }

    private static PlotlyTrace line(double[] x, double[] y, String name, String colour, Dash dash) {
        return PlotlyTrace.lines(x, y).name(name).colour(colour).width(2).dash(dash);
    }

    private static double[] probit(double[] rates) {
        double[] z = new double[rates.length];
        for (int i = 0; i < rates.length; i++) {
            z[i] = NormalQuantile.of(Math.min(1 - DET_CLIP, Math.max(DET_CLIP, rates[i])));
        }
        return z;
    }

    private static double[] detRange(double[] z) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        double min = NormalQuantile.of(DET_CLIP);
        double max = NormalQuantile.of(1 - DET_CLIP);
        lo = Math.max(min - 0.1, lo - 0.25);
        hi = Math.min(max + 0.1, hi + 0.25);
        if (hi - lo < 1) {
            double mid = (lo + hi) / 2;
            lo = mid - 0.5;
            hi = mid + 0.5;
        }
        return new double[] {lo, hi};
    }

    /** Tick probabilities of a DET axis spanning [lo, hi] in normal deviates (package-private for tests). */
    static double[] detTicks(double lo, double hi) {
        double[] ticks = ticksWithin(DET_TICKS_FINE, lo, hi);
        return ticks.length > DET_MAX_TICKS ? ticksWithin(DET_TICKS_COARSE, lo, hi) : ticks;
    }

    private static double[] ticksWithin(double[] candidates, double lo, double hi) {
        return java.util.Arrays.stream(candidates)
                .filter(p -> {
                    double z = NormalQuantile.of(p);
                    return z >= lo && z <= hi;
                })
                .toArray();
    }

    private static PlotlyAxis detAxis(String title, double[] range) {
        double[] probabilities = detTicks(range[0], range[1]);
        double[] at = new double[probabilities.length];
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < probabilities.length; i++) {
            at[i] = NormalQuantile.of(probabilities[i]);
            labels.add(Format.percent(probabilities[i]));
        }
        return PlotlyAxis.titled(title).range(range[0], range[1]).ticks(at, labels);
    }

    private static void requireTitle(String title) {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("title must not be blank, got " + (title == null ? "null" : "'" + title + "'"));
        }
    }

    private static void requirePoints(String xName, double[] x, String yName, double[] y) {
        if (x == null || y == null) {
            throw new IllegalArgumentException(xName + " and " + yName + " must not be null");
        }
        if (x.length != y.length) {
            throw new IllegalArgumentException(xName + " and " + yName + " differ in length: " + x.length + " vs " + y.length);
        }
        if (x.length < 2) {
            throw new IllegalArgumentException("a curve needs at least 2 points, got " + x.length);
        }
    }

    private static void requireRates(String name, double[] rates) {
        for (int i = 0; i < rates.length; i++) {
            if (!(rates[i] >= 0 && rates[i] <= 1)) {
                throw new IllegalArgumentException(name + "[" + i + "] must be in [0, 1], got " + rates[i]);
            }
        }
    }

    private static void requireRatesOrNaN(String name, double[] rates) {
        int defined = 0;
        for (int i = 0; i < rates.length; i++) {
            if (Double.isNaN(rates[i])) {
                continue;
            }
            if (!(rates[i] >= 0 && rates[i] <= 1)) {
                throw new IllegalArgumentException(name + "[" + i + "] must be in [0, 1] or NaN, got " + rates[i]);
            }
            defined++;
        }
        if (defined < 2) {
            throw new IllegalArgumentException(name + " needs at least 2 values that are not NaN, got " + defined);
        }
    }
}
