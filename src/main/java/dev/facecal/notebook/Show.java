package dev.facecal.notebook;

import dev.facecal.report.Html;
import dev.facecal.report.PlotlyFigure;
import dev.facecal.report.PlotlyHtml;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import javax.imageio.ImageIO;
import tech.tablesaw.api.Table;

/**
 * One call to show a table, a Plotly figure, an image or a gallery of face pairs in a notebook, the same in
 * IJava, JJava and rapaio-jupyter-kernel (through {@link KernelDisplay}); outside a kernel the same calls print
 * plain text to standard output, so library code and tests can call them anywhere.
 *
 * <p>Tables, images and notes are sent as {@code text/html} with a {@code text/plain} alternative; HTML survives
 * {@code nbconvert --to html} unchanged and images are inlined PNG data URIs. A figure is sent as the MIME bundle the
 * Jupyter ecosystem uses for Plotly ({@link PlotlyFigure#MIME_TYPE}, the figure's JSON, drawn by JupyterLab's Plotly
 * renderer offline, after a reload and in untrusted notebooks) with an HTML fallback ({@link PlotlyHtml}) that draws
 * wherever the page has plotly.js (facecal's HTML export inlines it). Nothing is loaded from the network.
 */
public final class Show {

    /** Rows shown by {@link #table(Table)}; longer tables show head and tail. */
    public static final int DEFAULT_ROWS = 40;

    private static volatile PrintStream fallback = System.out;

    private Show() {
    }

    /** Shows {@code table} (its name as caption), at most {@value #DEFAULT_ROWS} rows. */
    public static void table(Table table) {
        table(table, DEFAULT_ROWS);
    }

    /** Shows {@code table} with at most {@code maxRows} rows (head and tail of a longer one). */
    public static void table(Table table, int maxRows) {
        html(HtmlTable.of(table, maxRows), HtmlTable.text(table, maxRows));
    }

    /** Shows a Plotly figure; plain text: its title. */
    public static void figure(PlotlyFigure figure) {
        SequencedMap<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("text/html", PlotlyHtml.fragment(figure));
        bundle.put(PlotlyFigure.MIME_TYPE, figure.asMap());
        bundle.put("text/plain", "[figure] " + figure.title());
        if (!KernelDisplay.display(bundle)) {
            fallback.println("[figure] " + figure.title());
        }
    }

    /** Shows {@code image} with a caption under it. */
    public static void image(BufferedImage image, String caption) {
        html("<figure style=\"display:inline-block;margin:4px\">" + img(image, null)
                + "<figcaption style=\"font-size:90%\">" + Html.escape(caption) + "</figcaption></figure>",
                "[image " + image.getWidth() + "x" + image.getHeight() + "] " + caption);
    }

    /**
     * Shows face pairs side by side, one pair per tile, each with its caption (for example the pair's files,
     * label and distance), {@code perRow} tiles per row.
     */
    public static void pairs(String title, List<FacePairTile> tiles, int perRow) {
        if (perRow < 1) {
            throw new IllegalArgumentException("perRow must be at least 1, got " + perRow);
        }
        StringBuilder html = new StringBuilder("<div class=\"facecal-gallery\"><div style=\"font-weight:bold\">")
                .append(Html.escape(title)).append("</div>\n<div style=\"display:grid;grid-template-columns:repeat(")
                .append(perRow).append(",auto);gap:8px;justify-content:start\">\n");
        StringBuilder text = new StringBuilder(title).append('\n');
        for (FacePairTile t : tiles) {
            html.append("<figure style=\"margin:0;border:1px solid #ccc;padding:4px\"><div>").append(img(t.left(), 112))
                    .append(img(t.right(), 112)).append("</div><figcaption style=\"font-size:85%;max-width:232px\">")
                    .append(Html.escape(t.caption()).replace("\n", "<br>")).append("</figcaption></figure>\n");
            text.append("  ").append(t.caption().replace('\n', ' ')).append('\n');
        }
        html(html.append("</div></div>\n").toString(), text.toString());
    }

    /** Shows a short piece of HTML; plain text elsewhere. */
    public static void html(String html, String text) {
        if (!KernelDisplay.display(html, text)) {
            fallback.println(text);
        }
    }

    /** Shows source code or any preformatted text (for example a block to paste), under a caption. */
    public static void code(String caption, String text) {
        html("<div style=\"font-weight:bold\">" + Html.escape(caption) + "</div><pre style=\"background:#f6f8fa;"
                + "padding:8px;overflow-x:auto\"><code>" + Html.escape(text) + "</code></pre>", caption + "\n" + text);
    }

    /** Shows a heading-sized line of text (for results a reader should not miss). */
    public static void note(String text) {
        html("<p style=\"font-size:110%;font-weight:bold\">" + Html.escape(text) + "</p>", text);
    }

    /** Where plain text goes when no kernel runs (standard output by default; tests redirect it). */
    static void fallbackTo(PrintStream out) {
        fallback = out;
    }

    /**
     * An {@code <img>} with the PNG of {@code image} as a data URI, downscaled (bicubic) to {@code height} pixels
     * when given and taller, so galleries of full-resolution face crops stay small in the saved notebook.
     */
    static String img(BufferedImage image, Integer height) {
        if (height != null && image.getHeight() > height) {
            int w = Math.max(1, (int) Math.round(image.getWidth() * (double) height / image.getHeight()));
            BufferedImage small = new BufferedImage(w, height, BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = small.createGraphics();
            g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.drawImage(image, 0, 0, w, height, null);
            g.dispose();
            image = small;
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", png)) {
                throw new IllegalStateException("no PNG writer for image type " + image.getType());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "<img src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray()) + "\""
                + (height == null ? "" : " style=\"height:" + height + "px;margin:1px\"") + ">";
    }
}
