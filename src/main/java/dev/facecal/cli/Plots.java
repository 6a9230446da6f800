package dev.facecal.cli;

import dev.facecal.FacecalException;
import dev.facecal.calibrate.Calibration;
import dev.facecal.calibrate.ColumnCalibration;
import dev.facecal.calibrate.ThresholdRule;
import dev.facecal.dataset.PairTable;
import dev.facecal.report.Figures;
import dev.facecal.report.HtmlPage;
import dev.facecal.report.Kde;
import dev.facecal.report.Marker;
import dev.facecal.report.PngCharts;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the per-column plots of {@code calibrate --plot DIR} and {@code run}: the two distance distributions
 * (KDE, as pandas' {@code plot.kde()} draws them) with the main thresholds as vertical lines, as an interactive
 * Plotly page ({@code <column>.html}, with the ROC and DET curves) and a static PNG ({@code <column>.png}, drawn with
 * JFreeChart, {@link PngCharts}).
 */
final class Plots {
    /** Thresholds drawn on the distribution plots. */
    static final List<ThresholdRule> MARKED = List.of(ThresholdRule.SIGMA2, ThresholdRule.C45, ThresholdRule.C45_EXACT,
            ThresholdRule.F1_MAX, ThresholdRule.EER);

    private Plots() {}

    static void write(Path dir, PairTable table, Calibration cal, PrintWriter err) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new FacecalException("cannot create the plot folder " + dir + ": " + e.getMessage(), e);
        }
        for (ColumnCalibration c : cal.columns().values()) {
            double[] pos = table.distances(c.column(), true);
            double[] neg = table.distances(c.column(), false);
            List<Marker> markers = new ArrayList<>();
            for (ThresholdRule rule : MARKED) markers.add(new Marker(rule.label(), c.threshold(rule)));
            String title = c.column() + ": same-person vs different-person distances";
            String file = c.column().replaceAll("[^A-Za-z0-9._-]", "_");
            try {
                Kde.Curve kp = Kde.of(pos);
                Kde.Curve kn = Kde.of(neg);
                HtmlPage.of(title, Figures.distanceKde(title, kp, kn, markers),
                        Figures.roc(c.roc().fpr(), c.roc().tpr(), c.roc().auc()),
                        Figures.det(c.det().far(), c.det().frr())).write(dir.resolve(file + ".html"));
                PngCharts.write(dir.resolve(file + ".png"), PngCharts.kde(title, kp, kn, markers));
            } catch (IllegalArgumentException e) {
                err.println("no plot for " + c.column() + ": " + e.getMessage());
                continue;
            } catch (IOException e) {
                throw new FacecalException("cannot write the plots of " + c.column() + " into " + dir + ": "
                        + e.getMessage(), e);
            }
        }
        err.println("plots: " + dir + " (" + cal.columns().size() + " x .html + .png)");
    }
}
