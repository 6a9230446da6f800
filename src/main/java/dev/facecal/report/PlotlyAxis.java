package dev.facecal.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A Plotly axis ({@code layout.xaxis} / {@code layout.yaxis}): title, range, scale type and explicit ticks,
 * built fluently: {@code PlotlyAxis.titled("distance").range(0, 1)}.
 */
public final class PlotlyAxis {

    private final ObjectNode json = PlotlyFigure.NODES.objectNode();

    private PlotlyAxis(String title) {
        json.putObject("title").put("text", title);
        json.put("zeroline", false);
    }

    /** An axis titled {@code title}. */
    public static PlotlyAxis titled(String title) {
        if (title == null) {
            throw new IllegalArgumentException("axis title must not be null");
        }
        return new PlotlyAxis(title);
    }

    /** The visible range (on a log axis: the data values, converted here to plotly's log10 range). */
    public PlotlyAxis range(double lo, double hi) {
        if (!(Double.isFinite(lo) && Double.isFinite(hi) && lo < hi)) {
            throw new IllegalArgumentException("axis range must be finite with lo < hi, got [" + lo + ", " + hi + "]");
        }
        boolean log = "log".equals(json.path("type").asText());
        if (log && lo <= 0) {
            throw new IllegalArgumentException("a log axis range must be positive, got [" + lo + ", " + hi + "]");
        }
        json.putArray("range").add(log ? Math.log10(lo) : lo).add(log ? Math.log10(hi) : hi);
        return this;
    }

    /** A logarithmic axis (set before {@link #range}). */
    public PlotlyAxis log() {
        json.put("type", "log");
        return this;
    }

    /** A categorical axis. */
    public PlotlyAxis categorical() {
        json.put("type", "category");
        return this;
    }

    /** Ticks at {@code at} labelled {@code labels} (plotly's {@code tickmode: "array"}). */
    public PlotlyAxis ticks(double[] at, List<String> labels) {
        if (at.length != labels.size()) {
            throw new IllegalArgumentException("ticks: " + at.length + " positions for " + labels.size() + " labels");
        }
        json.put("tickmode", "array");
        json.set("tickvals", PlotlyTrace.numbers(at));
        json.set("ticktext", PlotlyTrace.strings(labels));
        return this;
    }

    /** Tick label format (d3-format), e.g. {@code ".0%"} or {@code ".2f"}. */
    public PlotlyAxis tickFormat(String format) {
        json.put("tickformat", format);
        return this;
    }

    /** Sets any other axis attribute by its plotly.js path. */
    public PlotlyAxis set(String path, Object value) {
        PlotlyTrace.setPath(json, path, value);
        return this;
    }

    /** A copy of the axis JSON. */
    public ObjectNode json() {
        return json.deepCopy();
    }
}
