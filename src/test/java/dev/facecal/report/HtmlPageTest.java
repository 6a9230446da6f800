package dev.facecal.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlPageTest {

    private static PlotlyFigure kde() {
        return Figures.distanceKde("kde", FiguresTest.normal(1, 300, 0.3, 0.1), FiguresTest.normal(2, 300, 0.7, 0.1),
                List.of(new Marker("t", 0.5)));
    }

    private static PlotlyFigure roc() {
        return Figures.roc(new double[] {0, 0.1, 1}, new double[] {0, 0.8, 1}, 0.9);
    }

    @Test
    void loadsPlotlyFromBesideThePageAndGivesEachFigureADiv() {
        String html = HtmlPage.of("Calibration <VGG-Face>", kde(), roc()).render();
        String tag = "<script src=\"" + PlotlyHtml.SCRIPT_FILE + "\" charset=\"utf-8\"></script>";
        assertEquals(1, html.split(Pattern.quote(tag), -1).length - 1, "one local plotly.js tag");
        assertFalse(html.contains("http://") || html.contains("https://"), "nothing from the network");
        Matcher divs = Pattern.compile("<div id=\"([^\"]+)\" class=\"facecal-figure\">").matcher(html);
        int count = 0;
        while (divs.find()) {
            String id = divs.group(1);
            assertEquals(HtmlPage.divId(count), id);
            int div = divs.start();
            int script = html.indexOf("document.getElementById('" + id + "')");
            assertTrue(script > div, "script for " + id + " follows its div");
            assertTrue(html.indexOf(tag) < div, "plotly.js loads before the figures");
            count++;
        }
        assertEquals(2, count);
        assertEquals(2, html.split("Plotly.newPlot\\(", -1).length - 1);
        assertTrue(html.contains("<title>Calibration &lt;VGG-Face&gt;</title>"));
    }

    @Test
    void idsAreIdentifiers() {
        assertEquals("facecal_fig_3", HtmlPage.divId(3));
        assertThrows(IllegalArgumentException.class, () -> HtmlPage.divId(-1));
    }

    @Test
    void writesAtomicallyAndReplaces(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sub/report.html");
        HtmlPage page = HtmlPage.of("report", roc());
        page.write(file);
        Files.writeString(file, "old");
        page.write(file);
        assertEquals(page.render(), Files.readString(file, StandardCharsets.UTF_8));
        Path script = file.getParent().resolve(PlotlyHtml.SCRIPT_FILE);
        assertTrue(Files.readString(script).contains("plotly.js v" + PlotlyHtml.PLOTLY_VERSION), "plotly.js beside the page");
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(script, file), files.sorted().toList(), "no temporary files left behind");
        }
    }

    @Test
    void validates() {
        assertThrows(IllegalArgumentException.class, () -> new HtmlPage(" ", List.of(roc())));
        assertThrows(IllegalArgumentException.class, () -> new HtmlPage("t", List.of()));
    }
}
