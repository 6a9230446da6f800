package dev.facecal.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facecal.calibrate.Calibration;
import dev.facecal.calibrate.CalibrationOptions;
import dev.facecal.calibrate.ColumnCalibration;
import dev.facecal.calibrate.DeepFaceShipped;
import dev.facecal.calibrate.OperatingCurve;
import dev.facecal.calibrate.ThresholdRule;
import dev.facecal.dataset.PairTable;
import dev.facecal.dataset.PairTableReader;
import dev.facecal.notebook.NotebookRunner.Result;
import dev.facecal.report.Format;
import dev.facecal.report.Marker;
import dev.facecal.report.ThresholdExplorer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Interactive use in JupyterLab 4 with a real browser: the project's JupyterLab (.venv) is started on 127.0.0.1 on a
 * copy of notebook 01, and Debian's Chromium, driven by playwright-core ({@code src/test/browser/jupyterlab.cjs}),
 * opens it, waits for the kernel to report Idle (without running anything), runs all cells from the Run menu, moves
 * the threshold explorer's slider with the mouse (a click on its rail, then a drag of its grip) and reads what the
 * figure displays after each move, edits the threshold of the confusion-matrix cell and re-runs it, saves, reloads,
 * opens notebooks executed by the headless runner (signed, and an unsigned copy), then interrupts a sleeping cell and
 * restarts the kernel from the Kernel menu. The browser script measures; this class asserts: no error output, every
 * Plotly figure drawn each time, the explorer's label and table showing the numbers the library computes on the
 * notebook's pairs at the threshold the slider reached, the edited figure titled with the threshold the library
 * computes, no network request, and a usable kernel after interrupt and restart. Screenshots of every stage are kept
 * in {@code target/it-lab/out}.
 */
class JupyterLabIT {

    private static final String NOTEBOOK = "01-fine-tuning-threshold.ipynb";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path base;
    private static Process lab;
    private static JsonNode result;
    private static Map<String, JsonNode> steps;
    private static double expectedThreshold;
    /** The pairs notebook 01 scored (its CSV) and their cosine calibration: the explorer's data, recomputed here. */
    private static PairTable pairs;
    private static ColumnCalibration cosine;

