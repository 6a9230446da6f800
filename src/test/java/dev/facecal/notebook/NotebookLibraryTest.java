package dev.facecal.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.Fixtures;
import dev.facecal.calibrate.Calibration;
import dev.facecal.calibrate.CalibrationOptions;
import dev.facecal.calibrate.ColumnCalibration;
import dev.facecal.calibrate.ConfidenceScores;
import dev.facecal.calibrate.DeepFaceShipped;
import dev.facecal.cli.CliTest;
import dev.facecal.dataset.Dataset;
import dev.facecal.dataset.PairTable;
import dev.facecal.dataset.PairTableReader;
import dev.facecal.distance.DistanceMetric;
import dev.facecal.face.MultiFacePolicy;
import dev.facecal.models.FaceApiTarball;
import dev.facecal.models.ModelStore;
import dev.facecal.pairs.Pair;
import dev.facecal.pairs.PairGenerator;
import dev.facecal.pipeline.EmbeddingOptions;
import dev.facecal.pipeline.EmbeddingStage;
import dev.facecal.pipeline.FaceOptions;
import dev.facecal.pipeline.PhotoEmbeddings;
import dev.facecal.pipeline.ScoredPairs;
import dev.facecal.report.Figures;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * The calls notebooks 01 and 02 make, on DeepFace's real photos with the real dlib model: pair counts, the CSV
 * round trip (a notebook's numbers equal {@code facecal calibrate}'s on the CSV it writes), hardest pairs, face
 * crops, tables and the HTML pieces.
 */
class NotebookLibraryTest {

    @TempDir
    static Path dir;
    static Dataset people;
    static EmbeddingOptions pipeline;
    static FaceGallery gallery;
    static PhotoEmbeddings embeddings;
    static ScoredPairs scored;

    @BeforeAll
    static void embedNotebookPeople() {
        Path models = dir.resolve("models");
        assertEquals(0, CliTest.run("model", "install", "dlib", "--from", FaceApiTarball.get().toString(), "--models",
                models.toString()).status());
        people = Dataset.fromManifest(Path.of("dataset/deepface-notebooks.json"))
                .withRoot(Fixtures.shared().resolve("datasets/deepface-unit"));
        pipeline = new EmbeddingOptions(new ModelStore(models), "dlib", new FaceOptions(dev.facecal.face.Detector.OPENCV,
                dev.facecal.face.Haar.cascades(), null, MultiFacePolicy.DOMINANT, true), dir.resolve("cache"), 16, 0, false);
        gallery = new FaceGallery(pipeline.faces());
        List<Path> photos = people.images().stream().map(i -> people.resolve(i.file())).toList();
        int[] last = {0};
        embeddings = EmbeddingStage.run(photos, pipeline, new dev.facecal.pipeline.Progress() {
            public void start(String what, int total) { }
            public void advance(int done) { last[0] = done; }
            public void finish(String summary) { }
        });
        assertEquals(25, last[0]);
        scored = ScoredPairs.of(people, PairGenerator.all(people), embeddings);
    }

    @Test
    void deepfaceExperimentCounts() {
        assertEquals(25, embeddings.size());
        assertEquals(List.of(), embeddings.failures());
        assertEquals(300, scored.size());
        assertEquals(38, scored.pairs().stream().filter(Pair::same).count());
        assertEquals(List.of(), scored.skipped());
        // a second run reads every embedding back from the cache
        PhotoEmbeddings again = EmbeddingStage.run(embeddings.results().keySet(), pipeline, dev.facecal.pipeline.Progress.NONE);
        assertEquals(25, again.cached());
    }

