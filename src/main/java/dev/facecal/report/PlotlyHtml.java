package dev.facecal.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A {@link PlotlyFigure} as HTML: a {@code <div>} and a script that draws the figure's JSON with
 * {@code Plotly.newPlot} when the page has plotly.js, and otherwise leaves a one-line note in the div saying where
 * the figure draws. The fragment never loads anything from the network: a page that wants its figures drawn brings
 * plotly.js itself ({@link HtmlPage} writes {@link #SCRIPT_FILE} beside the page; the notebook HTML export inlines
 * the {@code plotly} Python package's copy). In JupyterLab the same figure is drawn from its
 * {@code application/vnd.plotly.v1+json} output instead, and this fragment is the fallback other front ends use.
 *
 * <p>{@link #plotlyJs()} is plotly.js {@value #PLOTLY_VERSION} from the {@code org.webjars.npm:plotly.js-dist} jar.
 */
public final class PlotlyHtml {

    /** The plotly.js release that {@link #plotlyJs()} returns (the webjar's version). */
    public static final String PLOTLY_VERSION = "3.3.1";

    /** File name under which pages reference plotly.js beside them. */
    public static final String SCRIPT_FILE = "plotly-" + PLOTLY_VERSION + ".js";

    /** What the div says where no plotly.js runs (an untrusted or script-less view). */
    public static final String NO_PLOTLY_NOTE = "This Plotly figure draws in JupyterLab (./facecal lab) and in the HTML "
            + "pages facecal exports; this view has no plotly.js.";

    static final String RESOURCE = "META-INF/resources/webjars/plotly.js-dist/" + PLOTLY_VERSION + "/plotly.js";

    private static final Pattern JS_IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
    private static final AtomicInteger NEXT_ID = new AtomicInteger();
    private static volatile String bundle;

    private PlotlyHtml() {
    }

    /** The fragment of {@code figure} in a div with a fresh id. */
    public static String fragment(PlotlyFigure figure) {
        return fragment(figure, "facecal_plot_" + Long.toString(System.nanoTime() & 0xffffffL, 36) + "_"
                + NEXT_ID.getAndIncrement());
    }

    /**
     * The fragment of {@code figure} in a div with id {@code divId} (letters, digits, {@code _} and {@code $}, not
     * starting with a digit).
     */
    public static String fragment(PlotlyFigure figure, String divId) {
        if (divId == null || !JS_IDENTIFIER.matcher(divId).matches()) {
            throw new IllegalArgumentException("div id must be a JavaScript identifier, got '" + divId + "'");
        }
        return "<div id=\"" + divId + "\" class=\"facecal-figure\"><p style=\"color:#777;font-style:italic\">"
                + Html.escape(figure.title()) + ": " + Html.escape(NO_PLOTLY_NOTE) + "</p></div>\n"
                + "<script>(function(){var d=document.getElementById('" + divId + "');"
                + "if(!window.Plotly||!d){return;}var f=" + scriptSafe(figure.json()) + ";"
                + "d.innerHTML='';window.Plotly.newPlot(d,f.data,f.layout,f.config);})();</script>\n";
    }

    /** JSON made safe inside a {@code <script>} element: no {@code </script} or {@code <!--} can end it early. */
    static String scriptSafe(String json) {
        return json.replace("</", "<\\/").replace("<!--", "<\\!--");
    }

    /** The plotly.js {@value #PLOTLY_VERSION} source from the webjar on the classpath. */
    public static String plotlyJs() {
        String s = bundle;
        if (s == null) {
            try (InputStream in = PlotlyHtml.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("plotly.js " + PLOTLY_VERSION + " is not on the classpath (" + RESOURCE
                            + "): add org.webjars.npm:plotly.js-dist:" + PLOTLY_VERSION + " (facecal's pom has it)");
                }
                s = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read plotly.js from the classpath", e);
            }
            bundle = s;
        }
        return s;
    }
}
