package dev.facecal.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spencerpark.ijava.IJava;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapaio.jupyter.kernel.MainApp;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The display adapter reaches each kernel through the same public members the real kernels have (test doubles in
 * their packages, see {@code org.rapaio.jupyter.kernel.MainApp} and {@code io.github.spencerpark.ijava.IJava}
 * under src/test) and falls back to plain text when none is running. The real kernels are exercised by
 * {@code NotebooksIT}.
 */
class KernelDisplayTest {

    @AfterEach
    void noKernel() {
        MainApp.kernel = null;
        IJava.kernel = null;
        Show.fallbackTo(System.out);
    }

    private static Table table() {
        return Table.create("t", StringColumn.create("name", "a", "b<c"), DoubleColumn.create("x", 0.1, 1e-7));
    }

    @Test
    void withoutKernelPrintsPlainText() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Show.fallbackTo(new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals("none", KernelDisplay.kernelName());
        assertFalse(KernelDisplay.display("<b>x</b>", "x"));
        Show.table(table());
        Show.note("pairs: 300");
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("b<c"), text);
        assertTrue(text.contains("pairs: 300"), text);
    }

    @Test
    void rapaioGetsHtmlAndText() {
        MainApp.kernel = new MainApp.Recorder();
        assertEquals("rapaio", KernelDisplay.kernelName());
        Show.table(table());
        assertEquals(1, MainApp.kernel.shown.size());
        var data = MainApp.kernel.shown.get(0).data;
        String html = (String) data.get("text/html");
        assertTrue(html.contains("<td style=\"text-align:left;padding:2px 8px\">b&lt;c</td>"), html);
        assertTrue(html.contains(">0.0000001000<"), html); // 1e-7 to 4 significant digits, plain
        assertTrue(((String) data.get("text/plain")).contains("b<c"));
    }

    @Test
    void ijavaGetsHtmlAndTextAndComesFirst() {
        IJava.kernel = new IJava.Kernel();
        MainApp.kernel = new MainApp.Recorder();
        assertEquals("IJava", KernelDisplay.kernelName());
        Show.note("threshold (c45): 0.07");
        assertEquals(1, IJava.kernel.shown.size());
        assertEquals(0, MainApp.kernel.shown.size());
        var data = IJava.kernel.shown.get(0).data;
        assertTrue(((String) data.get("text/html")).contains("threshold (c45): 0.07"));
        assertEquals("threshold (c45): 0.07", data.get("text/plain"));
    }

    @Test
    void figuresTravelAsPlotlyJsonWithAnHtmlFallback() {
        MainApp.kernel = new MainApp.Recorder();
        var fig = dev.facecal.report.Figures.roc(new double[] {0, 0.5, 1}, new double[] {0, 1, 1}, 0.75);
        Show.figure(fig);
        var data = MainApp.kernel.shown.get(0).data;
        assertEquals(java.util.Set.of("text/html", "application/vnd.plotly.v1+json", "text/plain"), data.keySet());
        assertTrue(data.get("application/vnd.plotly.v1+json") instanceof java.util.Map<?, ?> m
                && m.get("data") instanceof java.util.List<?> traces && traces.size() == 2,
                "the figure is a JSON object, not a string: " + data.get("application/vnd.plotly.v1+json"));
        String html = (String) data.get("text/html");
        assertTrue(html.contains("Plotly.newPlot") && !html.contains("cdn.plot.ly"), html);
        assertTrue(html.length() < 10_000, "no plotly.js in the output: " + html.length());
        assertEquals("[figure] ROC curve", data.get("text/plain"));
    }
}
