package dev.facecal.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a static line chart shows, independent of how it is drawn: title, axis labels, polylines,
 * full-height vertical marker lines, optional fixed axis ranges and the image size. Built
 * fluently with {@code with*} methods, each returning a new chart; rendered by {@link PngChart}.
 *
 * @param title     chart title, not blank
 * @param xLabel    x axis label (may be empty)
 * @param yLabel    y axis label (may be empty)
 * @param series    polylines, drawn in order and listed in the legend in order
 * @param verticals dashed vertical lines spanning the plot height, listed in the legend after the series
 * @param xRange    fixed x range, or null for the data range plus 5% margins (as matplotlib)
 * @param yRange    fixed y range, or null for the data range plus 5% margins
 * @param width     image width in pixels, 200 to 10 000
 * @param height    image height in pixels, 150 to 10 000
 */
public record LineChart(String title, String xLabel, String yLabel, List<Series> series, List<VerticalLine> verticals,
                        Range xRange, Range yRange, int width, int height) {

    /** Default image width: 960 px. */
    public static final int DEFAULT_WIDTH = 960;
    /** Default image height: 600 px. */
    public static final int DEFAULT_HEIGHT = 600;

    /** Validates and copies the lists. */
    public LineChart {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("chart title must not be blank, got " + (title == null ? "null" : "'" + title + "'"));
        }
        if (xLabel == null || yLabel == null) {
            throw new IllegalArgumentException("axis labels must not be null (use \"\")");
        }
        series = List.copyOf(series);
        verticals = List.copyOf(verticals);
        if (width < 200 || width > 10_000 || height < 150 || height > 10_000) {
            throw new IllegalArgumentException("image size must be 200..10000 x 150..10000 px, got " + width + "x" + height);
        }
    }

    /** An empty chart of the default size with automatic ranges. */
    public static LineChart of(String title, String xLabel, String yLabel) {
        return new LineChart(title, xLabel, yLabel, List.of(), List.of(), null, null, DEFAULT_WIDTH, DEFAULT_HEIGHT);
    }

    /** This chart with one more polyline. */
    public LineChart withSeries(Series s) {
        List<Series> more = new ArrayList<>(series);
        more.add(s);
        return new LineChart(title, xLabel, yLabel, more, verticals, xRange, yRange, width, height);
    }

    /** This chart with one more vertical line. */
    public LineChart withVertical(VerticalLine v) {
        List<VerticalLine> more = new ArrayList<>(verticals);
        more.add(v);
        return new LineChart(title, xLabel, yLabel, series, more, xRange, yRange, width, height);
    }

    /** This chart with a fixed x range. */
    public LineChart withXRange(double min, double max) {
        return new LineChart(title, xLabel, yLabel, series, verticals, new Range(min, max), yRange, width, height);
    }

    /** This chart with a fixed y range. */
    public LineChart withYRange(double min, double max) {
        return new LineChart(title, xLabel, yLabel, series, verticals, xRange, new Range(min, max), width, height);
    }

    /** This chart at another image size. */
    public LineChart withSize(int width, int height) {
        return new LineChart(title, xLabel, yLabel, series, verticals, xRange, yRange, width, height);
    }

    /**
     * A polyline. Vertices with a NaN coordinate break the line (nothing is drawn to or from them).
     *
     * @param name   legend text, not blank
     * @param x      x coordinates
     * @param y      y coordinates, same length as x, at least 2
     * @param colour {@code #rrggbb}
     * @param dashed dashed instead of solid
     */
    public record Series(String name, double[] x, double[] y, String colour, boolean dashed) {
        /** Validates and copies the arrays. */
        public Series {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("series name must not be blank");
            }
            if (x.length != y.length) {
                throw new IllegalArgumentException("series '" + name + "': x and y differ in length: " + x.length + " vs " + y.length);
            }
            if (x.length < 2) {
                throw new IllegalArgumentException("series '" + name + "' needs at least 2 points, got " + x.length);
            }
            Palette.awt(colour);
            x = x.clone();
            y = y.clone();
        }

        /** Copy of the x coordinates. */
        @Override
        public double[] x() {
            return x.clone();
        }

        /** Copy of the y coordinates. */
        @Override
        public double[] y() {
            return y.clone();
        }

        /** Equal when all components are equal, arrays compared element by element. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Series s && name.equals(s.name) && colour.equals(s.colour) && dashed == s.dashed
                    && Arrays.equals(x, s.x) && Arrays.equals(y, s.y);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * name.hashCode() + Arrays.hashCode(x)) + Arrays.hashCode(y);
        }

        @Override
        public String toString() {
            return "Series[name=" + name + ", points=" + x.length + ", colour=" + colour + ", dashed=" + dashed + "]";
        }

        /** A solid polyline. */
        public static Series solid(String name, double[] x, double[] y, String colour) {
            return new Series(name, x, y, colour, false);
        }
    }

    /**
     * A dashed vertical line across the whole plot height, e.g. a threshold.
     *
     * @param name   legend text, not blank
     * @param x      position, finite
     * @param colour {@code #rrggbb}
     */
    public record VerticalLine(String name, double x, String colour) {
        /** Validates name, position and colour. */
        public VerticalLine {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("vertical line name must not be blank");
            }
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException("vertical line '" + name + "' needs a finite x, got " + x);
            }
            Palette.awt(colour);
        }
    }

    /**
     * An axis range.
     *
     * @param min lower end, finite
     * @param max upper end, finite, above min
     */
    public record Range(double min, double max) {
        /** Rejects non-finite or empty ranges. */
        public Range {
            if (!Double.isFinite(min) || !Double.isFinite(max) || !(max > min)) {
                throw new IllegalArgumentException("range must be finite with max > min, got [" + min + ", " + max + "]");
            }
        }
    }
}
