package dev.facecal.report;

import dev.facecal.AtomicFiles;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws a {@link LineChart} to a PNG with plain Java2D, in the look of a default matplotlib
 * figure (white background, framed axes with outward ticks, legend in the emptiest corner).
 *
 * <p>Why not Plotly: a Plotly figure is rasterised by a browser (or Kaleido), which the CLI and a
 * headless CI machine do not have; Java2D needs only the JDK and works with
 * {@code java.awt.headless=true}. It does need a font: JDKs on minimal images need fontconfig and
 * one TrueType font installed (Debian's {@code fonts-dejavu-core}, matplotlib's default face).
 *
 * <p>Polylines of more than {@value #MAX_VERTICES} vertices (without NaN gaps) are thinned with
 * {@link Downsample#lttb} first; at image resolution the result is the same picture.
 */
public final class PngChart {

    private static final int MAX_VERTICES = 5000;
    private static final Color BACKGROUND = Color.WHITE;
    private static final Color GRID = new Color(0xEBEBEB);
    private static final Color AXES = new Color(0x262626);
    private static final Color LEGEND_EDGE = new Color(0xCCCCCC);

    private PngChart() {
    }

    /**
     * The distance-distribution chart of {@link Figures#distanceKde(String, double[], double[], List)}
     * as a PNG: KDE of the same-person and of the different-person distances, one dashed vertical
     * line per threshold, legend, axes "distance" / "density".
     *
     * @throws IllegalArgumentException as {@link Kde#of(double[])} for degenerate samples
     * @throws IOException              when the file cannot be written
     */
    public static void writeKdePng(Path file, String title, double[] positives, double[] negatives,
                                   List<Marker> thresholds) throws IOException {
        write(file, kdeChart(title, Kde.of(positives), Kde.of(negatives), thresholds));
    }

    /** The chart {@link #writeKdePng} draws, for callers that want the image or another size. */
    public static LineChart kdeChart(String title, Kde.Curve positives, Kde.Curve negatives, List<Marker> thresholds) {
        double top = 1.05 * Math.max(positives.max(), negatives.max());
        LineChart chart = LineChart.of(title, "distance", "density")
                .withSeries(LineChart.Series.solid("same person", positives.x(), positives.density(), Palette.SAME))
                .withSeries(LineChart.Series.solid("different persons", negatives.x(), negatives.density(), Palette.DIFFERENT))
                .withYRange(0, top);
        List<Marker> marks = List.copyOf(thresholds);
        for (int i = 0; i < marks.size(); i++) {
            chart = chart.withVertical(new LineChart.VerticalLine(marks.get(i).label(), marks.get(i).value(), Palette.marker(i)));
        }
        return chart;
    }

    /** Writes {@link #render(LineChart)} to {@code file} as PNG, atomically (temporary file, then move). */
    public static void write(Path file, LineChart chart) throws IOException {
        BufferedImage image = render(chart);
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available in this JDK");
            }
        });
    }

    /** Draws the chart into a new RGB image of the chart's size. */
    public static BufferedImage render(LineChart chart) {
        return new Renderer(chart).draw();
    }

    /** One drawing pass; holds the layout computed for one chart. */
    private static final class Renderer {
        private final LineChart chart;
        private final BufferedImage image;
        private final Graphics2D g;
        private final double scale;
        private final Font titleFont;
        private final Font labelFont;
        private final Font tickFont;
        private final Font legendFont;
        private final LineChart.Range xr;
        private final LineChart.Range yr;
        private double left;
        private double top;
        private double plotW;
        private double plotH;

        Renderer(LineChart chart) {
            this.chart = chart;
            this.image = new BufferedImage(chart.width(), chart.height(), BufferedImage.TYPE_INT_RGB);
            this.g = image.createGraphics();
            this.scale = Math.max(0.6, Math.min(3.0, Math.min(chart.width() / 960.0, chart.height() / 600.0)));
            this.titleFont = new Font(Font.SANS_SERIF, Font.PLAIN, size(19));
            this.labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, size(16));
            this.tickFont = new Font(Font.SANS_SERIF, Font.PLAIN, size(14));
            this.legendFont = new Font(Font.SANS_SERIF, Font.PLAIN, size(14));
            this.xr = chart.xRange() != null ? chart.xRange() : autoRange(true);
            this.yr = chart.yRange() != null ? chart.yRange() : autoRange(false);
        }

        private int size(double points) {
            return (int) Math.round(points * scale);
        }

        BufferedImage draw() {
            try {
                g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
                g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
                g.setColor(BACKGROUND);
                g.fillRect(0, 0, chart.width(), chart.height());
                NiceTicks[] ticks = layout();
                drawGrid(ticks[0], ticks[1]);
                drawData();
                drawAxes(ticks[0], ticks[1]);
                drawLabels();
                drawLegend();
                return image;
            } finally {
                g.dispose();
            }
        }

        /** Places the plot rectangle and picks ticks whose labels fit; returns {x ticks, y ticks}. */
        private NiceTicks[] layout() {
            double pad = 12 * scale;
            double tickLen = 5 * scale;
            double gap = 5 * scale;
            FontMetrics tm = g.getFontMetrics(tickFont);
            FontMetrics lm = g.getFontMetrics(labelFont);
            FontMetrics ttm = g.getFontMetrics(titleFont);
            top = pad + (ttm.getAscent() + ttm.getDescent()) + 2 * gap;
            double bottom = tickLen + gap + tm.getAscent() + tm.getDescent() + 2 * gap
                    + (chart.xLabel().isEmpty() ? 0 : lm.getAscent() + lm.getDescent()) + pad;
            plotH = chart.height() - top - bottom;
            int yCount = (int) Math.max(3, Math.min(9, plotH / (2.5 * (tm.getAscent() + tm.getDescent()))));
            NiceTicks yt = NiceTicks.of(yr.min(), yr.max(), yCount);
            double widest = 0;
            for (String s : yt.labels()) {
                widest = Math.max(widest, tm.stringWidth(s));
            }
            left = pad + (chart.yLabel().isEmpty() ? 0 : lm.getAscent() + lm.getDescent() + 2 * gap) + widest + gap + tickLen;
            double right = pad + 10 * scale;
            plotW = chart.width() - left - right;
            NiceTicks xt = null;
            for (int count = 11; count >= 2; count--) {
                xt = NiceTicks.of(xr.min(), xr.max(), count);
                double needed = 0;
                for (String s : xt.labels()) {
                    needed += tm.stringWidth(s) + 2.5 * tm.charWidth('0');
                }
                if (needed <= plotW) {
                    break;
                }
            }
            if (plotW < 50 || plotH < 50) {
                throw new IllegalArgumentException("image " + chart.width() + "x" + chart.height() + " leaves no room for the plot");
            }
            return new NiceTicks[] {xt, yt};
        }

        private double px(double x) {
            return clamp(left + (x - xr.min()) / (xr.max() - xr.min()) * plotW);
        }

        private double py(double y) {
            return clamp(top + plotH - (y - yr.min()) / (yr.max() - yr.min()) * plotH);
        }

        private static double clamp(double v) {
            return Math.max(-1e5, Math.min(1e5, v));
        }

        private void drawGrid(NiceTicks xt, NiceTicks yt) {
            g.setColor(GRID);
            g.setStroke(new BasicStroke((float) (1 * scale)));
            for (double x : xt.values()) {
                g.draw(new Line2D.Double(px(x), top, px(x), top + plotH));
            }
            for (double y : yt.values()) {
                g.draw(new Line2D.Double(left, py(y), left + plotW, py(y)));
            }
        }

        private void drawData() {
            Shape oldClip = g.getClip();
            g.clip(new Rectangle2D.Double(left, top, plotW, plotH));
            for (LineChart.Series s : chart.series()) {
                g.setColor(Palette.awt(s.colour()));
                g.setStroke(stroke(s.dashed()));
                g.draw(polyline(s.x(), s.y()));
            }
            for (LineChart.VerticalLine v : chart.verticals()) {
                g.setColor(Palette.awt(v.colour()));
                g.setStroke(stroke(true));
                g.draw(new Line2D.Double(px(v.x()), top, px(v.x()), top + plotH));
            }
            g.setClip(oldClip);
        }

        private BasicStroke stroke(boolean dashed) {
            float w = (float) (2.0 * scale);
            if (!dashed) {
                return new BasicStroke(w, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
            }
            float[] dash = {(float) (7 * scale), (float) (4.5 * scale)};
            return new BasicStroke(w, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f);
        }

        private Path2D polyline(double[] x, double[] y) {
            boolean gaps = false;
            for (int i = 0; i < x.length; i++) {
                gaps |= Double.isNaN(x[i]) || Double.isNaN(y[i]);
            }
            if (!gaps && x.length > MAX_VERTICES) {
                int[] keep = Downsample.lttb(x, y, MAX_VERTICES);
                x = Downsample.pick(x, keep);
                y = Downsample.pick(y, keep);
            }
            Path2D.Double path = new Path2D.Double(Path2D.WIND_NON_ZERO, x.length);
            boolean pen = false;
            for (int i = 0; i < x.length; i++) {
                if (Double.isNaN(x[i]) || Double.isNaN(y[i])) {
                    pen = false;
                } else if (pen) {
                    path.lineTo(px(x[i]), py(y[i]));
                } else {
                    path.moveTo(px(x[i]), py(y[i]));
                    pen = true;
                }
            }
            return path;
        }

        private void drawAxes(NiceTicks xt, NiceTicks yt) {
            double tickLen = 5 * scale;
            double gap = 5 * scale;
            g.setColor(AXES);
            g.setStroke(new BasicStroke((float) (1.1 * scale)));
            g.draw(new Rectangle2D.Double(left, top, plotW, plotH));
            g.setFont(tickFont);
            FontMetrics fm = g.getFontMetrics();
            double[] xs = xt.values();
            String[] xl = xt.labels();
            for (int i = 0; i < xs.length; i++) {
                double x = px(xs[i]);
                g.draw(new Line2D.Double(x, top + plotH, x, top + plotH + tickLen));
                text(xl[i], x - fm.stringWidth(xl[i]) / 2.0, top + plotH + tickLen + gap + fm.getAscent());
            }
            double[] ys = yt.values();
            String[] yl = yt.labels();
            for (int i = 0; i < ys.length; i++) {
                double y = py(ys[i]);
                g.draw(new Line2D.Double(left - tickLen, y, left, y));
                text(yl[i], left - tickLen - gap - fm.stringWidth(yl[i]), y + (fm.getAscent() - fm.getDescent()) / 2.0);
            }
        }

        private void drawLabels() {
            g.setColor(AXES);
            double pad = 12 * scale;
            if (!chart.xLabel().isEmpty()) {
                g.setFont(labelFont);
                FontMetrics fm = g.getFontMetrics();
                text(chart.xLabel(), left + (plotW - fm.stringWidth(chart.xLabel())) / 2.0, chart.height() - pad - fm.getDescent());
            }
            if (!chart.yLabel().isEmpty()) {
                g.setFont(labelFont);
                FontMetrics fm = g.getFontMetrics();
                AffineTransform saved = g.getTransform();
                g.translate(pad + fm.getAscent(), top + (plotH + fm.stringWidth(chart.yLabel())) / 2.0);
                g.rotate(-Math.PI / 2);
                text(chart.yLabel(), 0, 0);
                g.setTransform(saved);
            }
            Font font = titleFont;
            while (g.getFontMetrics(font).stringWidth(chart.title()) > chart.width() - 2 * pad && font.getSize() > 9) {
                font = font.deriveFont((float) (font.getSize() - 1));
            }
            g.setFont(font);
            FontMetrics fm = g.getFontMetrics();
            double x = left + (plotW - fm.stringWidth(chart.title())) / 2.0;
            x = Math.max(pad, Math.min(x, chart.width() - pad - fm.stringWidth(chart.title())));
            text(chart.title(), x, pad + fm.getAscent());
        }

        private void text(String s, double x, double y) {
            g.drawString(s, (float) x, (float) y);
        }

        private record Entry(String name, Color colour, boolean dashed) {
        }

        private void drawLegend() {
            List<Entry> entries = new ArrayList<>();
            for (LineChart.Series s : chart.series()) {
                entries.add(new Entry(s.name(), Palette.awt(s.colour()), s.dashed()));
            }
            for (LineChart.VerticalLine v : chart.verticals()) {
                entries.add(new Entry(v.name(), Palette.awt(v.colour()), true));
            }
            if (entries.isEmpty()) {
                return;
            }
            g.setFont(legendFont);
            FontMetrics fm = g.getFontMetrics();
            double pad = 8 * scale;
            double sample = 30 * scale;
            double rowH = (fm.getAscent() + fm.getDescent()) * 1.3;
            double textW = 0;
            for (Entry e : entries) {
                textW = Math.max(textW, fm.stringWidth(e.name()));
            }
            double w = pad + sample + pad + textW + pad;
            double h = pad + rowH * entries.size() + pad - (rowH - (fm.getAscent() + fm.getDescent()));
            double inset = 10 * scale;
            Rectangle2D box = bestPlace(w, h, inset);
            g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.85f));
            g.setColor(BACKGROUND);
            RoundRectangle2D shape = new RoundRectangle2D.Double(box.getX(), box.getY(), w, h, 6 * scale, 6 * scale);
            g.fill(shape);
            g.setComposite(AlphaComposite.SrcOver);
            g.setColor(LEGEND_EDGE);
            g.setStroke(new BasicStroke((float) scale));
            g.draw(shape);
            double y = box.getY() + pad;
            for (Entry e : entries) {
                double mid = y + (fm.getAscent() + fm.getDescent()) / 2.0;
                g.setColor(e.colour());
                g.setStroke(stroke(e.dashed()));
                g.draw(new Line2D.Double(box.getX() + pad, mid, box.getX() + pad + sample, mid));
                g.setColor(AXES);
                text(e.name(), box.getX() + pad + sample + pad, y + fm.getAscent());
                y += rowH;
            }
        }

        /**
         * matplotlib's {@code loc="best"} in spirit: of nine positions inside the plot, the one
         * covering the fewest already-drawn data pixels; ties go to the earlier position
         * (upper right first, as matplotlib's default order).
         */
        private Rectangle2D bestPlace(double w, double h, double inset) {
            double l = left + inset;
            double r = left + plotW - inset - w;
            double c = left + (plotW - w) / 2;
            double t = top + inset;
            double b = top + plotH - inset - h;
            double m = top + (plotH - h) / 2;
            double[][] spots = {{r, t}, {l, t}, {l, b}, {r, b}, {r, m}, {l, m}, {c, b}, {c, t}, {c, m}};
            Rectangle2D best = null;
            long fewest = Long.MAX_VALUE;
            for (double[] s : spots) {
                Rectangle2D rect = new Rectangle2D.Double(s[0], s[1], w, h);
                long ink = ink(rect);
                if (ink < fewest) {
                    fewest = ink;
                    best = rect;
                }
            }
            return best;
        }

        private long ink(Rectangle2D rect) {
            int x0 = Math.max(0, (int) Math.floor(rect.getX()));
            int y0 = Math.max(0, (int) Math.floor(rect.getY()));
            int x1 = Math.min(image.getWidth(), (int) Math.ceil(rect.getMaxX()));
            int y1 = Math.min(image.getHeight(), (int) Math.ceil(rect.getMaxY()));
            int bg = BACKGROUND.getRGB();
            int grid = GRID.getRGB();
            long count = 0;
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    int p = image.getRGB(x, y);
                    if (p != bg && p != grid) {
                        count++;
                    }
                }
            }
            return count;
        }

        private LineChart.Range autoRange(boolean xAxis) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (LineChart.Series s : chart.series()) {
                for (double v : xAxis ? s.x() : s.y()) {
                    if (Double.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
            if (xAxis) {
                for (LineChart.VerticalLine v : chart.verticals()) {
                    lo = Math.min(lo, v.x());
                    hi = Math.max(hi, v.x());
                }
            }
            if (lo > hi) {
                return new LineChart.Range(0, 1);
            }
            if (lo == hi) {
                double d = lo == 0 ? 0.5 : Math.abs(lo) * 0.05;
                return new LineChart.Range(lo - d, hi + d);
            }
            double margin = 0.05 * (hi - lo);
            return new LineChart.Range(lo - margin, hi + margin);
        }
    }
}
