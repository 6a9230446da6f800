package dev.facecal.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Plotly figure as the JSON that plotly.js draws: {@code {"data": [traces], "layout": {...}, "config": {...}}}, the
 * schema of plotly.js's {@code Plotly.newPlot(div, data, layout, config)} and of Jupyter's
 * {@code application/vnd.plotly.v1+json} output (the MIME type JupyterLab's Plotly renderer, shipped with the
 * {@code plotly} Python package, draws without a network, trusted or not).
 *
 * <p>Why not Tablesaw's {@code tech.tablesaw.plotly} figures: they only render to a JavaScript snippet (not JSON,
 * so no MIME bundle a notebook can keep), write titles as plain strings that plotly.js 3 and later ignore, and have
 * no sliders or update buttons. The figure is an immutable value built with {@link #builder(String)}; traces are
 * {@link PlotlyTrace}s and axes {@link PlotlyAxis}es. Rendering is a separate step ({@link #json()},
 * {@link #asMap()}, and the HTML of {@link PlotlyHtml} and {@link HtmlPage}). Titles use the object form
 * {@code {"text": ...}}, valid in plotly.js 2, 3 and 4.
 */
public final class PlotlyFigure {

    /** The MIME type of a Plotly figure in a Jupyter output bundle. */
    public static final String MIME_TYPE = "application/vnd.plotly.v1+json";

    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectNode spec;
    private final String title;

    private PlotlyFigure(ObjectNode spec, String title) {
        this.spec = spec;
        this.title = title;
    }

    /** A new figure builder with {@code title} (not blank). */
    public static Builder builder(String title) {
        return new Builder(title);
    }

    /** The figure's title. */
    public String title() {
        return title;
    }

    /** Number of traces. */
    public int traceCount() {
        return spec.get("data").size();
    }

    /** A copy of the whole specification ({@code data}, {@code layout}, {@code config}). */
    public ObjectNode spec() {
        return spec.deepCopy();
    }

    /** The i-th trace as JSON (a copy). */
    public ObjectNode trace(int i) {
        return (ObjectNode) spec.get("data").get(i).deepCopy();
    }

    /** The layout as JSON (a copy). */
    public ObjectNode layout() {
        return spec.get("layout").deepCopy();
    }

    /** Compact JSON of the figure. */
    public String json() {
        try {
            return JSON.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a figure as JSON", e);
        }
    }

    /**
     * The figure as plain Java maps, lists, strings, numbers and booleans: what a kernel's display bundle (which
     * serialises with Gson) turns into a JSON object rather than a string.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> asMap() {
        return JSON.convertValue(spec, Map.class);
    }

    @Override
    public String toString() {
        return "PlotlyFigure[" + title + ", " + traceCount() + " traces]";
    }

    /** Builds a {@link PlotlyFigure}; every setter returns this builder. */
    public static final class Builder {
        private final String title;
        private final List<PlotlyTrace> traces = new ArrayList<>();
        private final ObjectNode layout = NODES.objectNode();
        private final ObjectNode config = NODES.objectNode();

        private Builder(String title) {
            if (title == null || title.isBlank()) {
                throw new IllegalArgumentException("a figure needs a title, got " + (title == null ? "null" : "'" + title + "'"));
            }
            this.title = title;
            layout.putObject("title").put("text", title);
            layout.put("showlegend", true);
            config.put("responsive", true);
            config.put("displaylogo", false);
        }

        /** Adds a trace (drawn in the order added). */
        public Builder trace(PlotlyTrace trace) {
            traces.add(java.util.Objects.requireNonNull(trace, "trace"));
            return this;
        }

        /** Adds traces in order. */
        public Builder traces(List<PlotlyTrace> more) {
            more.forEach(this::trace);
            return this;
        }

        /** The x axis. */
        public Builder xAxis(PlotlyAxis axis) {
            layout.set("xaxis", axis.json());
            return this;
        }

        /** The y axis. */
        public Builder yAxis(PlotlyAxis axis) {
            layout.set("yaxis", axis.json());
            return this;
        }

        /** A second y axis on the right, sharing the x axis; traces use it with {@link PlotlyTrace#onSecondYAxis()}. */
        public Builder yAxis2(PlotlyAxis axis) {
            ObjectNode a = axis.json();
            a.put("overlaying", "y");
            a.put("side", "right");
            layout.set("yaxis2", a);
            return this;
        }

        /** Whether the legend shows (default true). */
        public Builder legend(boolean show) {
            layout.put("showlegend", show);
            return this;
        }

        /** Fixed size in pixels (default: the width of the output area, 450 px high). */
        public Builder size(int width, int height) {
            if (width < 100 || height < 100) {
                throw new IllegalArgumentException("figure size must be at least 100 x 100 px, got " + width + " x " + height);
            }
            layout.put("width", width);
            layout.put("height", height);
            return this;
        }

        /** Height in pixels, the width following the output area. */
        public Builder height(int height) {
            if (height < 100) {
                throw new IllegalArgumentException("figure height must be at least 100 px, got " + height);
            }
            layout.put("height", height);
            return this;
        }

        /** Margins in pixels. */
        public Builder margin(int left, int right, int top, int bottom) {
            ObjectNode m = layout.putObject("margin");
            m.put("l", left).put("r", right).put("t", top).put("b", bottom);
            return this;
        }

        /** How bars (histograms) of several traces share an x position: {@code overlay}, {@code group}, {@code stack}. */
        public Builder barMode(String mode) {
            if (!List.of("overlay", "group", "stack").contains(mode)) {
                throw new IllegalArgumentException("bar mode must be overlay, group or stack, got '" + mode + "'");
            }
            layout.put("barmode", mode);
            return this;
        }

        /** Hover shows all traces at the pointer's x (plotly's {@code hovermode: "x unified"}). */
        public Builder unifiedHover() {
            layout.put("hovermode", "x unified");
            return this;
        }

        /**
         * Sets any other layout attribute by its plotly.js path ({@code "legend.orientation"}); the value is converted
         * to JSON (strings, numbers, booleans, lists, maps, Jackson nodes).
         */
        public Builder layout(String path, Object value) {
            PlotlyTrace.setPath(layout, path, value);
            return this;
        }

        /** The figure. */
        public PlotlyFigure build() {
            ObjectNode spec = NODES.objectNode();
            ArrayNode data = spec.putArray("data");
            for (PlotlyTrace t : traces) {
                data.add(t.json());
            }
            spec.set("layout", layout.deepCopy());
            spec.set("config", config.deepCopy());
            return new PlotlyFigure(spec, title);
        }
    }
}
