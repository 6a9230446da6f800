package dev.facecal.report;

import dev.facecal.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A standalone HTML page showing one or more Plotly figures, one below the other, that opens offline: the page
 * loads plotly.js from the file {@link PlotlyHtml#SCRIPT_FILE} beside it, which {@link #write(Path)} puts there
 * once per folder (as plotly.py's {@code include_plotlyjs="directory"}), so a folder of pages holds one copy.
 *
 * <p>Why not Tablesaw's own {@code Page}: its template loads {@code plotly-latest.min.js} from a CDN (frozen at
 * plotly.js 1.58.5), so the page needs the network; and its figures are JavaScript snippets, not JSON.
 *
 * @param title   page title (HTML-escaped), not blank
 * @param figures figures in display order, at least one
 */
public record HtmlPage(String title, List<PlotlyFigure> figures) {

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
    public static HtmlPage of(String title, PlotlyFigure... figures) {
        return new HtmlPage(title, List.of(figures));
    }

    /** The div id of the i-th figure: {@code facecal_fig_<i>}, a valid JavaScript identifier. */
    public static String divId(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("figure index must not be negative, got " + index);
        }
        return "facecal_fig_" + index;
    }

    /** The complete HTML document (plotly.js referenced as {@link PlotlyHtml#SCRIPT_FILE} beside it). */
    public String render() {
        StringBuilder html = new StringBuilder(16_384);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>").append(Html.escape(title)).append("</title>\n")
                .append("<script src=\"").append(PlotlyHtml.SCRIPT_FILE).append("\" charset=\"utf-8\"></script>\n")
                .append("<style>body{font-family:sans-serif;margin:2em;} .facecal-figure{margin-bottom:2em;}</style>\n")
                .append("</head>\n<body>\n")
                .append("<h1>").append(Html.escape(title)).append("</h1>\n");
        for (int i = 0; i < figures.size(); i++) {
            html.append(PlotlyHtml.fragment(figures.get(i), divId(i)));
        }
        return html.append("</body>\n</html>\n").toString();
    }

    /**
     * Writes {@link #render()} to {@code file} as UTF-8, atomically (temporary file, then move), and plotly.js
     * beside it when that folder has no copy yet.
     */
    public void write(Path file) throws IOException {
        byte[] bytes = render().getBytes(StandardCharsets.UTF_8);
        Path script = file.toAbsolutePath().getParent().resolve(PlotlyHtml.SCRIPT_FILE);
        if (!Files.isRegularFile(script)) {
            byte[] js = PlotlyHtml.plotlyJs().getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(script, out -> out.write(js));
        }
        AtomicFiles.write(file, out -> out.write(bytes));
    }
}
