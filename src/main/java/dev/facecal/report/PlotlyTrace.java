package dev.facecal.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One Plotly trace (a line, a set of markers, a heatmap, a histogram) as plotly.js's JSON, built fluently:
 * {@code PlotlyTrace.lines(x, y).name("same person").colour(Palette.SAME)}. A trace is mutable while it is being
 * built and copied into a {@link PlotlyFigure} when the figure is built.
 *
 * <p>Non-finite numbers become JSON {@code null}, which plotly.js draws as a gap (JSON has no NaN).
 */
public final class PlotlyTrace {

    /** Line dash styles plotly.js knows. */
    public enum Dash {
        SOLID("solid"), DASH("dash"), DOT("dot"), DASHDOT("dashdot");

        final String plotly;

        Dash(String plotly) {
            this.plotly = plotly;
        }
    }

    private final ObjectNode json = PlotlyFigure.NODES.objectNode();

    private PlotlyTrace(String type) {
        json.put("type", type);
    }

    /** A line through the points {@code (x[i], y[i])} ({@code scatter}, {@code mode: "lines"}). */
    public static PlotlyTrace lines(double[] x, double[] y) {
        return scatter(x, y, "lines");
    }

    /** Points at {@code (x[i], y[i])} ({@code mode: "markers"}). */
    public static PlotlyTrace markers(double[] x, double[] y) {
        return scatter(x, y, "markers");
    }

    /** A line with a marker at each point ({@code mode: "lines+markers"}). */
    public static PlotlyTrace linesAndMarkers(double[] x, double[] y) {
        return scatter(x, y, "lines+markers");
    }

    /** A vertical line at {@code x} from {@code y0} to {@code y1}, dashed (a threshold marker). */
    public static PlotlyTrace vertical(double x, double y0, double y1) {
        return lines(new double[] {x, x}, new double[] {y0, y1}).dash(Dash.DASH);
    }

    /** Text (with markers under it) at categorical positions, e.g. counts written on the cells of a heatmap. */
    public static PlotlyTrace text(List<String> x, List<String> y, List<String> text) {
        if (x.size() != y.size() || x.size() != text.size()) {
            throw new IllegalArgumentException("text trace: x, y and text differ in length: " + x.size() + ", " + y.size()
                    + ", " + text.size());
        }
        PlotlyTrace t = new PlotlyTrace("scatter");
        t.json.put("mode", "text+markers");
        t.json.set("x", strings(x));
        t.json.set("y", strings(y));
        t.json.set("text", strings(text));
        return t;
    }

    /** A heatmap of {@code z[row][column]} with categorical axes {@code x} (columns) and {@code y} (rows). */
    public static PlotlyTrace heatmap(List<String> x, List<String> y, double[][] z) {
        if (z.length != y.size()) {
            throw new IllegalArgumentException("heatmap: " + z.length + " rows of z for " + y.size() + " y labels");
        }
        PlotlyTrace t = new PlotlyTrace("heatmap");
        t.json.set("x", strings(x));
        t.json.set("y", strings(y));
        ArrayNode rows = t.json.putArray("z");
        for (double[] row : z) {
            if (row.length != x.size()) {
                throw new IllegalArgumentException("heatmap: a row of z has " + row.length + " values for " + x.size()
                        + " x labels");
            }
            rows.add(numbers(row));
        }
        t.json.put("showscale", false);
        return t;
    }

