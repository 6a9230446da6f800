package dev.facecal.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facecal.calibrate.Calibration;
import dev.facecal.calibrate.CalibrationOptions;
import dev.facecal.dataset.Dataset;
import dev.facecal.dataset.PairTableReader;
import dev.facecal.notebook.HeadlessChromium.Page;
import dev.facecal.notebook.HeadlessChromium.PlotlyFigure;
import dev.facecal.notebook.NotebookRunner.Cell;
import dev.facecal.notebook.NotebookRunner.Notebook;
import dev.facecal.notebook.NotebookRunner.Result;
import dev.facecal.pairs.PairGenerator;
import dev.facecal.study.MixProtocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every notebook in {@code notebooks/} executed headless on the {@code facecal} kernel (what CI runs): no error
 * output, every code cell ran and showed something, the key values in the outputs (pair counts, thresholds) equal
 * what the library and {@code facecal calibrate} compute from the same pairs, and every exported HTML page opens
 * in headless Chromium with no network, no console error and every Plotly figure drawn (its SVG) with its title.
 */
class NotebooksIT {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(20);

    private static Path out;
    private static final Map<String, Notebook> EXECUTED = new LinkedHashMap<>();

    @BeforeAll
    static void runAllNotebooks() {
        Path root = NotebookRunner.projectRoot();
        Map<String, String> env = NotebookRunner.testKernelEnv();
        out = root.resolve("target/it-notebooks/all");
        List<Path> notebooks;
        try (Stream<Path> s = Files.list(root.resolve("notebooks"))) {
            notebooks = s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError("cannot list notebooks/: " + e);
        }
        assertEquals(7, notebooks.size(), notebooks.toString());
        Result run = NotebookRunner.run(out, notebooks, env, RUN_TIMEOUT);
        System.out.println(run.output());
        assertEquals(0, run.exitCode(), () -> "run-notebooks.py failed:\n" + run.output());
        for (Path nb : notebooks) {
            String name = nb.getFileName().toString().replace(".ipynb", "");
            EXECUTED.put(name, NotebookRunner.read(out.resolve(name + ".ipynb")));
        }
    }

    /** All plain-text outputs of a notebook, one per line. */
    private static String text(String name) {
        Notebook nb = EXECUTED.get(name);
        assertNotNull(nb, "notebook " + name + " was not executed");
        StringBuilder sb = new StringBuilder();
        for (Cell c : nb.cells()) {
            c.outputs().forEach(o -> o.textPlain().ifPresent(t -> sb.append(t).append('\n')));
            sb.append(c.stdout());
        }
        return sb.toString();
    }