    @Test
    void notebookNumbersEqualCalibrateOnItsCsv() throws Exception {
        Path csv = scored.writeCsv(dir.resolve("pairs.csv"));
        Calibration inMemory = Calibration.of(scored.pairTable(csv.toString()), CalibrationOptions.defaults());
        Calibration fromCsv = Calibration.of(PairTableReader.read(csv), CalibrationOptions.defaults());
        for (String col : List.of("cosine", "euclidean", "euclidean_l2", "angular")) {
            ColumnCalibration a = inMemory.columns().get(col), b = fromCsv.columns().get(col);
            assertEquals(b.thresholds(), a.thresholds(), col);
            assertEquals(b.confidence(), a.confidence(), col);
            assertEquals(b.roc().auc(), a.roc().auc(), col);
        }
        // and the CLI prints the same c45 threshold
        CliTest.Result r = CliTest.run("calibrate", csv.toString(), "--format", "json");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains(dev.facecal.calibrate.Numbers.repr(inMemory.columns().get("cosine").threshold("c45"))));
        assertTrue(inMemory.columns().get("cosine").roc().auc() > 0.97);
    }

    @Test
    void hardestPairsPutErrorsFirst() {
        double t = 0.06;
        List<Integer> hard = scored.hardest(DistanceMetric.COSINE, t, 10);
        assertEquals(10, hard.size());
        double[] d = scored.distances(DistanceMetric.COSINE);
        boolean seenCorrect = false;
        for (int i : hard) {
            boolean ok = scored.correct(i, DistanceMetric.COSINE, t);
            assertFalse(seenCorrect && !ok, "an error after a correct pair");
            seenCorrect |= ok;
        }
        long errors = java.util.stream.IntStream.range(0, d.length)
                .filter(i -> !scored.correct(i, DistanceMetric.COSINE, t)).count();
        assertEquals(Math.min(10, errors), hard.stream().filter(i -> !scored.correct(i, DistanceMetric.COSINE, t)).count());
    }

    @Test
    void facesAndGalleries() {
        BufferedImage face = gallery.face(people.resolve("img1.jpg"));
        assertTrue(face.getWidth() > 50 && face.getHeight() > 50);
        assertEquals(9, gallery.people(people).size());
        var tiles = gallery.hardest(scored, DistanceMetric.COSINE, 0.06, 3);
        assertEquals(3, tiles.size());
        assertTrue(tiles.get(0).caption().contains("cosine = "));
        String html = Show.img(face, 112);
        assertTrue(html.startsWith("<img src=\"data:image/png;base64,"));
        assertThrows(dev.facecal.FacecalException.class, () -> gallery.face(dir.resolve("missing.jpg")));
    }

    @Test
    void confidenceTablesAndDeepFaceConstants() {
        PairTable table = scored.pairTable("t");
        Calibration cal = Calibration.of(table, CalibrationOptions.defaults());
        var cos = cal.columns().get("cosine");
        var byClass = ConfidenceScores.byClass(cos.confidence(), table.column("cosine"), table.positive());
        assertEquals(38, byClass.get("same person").length);
        assertEquals(262, byClass.get("different persons").length);
        Table ranges = Tables.confidenceRanges("r", byClass);
        // every same-person pair accepted at c45 reads 51-100 (no false reject here)
        assertEquals(38 - cos.evaluation("c45").confusion().fn(), (long) ((IntColumn) ranges.column("in 51-100")).get(0));
        DeepFaceShipped df = DeepFaceShipped.load();
        assertTrue(df.models().contains("Dlib"));
        assertEquals(4 * 8, Tables.confidenceBesideDeepFace(cal, df, "Dlib").rowCount());
        assertThrows(IllegalArgumentException.class, () -> df.threshold("NoSuchModel", "cosine"));
        Show.figure(Figures.histograms("h", "confidence", byClass, 10)); // plain text outside a kernel
    }

    @Test
    void htmlTableShowsHeadAndTail() {
        Table t = Tables.scoredPairs(scored);
        String html = HtmlTable.of(t, 10);
        assertTrue(html.contains("… 290 more rows …"), html);
        assertTrue(html.contains("300 rows × 7 columns"));
        assertThrows(IllegalArgumentException.class, () -> HtmlTable.of(t, 1));
    }

    @Test
    void progressPrintsEachTenthOnce() {
        var out = new java.io.ByteArrayOutputStream();
        var p = new NotebookProgress("photos", 20, new java.io.PrintStream(out, true));
        for (int i = 1; i <= 20; i++) {
            p.accept(i);
            p.accept(i);
        }
        String[] lines = out.toString().split("\n");
        assertEquals(11, lines.length); // 0 % (the start), then every tenth
        assertTrue(lines[0].contains("  0%  1/20 photos"), lines[0]);
        assertTrue(lines[10].contains("100%  20/20 photos"), lines[10]);
    }
}
