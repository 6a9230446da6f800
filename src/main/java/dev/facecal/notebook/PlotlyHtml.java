package dev.facecal.notebook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import tech.tablesaw.plotly.components.Figure;

/**
 * A Tablesaw Plotly figure as an HTML fragment for a notebook output, self-contained so an exported notebook
 * renders offline.
 *
 * <p>The first figure shown in a JVM (one kernel session) carries plotly.js {@value #PLOTLY_VERSION} itself,
 * read from the {@code org.webjars.npm:plotly.js-dist} jar on the classpath; every later figure draws with the
 * {@code window.Plotly} it defined, and only if that is missing (the first output was cleared and the page
 * reloaded) loads the same version from {@link #CDN}. plotly.js 2.x because Tablesaw 0.44 writes titles as plain
 * strings, which plotly.js 3 ignores. The inlined bundle runs inside a function whose {@code define},
 * {@code module} and {@code exports} are undefined: plotly's UMD header would otherwise register with the
 * require.js of the classic notebook page and leave {@code window.Plotly} unset.
 */
public final class PlotlyHtml {

    /** The plotly.js release inlined (the webjar's version). */
    public static final String PLOTLY_VERSION = "2.35.3";

    /** Where a page without the inlined bundle loads plotly.js from. */
    public static final String CDN = "https://cdn.plot.ly/plotly-" + PLOTLY_VERSION + ".min.js";

    static final String RESOURCE = "META-INF/resources/webjars/plotly.js-dist/" + PLOTLY_VERSION + "/plotly.js";

    private static final AtomicBoolean INLINED = new AtomicBoolean();
    private static final AtomicInteger NEXT_ID = new AtomicInteger();
    private static volatile String bundle;

    private PlotlyHtml() {
    }

    /**
     * The HTML of {@code figure}: a div, plotly.js on the first call in this JVM, and the drawing script.
     *
     * @param figure a Tablesaw figure
     */
    public static String of(Figure figure) {
        boolean first = INLINED.compareAndSet(false, true);
        return of(figure, "facecal_plot_" + Long.toString(System.nanoTime() & 0xffffffL, 36) + "_"
                + NEXT_ID.getAndIncrement(), first);
    }

    /**
     * The HTML of {@code figure} in a div with id {@code divId} (a JavaScript identifier, as Tablesaw's script
     * declares {@code var target_<id>}), with the plotly.js bundle inlined when {@code inlinePlotly}.
     */
    public static String of(Figure figure, String divId, boolean inlinePlotly) {
        if (!divId.matches("[A-Za-z_$][A-Za-z0-9_$]*")) {
            throw new IllegalArgumentException("div id must be a JavaScript identifier, got '" + divId + "'");
        }
        String script = figure.asJavascript(divId).strip();
        if (script.startsWith("<script>") && script.endsWith("</script>")) {
            script = script.substring("<script>".length(), script.length() - "</script>".length());
        }
        StringBuilder html = new StringBuilder(script.length() + 1024);
        html.append("<div id=\"").append(divId).append("\" class=\"facecal-figure\"></div>\n");
        if (inlinePlotly) {
            html.append(inlineBundle());
        }
        html.append("<script>(function(){function draw(){").append(script).append("\n}\n")
                .append("if (window.Plotly) { draw(); } else { var s = document.createElement('script'); s.src = '")
                .append(CDN).append("'; s.onload = draw; document.head.appendChild(s); }})();</script>\n");
        return html.toString();
    }

    /** plotly.js wrapped so that it defines {@code window.Plotly} even on a page with require.js. */
    static String inlineBundle() {
        return "<script>/* plotly.js " + PLOTLY_VERSION + " (MIT), inlined by facecal so the page renders offline */\n"
                + "(function(define, module, exports){\n" + plotlyJs() + "\n}).call(window);</script>\n";
    }

    /** The plotly.js source from the webjar on the classpath. */
    static String plotlyJs() {
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
            if (s.contains("</script")) {
                throw new IllegalStateException("the plotly.js bundle contains '</script' and cannot be inlined");
            }
            bundle = s;
        }
        return s;
    }

    /** Makes the next figure carry plotly.js again (a new page, e.g. a test). */
    static void resetInlining() {
        INLINED.set(false);
    }
}