    /** A histogram of {@code values} with about {@code bins} bins (plotly's {@code nbinsx}). */
    public static PlotlyTrace histogram(double[] values, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be at least 1, got " + bins);
        }
        PlotlyTrace t = new PlotlyTrace("histogram");
        t.json.set("x", numbers(values));
        t.json.put("nbinsx", bins);
        return t;
    }

    /** A table: a header row and its columns of text (plotly's {@code table} trace, placed with {@code domain}). */
    public static PlotlyTrace table(List<String> header, List<List<String>> columns) {
        if (header.size() != columns.size()) {
            throw new IllegalArgumentException("table: " + header.size() + " headers for " + columns.size() + " columns");
        }
        PlotlyTrace t = new PlotlyTrace("table");
        ObjectNode h = t.json.putObject("header");
        h.set("values", strings(header));
        h.put("align", "left");
        h.putObject("fill").put("color", "#e8eef7");
        h.putObject("font").put("size", 13);
        ObjectNode c = t.json.putObject("cells");
        var cols = c.putArray("values");
        columns.forEach(col -> cols.add(strings(col)));
        c.put("align", "left").put("height", 22);
        c.putObject("font").put("size", 12);
        return t;
    }

    /** Bars of height {@code y} at {@code x}. */
    public static PlotlyTrace bars(double[] x, double[] y) {
        requireSameLength(x, y);
        PlotlyTrace t = new PlotlyTrace("bar");
        t.json.set("x", numbers(x));
        t.json.set("y", numbers(y));
        return t;
    }

    private static PlotlyTrace scatter(double[] x, double[] y, String mode) {
        requireSameLength(x, y);
        PlotlyTrace t = new PlotlyTrace("scatter");
        t.json.put("mode", mode);
        t.json.set("x", numbers(x));
        t.json.set("y", numbers(y));
        return t;
    }

    /** Legend and hover name. */
    public PlotlyTrace name(String name) {
        json.put("name", name);
        return this;
    }

    /** Line and marker colour ({@code #rrggbb}). */
    public PlotlyTrace colour(String colour) {
        if (colour == null || !colour.matches("#[0-9a-fA-F]{6}")) {
            throw new IllegalArgumentException("colour must be #rrggbb, got " + colour);
        }
        json.withObjectProperty("line").put("color", colour);
        json.withObjectProperty("marker").put("color", colour);
        return this;
    }

    /** Line width in pixels (default 2 for lines). */
    public PlotlyTrace width(double px) {
        json.withObjectProperty("line").put("width", px);
        return this;
    }

    /** Line dash. */
    public PlotlyTrace dash(Dash dash) {
        json.withObjectProperty("line").put("dash", dash.plotly);
        return this;
    }

    /** Marker size in pixels. */
    public PlotlyTrace markerSize(double px) {
        json.withObjectProperty("marker").put("size", px);
        return this;
    }

    /** Opacity in [0, 1]. */
    public PlotlyTrace opacity(double opacity) {
        if (!(opacity >= 0 && opacity <= 1)) {
            throw new IllegalArgumentException("opacity must be in [0, 1], got " + opacity);
        }
        json.put("opacity", opacity);
        return this;
    }

    /** Whether the trace has a legend entry (default true). */
    public PlotlyTrace legend(boolean show) {
        json.put("showlegend", show);
        return this;
    }

    /** Plots against the figure's second y axis ({@link PlotlyFigure.Builder#yAxis2}). */
    public PlotlyTrace onSecondYAxis() {
        json.put("yaxis", "y2");
        return this;
    }

    /** Hover text per point. */
    public PlotlyTrace hoverText(List<String> text) {
        json.set("text", strings(text));
        json.put("hoverinfo", "text");
        return this;
    }

    /** A plotly.js hover template, e.g. {@code "distance %{x:.4f}<br>F1 %{y:.3f}"}. */
    public PlotlyTrace hoverTemplate(String template) {
        json.put("hovertemplate", template);
        return this;
    }

    /** Sets any other attribute by its plotly.js path ({@code "marker.symbol"}), value converted to JSON. */
    public PlotlyTrace set(String path, Object value) {
        setPath(json, path, value);
        return this;
    }

    /** A copy of the trace's JSON. */
    public ObjectNode json() {
        return json.deepCopy();
    }

    static void setPath(ObjectNode root, String path, Object value) {
        if (path == null || path.isBlank() || path.startsWith(".") || path.endsWith(".")) {
            throw new IllegalArgumentException("attribute path must look like 'a.b', got '" + path + "'");
        }
        String[] parts = path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            node = node.withObjectProperty(parts[i]);
        }
        node.set(parts[parts.length - 1], toJson(value));
    }

    static JsonNode toJson(Object value) {
        if (value instanceof double[] d) {
            return numbers(d);
        }
        if (value instanceof Double d && !Double.isFinite(d)) {
            return PlotlyFigure.NODES.nullNode();
        }
        return PlotlyFigure.JSON.valueToTree(value);
    }

    static ArrayNode numbers(double[] values) {
        ArrayNode a = PlotlyFigure.NODES.arrayNode(values.length);
        for (double v : values) {
            if (Double.isFinite(v)) {
                a.add(v);
            } else {
                a.addNull();
            }
        }
        return a;
    }

    static ArrayNode strings(List<String> values) {
        ArrayNode a = PlotlyFigure.NODES.arrayNode(values.size());
        values.forEach(a::add);
        return a;
    }

    private static void requireSameLength(double[] x, double[] y) {
        if (x == null || y == null) {
            throw new IllegalArgumentException("x and y must not be null");
        }
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y differ in length: " + x.length + " vs " + y.length);
        }
    }
}