    @BeforeAll
    static void driveJupyterLabInChromium() throws Exception {
        Path project = NotebookRunner.projectRoot();
        Map<String, String> env = new HashMap<>(NotebookRunner.testKernelEnv());
        base = project.resolve("target/it-lab");
        deleteTree(base);
        Path root = Files.createDirectories(base.resolve("root"));
        Path out = Files.createDirectories(base.resolve("out"));
        Files.copy(project.resolve("notebooks").resolve(NOTEBOOK), root.resolve(NOTEBOOK));

        // a notebook as the headless runner (./facecal run) leaves it in out/notebooks: signed, and an unsigned copy
        Path executed = base.resolve("executed");
        Result run = NotebookRunner.run(executed, List.of(project.resolve("notebooks").resolve(NOTEBOOK)), env,
                Duration.ofMinutes(15));
        assertEquals(0, run.exitCode(), () -> "run-notebooks.py failed on " + NOTEBOOK + ":\n" + run.output());
        Files.createDirectories(root.resolve("executed"));
        Files.copy(executed.resolve(NOTEBOOK), root.resolve("executed").resolve(NOTEBOOK));
        ObjectNode unsigned = (ObjectNode) JSON.readTree(executed.resolve(NOTEBOOK).toFile());
        ((ObjectNode) unsigned.path("metadata")).put("facecal_unsigned_copy", true); // the signature no longer matches
        JSON.writerWithDefaultPrettyPrinter().writeValue(root.resolve("executed/unsigned-copy.ipynb").toFile(), unsigned);
        pairs = PairTableReader.read(executed.resolve("01-fine-tuning-threshold/deepface-unit-dlib.csv"));
        cosine = Calibration.of(pairs, CalibrationOptions.defaults()).columns().get("cosine");
        expectedThreshold = cosine.threshold("f1_max");

        // the kernel check notebook: a cell to interrupt, a cell to run after the restart
        ObjectNode nb = (ObjectNode) JSON.readTree(root.resolve(NOTEBOOK).toFile());
        ObjectNode check = JSON.createObjectNode();
        check.set("metadata", nb.path("metadata"));
        check.put("nbformat", 4).put("nbformat_minor", 5);
        var cells = check.putArray("cells");
        for (String source : List.of("Thread.sleep(120_000);", "\"restarted:\" + (40 + 2)")) {
            ObjectNode c = cells.addObject();
            c.put("cell_type", "code").put("id", UUID.randomUUID().toString().substring(0, 8));
            c.putObject("metadata");
            c.putArray("outputs");
            c.putNull("execution_count");
            c.put("source", source);
        }
        JSON.writeValue(root.resolve("kernel-check.ipynb").toFile(), check);

        int port = freePort();
        String token = UUID.randomUUID().toString().replace("-", "");
        env.put("JUPYTER_CONFIG_DIR", Files.createDirectories(base.resolve("config")).toString());
        List<String> cmd = new ArrayList<>(List.of(NotebookRunner.venv().resolve("bin/jupyter").toString(), "lab",
                "--no-browser", "--ServerApp.ip=127.0.0.1", "--ServerApp.port=" + port, "--ServerApp.port_retries=0",
                "--IdentityProvider.token=" + token, "--ServerApp.root_dir=" + root,
                "--LabApp.workspaces_dir=" + Files.createDirectories(base.resolve("workspaces")),
                "--LabApp.user_settings_dir=" + Files.createDirectories(base.resolve("settings")),
                "--LabApp.extension_manager=readonly", "--LabApp.news_url=None",
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"));
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.add("--allow-root");
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(base.resolve("jupyterlab.log").toFile());
        pb.environment().putAll(env);
        lab = pb.start();
        String url = "http://127.0.0.1:" + port;
        waitForServer(url, token);

        Path plan = base.resolve("plan.json");
        ObjectNode p = JSON.createObjectNode();
        p.put("base", url).put("token", token).put("notebook", NOTEBOOK);
        p.putObject("param").put("cellMarker", "Figures.confusion(").put("from", "\"c45\"").put("to", "\"f1_max\"");
        p.putArray("executed").add("executed/" + NOTEBOOK).add("executed/unsigned-copy.ipynb");
        p.put("kernelCheck", "kernel-check.ipynb").put("outDir", out.toString())
                .put("chromium", HeadlessChromium.require().toString()).put("runAllTimeoutMs", 15 * 60_000)
                .put("playwrightCore", project.resolve("environment/browser/node_modules/playwright-core").toString());
        JSON.writeValue(plan.toFile(), p);
        Result browser = NotebookRunner.exec(List.of("node", project.resolve("src/test/browser/jupyterlab.cjs").toString(),
                plan.toString()), project, Map.of(), Duration.ofMinutes(25));
        System.out.println(browser.output());
        Path resultFile = out.resolve("result.json");
        assertTrue(Files.isRegularFile(resultFile), () -> "the browser script wrote no result:\n" + browser.output());
        result = JSON.readTree(resultFile.toFile());
        steps = new HashMap<>();
        result.path("steps").forEach(s -> {
            String name = s.path("name").asText();
            steps.put(name.equals("executed") ? "executed:" + s.path("file").asText() : name, s);
        });
        assertTrue(result.path("failure").isMissingNode(), () -> "the browser test stopped: "
                + result.path("failure").asText() + " (screenshots in " + out + ")\n" + browser.output());
    }

    @AfterAll
    static void stopJupyterLab() {
        if (lab != null) {
            List<ProcessHandle> all = new ArrayList<>(lab.descendants().toList());
            lab.destroy(); // SIGTERM: the server shuts its kernels down
            try {
                if (!lab.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    lab.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            all.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static JsonNode step(String name) {
        JsonNode s = steps.get(name);
        assertTrue(s != null, "the browser script has no step '" + name + "': " + steps.keySet());
        return s;
    }

    @Test
    void kernelIsIdleAsSoonAsTheNotebookOpens() {
        JsonNode open = step("open");
        assertEquals("Java (facecal) | Idle", open.path("status").asText());
        assertTrue(open.path("idleAfterSeconds").asDouble() < 60, open.toString());
    }

    @Test
    void runAllRunsEveryCellWithoutErrorsAndDrawsEveryFigure() {
        JsonNode s = step("run-all");
        assertEquals(s.path("codeCells").asInt(), s.path("executed").asInt(), s.toString());
        assertEquals(0, s.path("errors").asInt(), s.path("errorText").toString());
        assertTrue(s.path("plotlyOutputs").asInt() >= 2, s.toString());
        assertEquals(s.path("plotlyOutputs").asInt(), s.path("interactive").asInt(), "every figure drawn: " + s);
        assertTrue(s.path("tables").asInt() > 0 && s.path("images").asInt() > 0, s.toString());
    }

    @Test
    void movingTheExplorersSliderShowsWhatTheLibraryComputesAtTheThresholdShown() {
        JsonNode s = step("slider");
        assertEquals(1, s.path("explorers").asInt(), s.toString());
        double[] stops = notebook01Explorer().positions();
        OperatingCurve curve = OperatingCurve.of(pairs.column("cosine"), pairs.positive());
        List<JsonNode> shown = List.of(s.path("initial"), s.path("positions").path(0), s.path("positions").path(1));
        for (JsonNode at : shown) {
            // the threshold shown: the stop the slider is at (its index from the figure's state), whose label the
            // slider displays
            assertEquals(stops.length, at.path("steps").asInt(), "the figure's slider has the explorer's stops: " + at);
            int active = at.path("active").asInt(-1);
            assertTrue(active >= 0 && active < stops.length, "the slider's active stop: " + at);
            double t = stops[active];
            String label = at.path("label").asText();
            assertEquals("threshold = " + Format.significant(t, 4), label, "the slider's label at stop " + active);
            List<List<String>> expected = new ArrayList<>();
            expected.add(List.of("at the threshold", "value"));
            List<String> values = ThresholdExplorer.values(curve, t, cosine.confidence()::confidence);
            for (int i = 0; i < ThresholdExplorer.ROWS.size(); i++) {
                expected.add(List.of(ThresholdExplorer.ROWS.get(i), values.get(i)));
            }
            assertEquals(expected, rows(at.path("table")), "the table displayed at " + label);
            assertEquals(ThresholdExplorer.HEIGHT, at.path("height").asInt(), "the explorer keeps its height: " + at);
        }
        assertEquals(cosine.threshold(ThresholdRule.C45), stops[s.path("initial").path("active").asInt()], 0.0,
                "the explorer starts at the c45 threshold: " + s.path("initial"));
        JsonNode clicked = shown.get(1), dragged = shown.get(2);
        assertNotEquals(clicked.path("label").asText(), dragged.path("label").asText(), s.toString());
        assertNotEquals(rows(clicked.path("table")), rows(dragged.path("table")), s.toString());
        assertNotEquals(s.path("initial").path("label").asText(), clicked.path("label").asText(), s.toString());
    }

    /** The explorer of notebook 01 (its cell "9. The threshold explorer"), built here from the same data. */
    private static ThresholdExplorer.Builder notebook01Explorer() {
        return ThresholdExplorer.builder("dlib cosine distance: move the threshold", pairs.column("cosine"),
                        pairs.positive())
                .metric("cosine")
                .methods(List.of(Marker.of(cosine, ThresholdRule.C45), Marker.of(cosine, ThresholdRule.C45_EXACT),
                        Marker.of(cosine, ThresholdRule.SIGMA2), Marker.of(cosine, ThresholdRule.F1_MAX),
                        Marker.of(cosine, ThresholdRule.EER)))
                .published(List.of(new Marker("DeepFace shipped Dlib cosine",
                        DeepFaceShipped.load().threshold("Dlib", "cosine"))))
                .confidence(cosine.confidence()::confidence);
    }

    private static List<List<String>> rows(JsonNode table) {
        List<List<String>> out = new ArrayList<>();
        table.forEach(row -> out.add(texts(row)));
        return out;
    }

    @Test
    void editingTheThresholdAndRerunningTheCellRedrawsItsFigureWithTheNewValue() {
        JsonNode s = step("edit");
        assertTrue(s.path("typedAsIntended").asBoolean(), s.toString());
        assertEquals(0, s.path("errors").asInt(), s.path("errorText").toString());
        List<String> before = texts(s.path("titlesBefore")), after = texts(s.path("titlesAfter"));
        assertNotEquals(before, after);
        assertTrue(after.contains("confusion at c45 = " + expectedThreshold),
                "the edited cell's figure should show the f1_max threshold the library computes (" + expectedThreshold
                        + "): " + after);
        assertEquals(s.path("plotlyOutputs").asInt(), s.path("figuresDrawn").asInt(), s.toString());
    }

    @Test
    void figuresStillDrawAfterSaveAndReload() {
        int figures = step("run-all").path("plotlyOutputs").asInt();
        JsonNode s = step("reload");
        assertEquals(figures, s.path("plotlyOutputs").asInt(), s.toString());
        assertEquals(figures, s.path("figuresDrawn").asInt(), "every figure visible after the reload: " + s);
        assertEquals(figures, s.path("afterHover").path("interactive").asInt(),
                "every figure interactive once the pointer is on it: " + s);
        assertTrue(texts(s.path("afterHover").path("titles")).contains("confusion at c45 = " + expectedThreshold),
                "the saved notebook keeps the edited figure: " + s);
    }

    @Test
    void notebooksExecutedHeadlessDrawTheirFiguresSignedOrNot() {
        for (String file : List.of("executed/" + NOTEBOOK, "executed/unsigned-copy.ipynb")) {
            JsonNode s = step("executed:" + file);
            assertTrue(s.path("plotlyOutputs").asInt() >= 2, s.toString());
            assertEquals(s.path("plotlyOutputs").asInt(), s.path("figuresDrawn").asInt(), file + ": " + s);
            assertEquals(s.path("plotlyOutputs").asInt(), s.path("afterHover").path("interactive").asInt(), file + ": " + s);
            assertEquals(0, s.path("errors").asInt(), file + ": " + s);
        }
    }

    @Test
    void interruptEndsTheRunningCellAndRestartGivesAWorkingKernel() {
        JsonNode i = step("interrupt");
        assertTrue(i.path("settledAfterSeconds").asDouble() < 15, i.toString());
        assertTrue(i.path("errorText").toString().contains("Interrupted"), i.toString());
        JsonNode r = step("restart");
        assertTrue(r.path("output").asText().contains("restarted:42"), r.toString());
    }

    @Test
    void nothingIsLoadedFromTheNetworkAndNoScriptFails() {
        assertEquals(List.of(), texts(result.path("external")), "requests that left 127.0.0.1");
        assertEquals(List.of(), texts(result.path("pageErrors")), "uncaught exceptions in the page");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void waitForServer(String url, String token) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!lab.isAlive()) {
                throw new AssertionError("JupyterLab exited at start-up (exit " + lab.exitValue() + "); see "
                        + base.resolve("jupyterlab.log"));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/status?token=" + token))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(300);
        }
        throw new AssertionError("JupyterLab did not answer on " + url + " within 90 s; see " + base.resolve("jupyterlab.log"));
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
