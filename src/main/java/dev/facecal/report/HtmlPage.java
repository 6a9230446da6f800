package dev.facecal.report;

import dev.facecal.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import tech.tablesaw.plotly.components.Figure;

/**
 * A standalone HTML page showing one or more Plotly figures, one below the other.
 *
 * <p>Why not Tablesaw's own {@code Page}: its template loads {@code plotly-latest.min.js}, which
 * the CDN froze at plotly.js 1.58.5, and Tablesaw writes titles as plain strings
 * ({@code title: 'x'}), which plotly.js 3.x no longer accepts. This page therefore loads plotly.js
 * 2.x from the pinned URL {@link #PLOTLY_JS} and places each figure's
 * {@link Figure#asJavascript(String)} script after a {@code <div>} of its own. That script
 * declares {@code var target_<id>}, so a div id must be a JavaScript identifier (no hyphens);
 * ids are {@code facecal_fig_0}, {@code facecal_fig_1}, ... (see {@code notes/java-kernels.md}).
 * The page needs network access to the CDN when opened.
 *
 * @param title   page title (HTML-escaped), not blank
 * @param figures figures in display order, at least one
 */
public record HtmlPage(String title, List<Figure> figures) {

    /** plotly.js build the page loads; 2.x because Tablesaw's plain-string titles break on 3.x. */
    public static final String PLOTLY_JS = "https://cdn.plot.ly/plotly-2.35.2.min.js";

    private static final Pattern JS_IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    /** Rejects a blank title, an empty figure list or null figures; copies the list. */
    public HtmlPage {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("page title must not be blank, got " + (title == null ? "null" : "'" + title + "'"));
        }
        if (figures == null || figures.isEmpty()) {
            throw new IllegalArgumentException("a page needs at least one figure, got " + (figures == null ? "null" : "none"));
        }
        figures = List.copyOf(figures); // throws NullPointerException for a null figure
    }

    /** A page of the given figures. */
    public static HtmlPage of(String title, Figure... figures) {
        return new HtmlPage(title, List.of(figures));
    }

    /** The div id of the i-th figure: {@code facecal_fig_<i>}, a valid JavaScript identifier. */
    public static String divId(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("figure index must not be negative, got " + index);
        }
        return "facecal_fig_" + index;
    }

    /** True when {@code id} can be used as a div id with Tablesaw's {@code asJavascript}. */
    public static boolean isJsIdentifier(String id) {
        return id != null && JS_IDENTIFIER.matcher(id).matches();
    }

    /** The complete HTML document. */
    public String render() {
        StringBuilder html = new StringBuilder(16_384);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>").append(Html.escape(title)).append("</title>\n")
                .append("<script src=\"").append(PLOTLY_JS).append("\" charset=\"utf-8\"></script>\n")
                .append("<style>body{font-family:sans-serif;margin:2em;} .figure{margin-bottom:2em;}</style>\n")
                .append("</head>\n<body>\n")
                .append("<h1>").append(Html.escape(title)).append("</h1>\n");
        for (int i = 0; i < figures.size(); i++) {
            String id = divId(i);
            html.append("<div class=\"figure\" id=\"").append(id).append("\"></div>\n")
                    .append(figures.get(i).asJavascript(id)).append('\n');
        }
        return html.append("</body>\n</html>\n").toString();
    }

    /** Writes {@link #render()} to {@code file} as UTF-8, atomically (temporary file, then move). */
    public void write(Path file) throws IOException {
        byte[] bytes = render().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }
}