    private static String find(String name, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text(name));
        assertTrue(m.find(), () -> name + ": no output matches /" + regex + "/ in:\n" + text(name));
        return m.group(1);
    }

    private static Calibration calibrateCsv(String notebook) {
        Path csv = out.resolve(notebook).resolve("deepface-unit-dlib.csv"); // run-notebooks.py's --out (FACECAL_NOTEBOOK_OUT)
        assertTrue(Files.isRegularFile(csv), "the notebook did not write " + csv);
        return Calibration.of(PairTableReader.read(csv), CalibrationOptions.defaults());
    }

    @Test
    void theSummaryCarriesEachNotebooksProvenance() throws IOException {
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        JsonNode notebooks = summary.path("notebooks");
        assertEquals(7, notebooks.size(), summary.toString());
        for (JsonNode entry : notebooks) {
            JsonNode provenance = entry.path("provenance");
            String name = entry.path("notebook").asText();
            assertFalse(provenance.path("facecal").asText().isBlank(), name + ": no facecal version in " + entry);
            assertEquals(name.replace(".ipynb", ""), provenance.path("notebook").path("name").asText(),
                    name + ": " + provenance);
        }
    }

    @Test
    void everyNotebookRanEveryCellWithoutErrorsAndShowedSomething() {
        assertEquals(7, EXECUTED.size());
        EXECUTED.forEach((name, nb) -> {
            assertEquals("facecal", nb.kernelName(), name);
            assertEquals(List.of(), nb.errors(), name + " has error outputs");
            for (Cell c : nb.codeCells()) {
                assertNotNull(c.executionCount(), name + " cell " + c.index() + " did not run");
                assertFalse(c.outputs().isEmpty(), name + " cell " + c.index() + " shows nothing");
                assertEquals("", c.stderr(), name + " cell " + c.index() + " wrote to stderr");
            }
        });
    }

    @Test
    void fineTuningThresholdMatchesCalibrateOnTheSamePairs() {
        assertEquals("300 (38 same, 262 different)", find("01-fine-tuning-threshold", "pairs: (\\d+ \\(\\d+ same, \\d+ different\\))"));
        Calibration cal = calibrateCsv("01-fine-tuning-threshold");
        var cosine = cal.columns().get("cosine");
        assertEquals(cosine.threshold("c45"), Double.parseDouble(find("01-fine-tuning-threshold", "threshold \\(c45\\): ([0-9.eE-]+)")));
        assertEquals(cosine.threshold("c45_exact"),
                Double.parseDouble(find("01-fine-tuning-threshold", "threshold \\(c45_exact\\): ([0-9.eE-]+)")));
        assertEquals(cosine.roc().auc(), Double.parseDouble(find("01-fine-tuning-threshold", "ROC-AUC \\(cosine\\): ([0-9.eE-]+)")));
        assertTrue(cosine.roc().auc() > 0.97, "ROC-AUC " + cosine.roc().auc());
    }

    @Test
    void distanceToConfidenceMatchesCalibrateOnTheSamePairs() {
        Calibration cal = calibrateCsv("02-distance-to-confidence");
        assertEquals(300, cal.pairs());
        for (String m : List.of("cosine", "euclidean", "euclidean_l2", "angular")) {
            assertEquals(cal.columns().get(m).threshold("c45"),
                    Double.parseDouble(find("02-distance-to-confidence", "threshold \\(" + m + ", c45\\): ([0-9.eE-]+)")), m);
        }
        String text = text("02-distance-to-confidence");
        assertTrue(text.contains("ModelConfidence") && text.contains("confidences = {"), "paste blocks missing");
    }

    @Test
    void v2ExplorersHandComputationsAndCalibration() {
        for (String nb : List.of("01-fine-tuning-threshold", "02-distance-to-confidence", "03-mix-dataset-vgg-face")) {
            String text = text(nb);
            assertTrue(text.contains("equal: true") && !text.contains("equal: false"), nb + ": a hand computation differs");
            assertTrue(text.contains("[figure] ") && text.contains("move the threshold") || nb.startsWith("02"),
                    nb + ": no threshold explorer");
            assertFalse(text.contains("] 10%"), nb + ": progress lines kept in the saved notebook");
        }
        assertTrue(text("02-distance-to-confidence").contains("[figure] reliability on people not fitted on"));
        assertTrue(text("02-distance-to-confidence").contains("[figure] dlib cosine: threshold and confidence"));
        assertTrue(text("03-mix-dataset-vgg-face").contains("calibrated 3 column(s) of 280 pairs"));
        assertTrue(text("03-mix-dataset-vgg-face").contains("pairs (corrected list): 1128 (72 same, 1056 different); "
                + "pairs of a photo with itself: 0 (printed list: 1)"));
    }

    @Test
    void mixProtocolCountsAndTheDuplicatePhoto() {
        String nb = "03-mix-dataset-vgg-face";
        assertEquals("1128 (72 same, 1056 different)", find(nb, "pairs \\(seed 001's Mix list\\): (\\d+ \\(\\d+ same, \\d+ different\\))"));
        assertTrue(text(nb).contains("listed under two or more people: img40.jpg"));
        Dataset fallback = MixProtocol.firstPhotos(Dataset.fromManifest(NotebookRunner.projectRoot()
                .resolve("dataset/deepface-unit-people.json")), MixProtocol.PEOPLE, MixProtocol.PHOTOS_EACH);
        long same = PairGenerator.positiveCount(fallback), diff = PairGenerator.negativeCount(fallback);
        assertEquals((same + diff) + " (" + same + " same, " + diff + " different)",
                find(nb, "\\npairs: (\\d+ \\(\\d+ same, \\d+ different\\))"));
        assertTrue(text(nb).contains("published figures that recompute: 5 of 5 thresholds"));
    }

    @Test
    void cutoffsAtScaleCountSeed002sPairs() {
        String nb = "04-cutoffs-at-scale";
        Dataset people = Dataset.fromManifest(NotebookRunner.projectRoot().resolve("dataset/deepface-unit-people.json"));
        long same = PairGenerator.positiveCount(people), diff = PairGenerator.negativeCount(people);
        assertEquals((same + diff) + " (" + same + " same, " + diff + " different)",
                find(nb, "\\npairs: (\\d+ \\(\\d+ same, \\d+ different\\))"));
        assertEquals("81875206", find(nb, "at-scale pairs: (\\d+)"));
        assertTrue(text(nb).contains("streaming counts equal the stored-distance table on the 61 real photos: true"));
        assertTrue(text(nb).contains("the library's table says the same: true"), nb + ": precision by hand");
        // section 11: the same pairs counted by ./facecal spark pairs in local mode, exactly as the single machine
        assertEquals("81875206", find(nb, "Spark \\(local\\[2\\], Spark [0-9.]+\\): (\\d+) pairs counted"));
        assertTrue(text(nb).contains("Spark's counts equal the single-machine pass: true"), nb + ": Spark exactness");
        assertFalse(text(nb).contains("facecal: building"), nb + ": ./facecal spark started a Maven build inside the "
                + "tests' Maven (./facecal test builds the Spark module first)");
        assertEquals("81875206", find(nb, "exact: (\\d+) pairs \\(265211 same, 81609995 different\\)"));
    }

    @Test
    void rocTarIdentificationReportsItsNumbers() {
        String nb = "05-roc-tar-identification";
        double auc = Double.parseDouble(find(nb, "ROC-AUC: ([0-9.]+)"));
        assertTrue(auc > 0.97 && auc <= 1, "ROC-AUC " + auc);
        String[] rank1 = find(nb, "rank-1: (\\d+/\\d+)").split("/");
        assertTrue(Integer.parseInt(rank1[0]) <= Integer.parseInt(rank1[1]) && Integer.parseInt(rank1[1]) > 0);
        find(nb, "(TAR@FAR=1e-3): ");
        assertTrue(text(nb).contains("the library's row says the same: true"), nb + ": TAR@FAR by hand");
        find(nb, "head: (train top-1 [0-9.]+%)");
    }

    @Test
    void thresholdSelectionUsesIdentityDisjointSplits() {
        String nb = "06-threshold-selection";
        find(nb, "split \\(seed 42\\): (train \\d+, validation \\d+, test \\d+ people)");
        double t = Double.parseDouble(find(nb, "threshold \\(f1_max on validation\\): ([0-9.]+)"));
        assertTrue(t > 0 && t < 2, "threshold " + t);
        assertTrue(text(nb).contains("[figure] Euclidean distances of the test pairs: move the threshold"),
                nb + ": no threshold explorer");
        assertTrue(text(nb).contains("[figure] validation pairs: precision, recall, F1, accuracy against the threshold"),
                nb + ": no metrics-against-threshold figure");
        for (String part : List.of("train", "validation", "test")) {
            String counts = find(nb, "pairs \\(" + part + "\\): (\\d+ \\(\\d+ same, \\d+ different\\))");
            Matcher m = Pattern.compile("(\\d+) \\((\\d+) same, (\\d+) different\\)").matcher(counts);
            assertTrue(m.matches());
            assertEquals(m.group(2), m.group(3), part + ": one sampled negative per positive");
        }
    }

    @Test
    void modelTableHasEveryModelByNameAndDlibsRowIsCalibrateOnTheSamePairs() {
        String nb = "07-model-table";
        String models = find(nb, "models in the table: ([a-z0-9, -]+)");
        assertTrue(models.startsWith("dlib, faceres"), "models in the table: " + models);
        // dlib's distances are the exact mode's, which ExactModeOutputTest pins to this fixture
        Calibration dlib = Calibration.of(PairTableReader.read(dev.facecal.Fixtures.resource(
                "distances/master_opencv_dlib.csv")), CalibrationOptions.defaults().withBootstrap(0, 42L));
        var cosine = dlib.columns().get("cosine");
        String expected = String.format(java.util.Locale.ROOT, "%.4f / %.4f", cosine.roc().auc(), cosine.threshold("c45"));
        assertEquals(expected, find(nb, "dlib cosine ROC-AUC / c45\\s*\\|?\\s*([0-9.]+ / [0-9.]+)"));
        double faceresAuc = Double.parseDouble(find(nb, "faceres cosine ROC-AUC / c45\\s*\\|?\\s*([0-9.]+) /"));
        assertTrue(faceresAuc >= 0.9, "faceres ROC-AUC " + faceresAuc);
        String text = text(nb);
        assertTrue(text.contains("thresholds = {") && text.contains("\"faceres\": {"), nb + ": paste block missing");
        assertTrue(text.contains("[figure] ROC curves, cosine distance, master.csv"), nb + ": no ROC figure");
    }

    @Test
    void everyExportedPageRendersOfflineInChromium() {
        HeadlessChromium.require();
        List<String> problems = new ArrayList<>();
        EXECUTED.forEach((name, nb) -> {
            Path html = out.resolve(name + ".html");
            Page page = HeadlessChromium.load(html);
            long shown = nb.cells().stream().flatMap(c -> c.outputs().stream())
                    .filter(o -> o.textPlain().map(t -> t.startsWith("[figure] ")).orElse(false)).count();
            if (!page.errors().isEmpty()) problems.add(name + ": console errors " + page.errors());
            if (!page.networkRequests().isEmpty()) problems.add(name + ": network requests " + page.networkRequests());
            if (page.figures().size() != shown) {
                problems.add(name + ": " + page.figures().size() + " Plotly figures drawn, " + shown + " shown");
            }
            for (PlotlyFigure f : page.figures()) {
                if (!f.hasSvg()) problems.add(name + ": figure " + f.id() + " has no SVG");
                if (f.title() == null || f.title().isBlank()) problems.add(name + ": figure " + f.id() + " has no title");
            }
            System.out.println(name + ".html: " + page.figures().size() + " figures drawn: "
                    + page.figures().stream().map(PlotlyFigure::title).toList());
        });
        assertEquals(List.of(), problems);
    }
}
