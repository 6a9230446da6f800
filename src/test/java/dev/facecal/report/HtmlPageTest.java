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
import tech.tablesaw.plotly.components.Figure;

class HtmlPageTest {

    private static Figure kde() {
        return Figures.distanceKde("kde", FiguresTest.normal(1, 300, 0.3, 0.1), FiguresTest.normal(2, 300, 0.7, 0.1),
                List.of(new Marker("t", 0.5)));
    }

    private static Figure roc() {
        return Figures.roc(new double[] {0, 0.1, 1}, new double[] {0, 0.8, 1}, 0.9);
    }

    @Test
    void pinsPlotly2AndGivesEachFigureAValidDiv() {
        String html = HtmlPage.of("Calibration <VGG-Face>", kde(), roc()).render();
        String tag = "<script src=\"https://cdn.plot.ly/plotly-2.35.2.min.js\" charset=\"utf-8\"></script>";
        assertEquals(1, html.split(Pattern.quote(tag), -1).length - 1, "one pinned plotly.js tag");
        assertFalse(html.contains("plotly-latest"));
        Matcher divs = Pattern.compile("<div class=\"figure\" id=\"([^\"]+)\"></div>").matcher(html);
        int count = 0;
        while (divs.find()) {
            String id = divs.group(1);
            assertTrue(HtmlPage.isJsIdentifier(id), id);
            int div = divs.start();
            int script = html.indexOf("document.getElementById('" + id + "')");
            assertTrue(script > div, "script for " + id + " follows its div");
            assertTrue(html.indexOf(tag) < div, "plotly.js loads before the figures");
            assertTrue(html.contains("var target_" + id + " ="));
            count++;
        }
        assertEquals(2, count);
        assertEquals(2, html.split("Plotly.newPlot\\(", -1).length - 1);
        assertTrue(html.contains("<title>Calibration &lt;VGG-Face&gt;</title>"));
    }

    @Test
    void idsAreIdentifiers() {
        assertEquals("facecal_fig_3", HtmlPage.divId(3));
        assertTrue(HtmlPage.isJsIdentifier("facecal_fig_3"));
        assertFalse(HtmlPage.isJsIdentifier("fig-3"));
        assertFalse(HtmlPage.isJsIdentifier("3fig"));
    }

    @Test
    void writesAtomicallyAndReplaces(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sub/report.html");
        HtmlPage page = HtmlPage.of("report", roc());
        page.write(file);
        Files.writeString(file, "old");
        page.write(file);
        assertEquals(page.render(), Files.readString(file, StandardCharsets.UTF_8));
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temporary files left behind");
        }
    }

    @Test
    void validates() {
        assertThrows(IllegalArgumentException.class, () -> new HtmlPage(" ", List.of(roc())));
        assertThrows(IllegalArgumentException.class, () -> new HtmlPage("t", List.of()));
    }
}
