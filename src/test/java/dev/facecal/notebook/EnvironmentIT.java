package dev.facecal.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facecal.notebook.HeadlessChromium.ConsoleMessage;
import dev.facecal.notebook.HeadlessChromium.Page;
import dev.facecal.notebook.HeadlessChromium.PlotlyFigure;
import dev.facecal.notebook.NotebookRunner.Cell;
import dev.facecal.notebook.NotebookRunner.Notebook;
import dev.facecal.notebook.NotebookRunner.Result;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notebook environment end to end: {@code environment/setup.sh} installs a {@code facecal} kernelspec (into a
 * Jupyter data folder under target/, not the user's), {@code environment/run-notebooks.py} runs notebooks on it
 * and exports offline HTML, and headless Chromium reads pages back (console errors, Plotly figures, requests).
 *
 * <p>Needs Jupyter (nbclient + nbconvert) and Chromium: when they are missing the tests fail and say to run
 * {@code environment/setup.sh --browser}.
 */
class EnvironmentIT {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(6);
    /** A tag (not a link {@code <a>}) whose src/href/srcset points off the machine. */
    private static final Pattern EXTERNAL_LOAD = Pattern.compile(
            "<(?!a[\\s>])[a-zA-Z][^>]*\\s(?:src|href|srcset)\\s*=\\s*[\"']?(?:https?:)?//", Pattern.CASE_INSENSITIVE);

    private static Path smokeOut;

    @Test
    void kernelAnswersWhatJupyterLabAsksAndSurvivesInterruptAndRestart() throws IOException {
        Path json = NotebookRunner.projectRoot().resolve("target/it-notebooks/check-kernel.json");
        Files.createDirectories(json.getParent());
        Result r = NotebookRunner.exec(List.of(NotebookRunner.requirePython().toString(),
                        NotebookRunner.projectRoot().resolve("environment/check-kernel.py").toString(), "--json",
                        json.toString()), NotebookRunner.projectRoot(), jupyterEnv(), Duration.ofMinutes(4));
        assertEquals(0, r.exitCode(), () -> "environment/check-kernel.py failed:\n" + r.output());
        JsonNode checks = new ObjectMapper().readTree(json.toFile()).path("checks");
        List<String> names = new java.util.ArrayList<>();
        checks.forEach(c -> {
            names.add(c.path("check").asText());
            assertTrue(c.path("ok").asBoolean(), c.toString());
        });
        assertEquals(List.of("start", "info", "history", "execute", "interrupt", "after", "restart"), names);
        assertTrue(checks.get(4).path("seconds").asDouble() < 10, "interrupt took too long: " + checks.get(4));
    }

    private static Map<String, String> jupyterEnv() {
        return NotebookRunner.testKernelEnv();
    }

    private static Path notebookResource(String name) {
        Path p = NotebookRunner.projectRoot().resolve("src/test/resources/notebooks").resolve(name);
        assertTrue(Files.isRegularFile(p), "missing test notebook " + p);
        return p;
    }

    /** Runs smoke.ipynb once for the class into target/it-notebooks/smoke. */
    private static synchronized Path smokeOutput() {
        if (smokeOut == null) {
            Path out = NotebookRunner.projectRoot().resolve("target/it-notebooks/smoke");
            Result r = NotebookRunner.run(out, List.of(notebookResource("smoke.ipynb")), jupyterEnv(), RUN_TIMEOUT);
            assertEquals(0, r.exitCode(), () -> "run-notebooks.py failed on smoke.ipynb:\n" + r.output());
            smokeOut = out;
        }
        return smokeOut;
    }

    @Test
    void smokeNotebookRunsOnTheFacecalKernelWithTheLibraryOnTheClasspath() throws IOException {
        Path out = smokeOutput();
        Notebook nb = NotebookRunner.read(out.resolve("smoke.ipynb"));
        assertEquals("facecal", nb.kernelName());
        assertEquals(List.of(), nb.errors(), "error outputs in smoke.ipynb");
        List<Cell> code = nb.codeCells();
        assertEquals(4, code.size());
        code.forEach(c -> assertNotNull(c.executionCount(), "cell " + c.index() + " did not run"));
        assertEquals("dev.facecal.cli.Main\n", code.get(0).stdout());
        assertEquals("sum=500500\n", code.get(1).stdout());
        String flags = code.get(2).stdout();
        assertTrue(flags.contains("vector=true"), "jdk.incubator.vector not in the kernel's boot layer: " + flags);
        assertTrue(flags.contains("headless=true"), flags);
        assertTrue(flags.contains("home=true"), "FACECAL_HOME not set by the kernelspec: " + flags);
        String table = code.get(3).stdout();
        assertTrue(table.contains("smoke") && table.contains("alpha") && table.contains("beta"), table);
        code.forEach(c -> assertEquals("", c.stderr(), "stderr of cell " + c.index()));

        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertTrue(summary.path("ok").asBoolean(), summary.toString());
        JsonNode entry = summary.path("notebooks").path(0);
        assertEquals("smoke.ipynb", entry.path("notebook").asText());
        assertEquals("ok", entry.path("status").asText());
        assertEquals(4, entry.path("cells").asInt());
        assertTrue(entry.path("seconds").asDouble() > 0, entry.toString());
    }

    @Test
    void exportedHtmlIsSelfContained() throws IOException {
        Path html = smokeOutput().resolve("smoke.html");
        String text = Files.readString(html);
        assertTrue(text.contains("dev.facecal.cli.Main") && text.contains("sum=500500"), "outputs missing from HTML");
        Matcher m = EXTERNAL_LOAD.matcher(text);
        assertFalse(m.find(), () -> "smoke.html loads from the network: " + text.substring(m.start(),
                Math.min(text.length(), m.start() + 200)));
        assertFalse(text.contains("require.min.js") || text.contains("mathjax"), "require.js/MathJax left in");
    }

    @Test
    void exportedHtmlOpensInChromiumWithoutErrorsOrRequests() {
        HeadlessChromium.require();
        Page page = HeadlessChromium.load(smokeOutput().resolve("smoke.html"));
        assertEquals(List.of(), page.errors(), "console errors in smoke.html");
        assertEquals(List.of(), page.networkRequests(), "smoke.html requested network resources");
        assertTrue(page.dom().contains("sum=500500"), "DOM lacks the notebook output");
    }

    @Test
    void failingCellIsReportedAndLaterCellsDoNotRun(@TempDir Path tmp) {
        Result r = NotebookRunner.run(tmp, List.of(notebookResource("failing.ipynb")), jupyterEnv(), RUN_TIMEOUT);
        assertEquals(1, r.exitCode(), () -> "run-notebooks.py should fail on failing.ipynb:\n" + r.output());
        String out = r.output();
        assertTrue(out.contains("failing.ipynb cell 2: ") && out.contains("deliberate failure in cell 2"),
                () -> "cell 2's error not reported:\n" + out);
        assertTrue(out.contains("failing.ipynb cell 1: stderr: java.lang.IllegalArgumentException"),
                () -> "cell 1's stderr exception not reported:\n" + out);

        Notebook nb = NotebookRunner.read(tmp.resolve("failing.ipynb"));
        assertEquals("first cell ran\n", nb.cells().get(1).stdout());
        assertEquals(1, nb.errors().size(), nb.errors().toString());
        assertEquals(2, nb.errors().get(0).getKey().index());
        assertNull(nb.cells().get(3).executionCount(), "the cell after the failing one ran");
        assertEquals(List.of(), nb.cells().get(3).outputs());
        assertTrue(Files.isRegularFile(tmp.resolve("failing.html")), "no HTML for the failed notebook");
    }

    @Test
    void plotlyFigureIsDrawnWithItsTitle(@TempDir Path tmp) throws IOException {
        HeadlessChromium.require();
        Path page = tmp.resolve("plotly-figure.html");
        Files.copy(notebookResource("plotly-figure.html"), page);
        try (InputStream plotly = plotlyJs()) {
            Files.copy(plotly, tmp.resolve("plotly.js"), StandardCopyOption.REPLACE_EXISTING);
        }
        Page result = HeadlessChromium.load(page);
        assertEquals(List.of(), result.errors(), "console errors on the Plotly page");
        assertEquals(List.of(new PlotlyFigure("figure_one", true, "Distance distribution")), result.figures());
        assertEquals(List.of(), result.networkRequests());
        assertTrue(result.dom().contains("main-svg"), "the DOM dump lacks plotly's SVG");
    }

    @Test
    void consoleErrorIsDetected() {
        HeadlessChromium.require();
        Page page = HeadlessChromium.load(notebookResource("console-error.html"));
        List<ConsoleMessage> errors = page.errors();
        assertEquals(1, errors.size(), page.console().toString());
        assertEquals("deliberate console error", errors.get(0).text());
        assertEquals("console.error", errors.get(0).source());
        assertTrue(page.console().stream().anyMatch(c -> !c.isError() && c.text().equals("an ordinary log line")),
                page.console().toString());
        assertTrue(page.dom().contains("<p id=\"text\">after</p>"), "the DOM is not the one after scripts ran");
        assertEquals(List.of(), page.figures());
    }

    @Test
    void uncaughtExceptionIsDetected() {
        HeadlessChromium.require();
        Page page = HeadlessChromium.load(notebookResource("uncaught-error.html"));
        List<ConsoleMessage> errors = page.errors();
        assertEquals(1, errors.size(), page.console().toString());
        assertEquals("exception", errors.get(0).source());
        assertTrue(errors.get(0).text().contains("TypeError: deliberate uncaught exception"), errors.toString());
    }

    /** plotly.js from the classpath (the pom's webjar, as facecal's CLI pages use it). */
    private static InputStream plotlyJs() {
        return new java.io.ByteArrayInputStream(dev.facecal.report.PlotlyHtml.plotlyJs()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
