package dev.facecal.report;

import dev.facecal.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTitleAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * PNG charts for the command line ({@code calibrate --plot}, {@code run}) drawn with JFreeChart, a maintained Java
 * charting library that renders with Java2D and needs no browser: the Plotly figures (interactive, {@link Figures})
 * need one to become pictures, which a headless CI machine or a plain terminal session does not have. The look
 * follows a default matplotlib figure, as DeepFace's notebook plots: white background, light grid, the two classes in
 * {@link Palette}'s blue and orange, thresholds as dashed vertical lines in the marker colours, the legend inside the
 * plot. Curves of more than {@value #MAX_POINTS} points are thinned with {@link Downsample#lttb} first (at image
 * resolution the same picture). A JDK on a minimal image needs fontconfig and one TrueType font (Debian's
 * {@code fonts-dejavu-core}).
 */
public final class PngCharts {
    /** Default size in pixels, as the hand-drawn charts had. */
    public static final int WIDTH = 960;
    public static final int HEIGHT = 600;
    static final int MAX_POINTS = 5000;

    private PngCharts() {
    }

    /**
     * The distance-distribution chart of {@link Figures#distanceKde}: KDE of the same-person and of the
     * different-person distances, one dashed vertical line per threshold ({@link Marker#label} in the legend), axes
     * "distance" / "density".
     */
    public static JFreeChart kde(String title, Kde.Curve positives, Kde.Curve negatives, List<Marker> thresholds) {
        double top = 1.05 * Math.max(positives.max(), negatives.max());
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(series("same person", positives.x(), positives.density()));
        data.addSeries(series("different persons", negatives.x(), negatives.density()));
        for (Marker m : thresholds) {
            XYSeries s = new XYSeries(m.label(), false, true);
            s.add(m.value(), 0.0);
            s.add(m.value(), top);
            data.addSeries(s);
        }
        NumberAxis x = new NumberAxis("distance");
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis("density");
        y.setRange(0, top);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setSeriesPaint(0, Palette.awt(Palette.SAME));
        r.setSeriesPaint(1, Palette.awt(Palette.DIFFERENT));
        r.setSeriesStroke(0, new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        r.setSeriesStroke(1, new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (int i = 0; i < thresholds.size(); i++) {
            r.setSeriesPaint(2 + i, Palette.awt(Palette.marker(i)));
            r.setSeriesStroke(2 + i, new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                    new float[] {9f, 6f}, 0f));
        }
        return styled(title, new XYPlot(data, x, y, r));
    }

    private static XYSeries series(String name, double[] x, double[] y) {
        int[] keep = x.length > MAX_POINTS ? Downsample.lttb(x, y, MAX_POINTS) : null;
        double[] xs = keep == null ? x : Downsample.pick(x, keep), ys = keep == null ? y : Downsample.pick(y, keep);
        XYSeries s = new XYSeries(name, false, true);
        for (int i = 0; i < xs.length; i++) s.add(xs[i], ys[i]);
        return s;
    }

    /** White background, light grid, framed axes, title at the top, legend inside the plot's upper right. */
    private static JFreeChart styled(String title, XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xEBEBEB));
        plot.setRangeGridlinePaint(new Color(0xEBEBEB));
        plot.setOutlinePaint(new Color(0x262626));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        Font labels = new Font(Font.SANS_SERIF, Font.PLAIN, 16), ticks = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
        for (var axis : List.of(plot.getDomainAxis(), plot.getRangeAxis())) {
            axis.setLabelFont(labels);
            axis.setTickLabelFont(ticks);
            axis.setLabelPaint(new Color(0x262626));
            axis.setTickLabelPaint(new Color(0x262626));
        }
        JFreeChart chart = new JFreeChart(plot);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setTitle(new TextTitle(title, new Font(Font.SANS_SERIF, Font.PLAIN, 19)));
        chart.getTitle().setPaint(new Color(0x262626));
        LegendTitle legend = chart.getLegend();
        chart.removeLegend();
        legend.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        legend.setBackgroundPaint(new Color(255, 255, 255, 230));
        legend.setFrame(new BlockBorder(new Color(0xCCCCCC)));
        legend.setPosition(RectangleEdge.RIGHT);
        plot.addAnnotation(new XYTitleAnnotation(0.99, 0.98, legend, RectangleAnchor.TOP_RIGHT));
        return chart;
    }

    /** The chart as an image of {@code width x height}. */
    public static BufferedImage render(JFreeChart chart, int width, int height) {
        return chart.createBufferedImage(width, height, BufferedImage.TYPE_INT_RGB, null);
    }

    /** Writes the chart as a PNG of {@code width x height}, atomically (temporary file, then move). */
    public static void write(Path file, JFreeChart chart, int width, int height) throws IOException {
        AtomicFiles.write(file, out -> ChartUtils.writeChartAsPNG(out, chart, width, height));
    }

    /** Writes the chart as a PNG of the default size. */
    public static void write(Path file, JFreeChart chart) throws IOException {
        write(file, chart, WIDTH, HEIGHT);
    }
}
