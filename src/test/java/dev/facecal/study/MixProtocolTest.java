package dev.facecal.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.dataset.Dataset;
import dev.facecal.dataset.Identity;
import dev.facecal.models.ModelStore;
import dev.facecal.pairs.Pair;
import dev.facecal.pairs.PairGenerator;
import dev.facecal.pipeline.EmbeddingOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class MixProtocolTest {
    @TempDir
    Path tmp;

    private static List<String> names(Dataset d) {
        return d.identities().stream().map(Identity::name).toList();
    }

    @Test
    void firstPhotosTakesTwelvePeopleWithFourPhotosInOrder() {
        List<Identity> ids = new ArrayList<>();
        for (int p = 0; p < 15; p++) {
            int n = p == 2 ? 3 : 5; // person 2 has too few photos
            List<String> files = new ArrayList<>();
            for (int i = 0; i < n; i++) files.add("p" + p + "_" + i + ".jpg");
            ids.add(new Identity("p" + p, files));
        }
        Dataset d = MixProtocol.firstPhotos(Dataset.of("synthetic", ids), 12, 4);
        assertEquals(12, d.size());
        assertEquals(List.of("p0", "p1", "p3", "p4", "p5", "p6", "p7", "p8", "p9", "p10", "p11", "p12"), names(d));
        assertEquals(List.of("p3_0.jpg", "p3_1.jpg", "p3_2.jpg", "p3_3.jpg"), d.identities().get(2).files());
        assertEquals(72, PairGenerator.positiveCount(d));
        assertEquals(1056, PairGenerator.negativeCount(d));
        assertEquals("synthetic: first 4 photos of 12 people", d.name());
        assertThrows(IllegalArgumentException.class, () -> MixProtocol.firstPhotos(d, 12, 1));
    }

    @Test
    void firstPhotosOfTheBundledPeople() {
        Dataset d = MixProtocol.firstPhotos(StudyData.unitPeople(), MixProtocol.PEOPLE, MixProtocol.PHOTOS_EACH);
        assertEquals(List.of("Angelina", "Scarlett", "Jennifer", "Mark", "Jack", "person-10", "person-11", "person-12",
                "person-13"), names(d));
        assertEquals(List.of("img1.jpg", "img2.jpg", "img4.jpg", "img5.jpg"), d.identities().get(0).files());
        assertEquals(List.of("img26.jpg", "img27.jpg", "img28.jpg", "img42.jpg"), d.identities().get(5).files());
        assertEquals(StudyData.unitPeople().root(), d.root());
    }

    /** A model folder holding the installed dlib model, also under the names in {@code aliases}. */
    private Path modelsWith(String... aliases) throws IOException {
        Path from = StudyData.embedding().models().dir();
        Path dir = Files.createDirectories(tmp.resolve("models"));
        for (String name : concat("dlib", aliases)) {
            Files.copy(from.resolve("dlib.onnx"), dir.resolve(name + ".onnx"));
            Files.copy(from.resolve("dlib.json"), dir.resolve(name + ".json"));
        }
        return dir;
    }

    private static List<String> concat(String first, String... rest) {
        List<String> out = new ArrayList<>(List.of(first));
        out.addAll(List.of(rest));
        return out;
    }

    private EmbeddingOptions pipeline(Path models) {
        EmbeddingOptions d = StudyData.embedding();
        return new EmbeddingOptions(new ModelStore(models), "dlib", d.faces(), tmp.resolve("cache"), d.batch(), 0, false);
    }

    private Dataset mixWithPhotos() throws IOException {
        Dataset mix = StudyData.workspace().mixSeed001().withRoot(Files.createDirectories(tmp.resolve("mix")));
        for (var i : mix.images()) {
            if (!Files.exists(mix.resolve(i.file()))) Files.writeString(mix.resolve(i.file()), i.file());
        }
        return mix;
    }

    @Test
    void fallsBackToDlibOnTheBundledPhotosWhenNothingIsThere() throws IOException {
        StringWriter log = new StringWriter();
        MixProtocol.Choice c = MixProtocol.choose(StudyData.workspace().mixSeed001(), StudyData::unitPeople,
                pipeline(modelsWith()), new PrintWriter(log));
        assertFalse(c.seedRun());
        assertEquals("dlib", c.model());
        assertEquals(List.of(false, false), c.checks().stream().map(MixProtocol.Check::ok).toList());
        assertEquals("0 of 47 listed photos found in " + StudyData.workspace().root().resolve("dataset/mix")
                + " (the seed does not publish them)", c.checks().get(1).detail());
        assertEquals(9, c.dataset().size());
        assertEquals(9, c.qualifying());
        assertEquals(54, c.expectedSame());
        assertEquals(576, c.expectedDifferent());
        assertEquals(36, c.photos().size());
        assertTrue(c.summary().startsWith("branch: fallback, dlib on deepface-unit-people: first 4 photos of 9 people "
                + "(9 people x 4 photos; only 9 people have at least 4 photos, 12 wanted)"), c.summary());
        assertTrue(c.summary().endsWith("not available: VGG-Face installed; Mix photos present"), c.summary());
        Table t = dev.facecal.notebook.Seed001Tables.checks(c);
        assertEquals(3, t.rowCount());
        assertEquals("run", t.stringColumn("check").get(2));
    }

    @Test
    void photosAloneAreNotEnough() throws IOException {
        MixProtocol.Choice c = MixProtocol.choose(mixWithPhotos(), StudyData::unitPeople, pipeline(modelsWith()),
                new PrintWriter(new StringWriter()));
        assertFalse(c.seedRun());
        assertEquals(List.of(false, true), c.checks().stream().map(MixProtocol.Check::ok).toList());
        assertTrue(c.summary().endsWith("not available: VGG-Face installed"), c.summary());
    }

    @Test
    void runsTheSeedsListWhenVggFaceAndThePhotosAreThere() throws IOException {
        Dataset mix = mixWithPhotos();
        MixProtocol.Choice c = MixProtocol.choose(mix, () -> {
            throw new AssertionError("the fallback must not be loaded");
        }, pipeline(modelsWith("vgg-face-2020")), new PrintWriter(new StringWriter()));
        assertTrue(c.seedRun());
        assertEquals("vgg-face-2020", c.model());
        assertEquals("vgg-face-2020", c.embedding().model());
        assertEquals(mix, c.dataset());
        assertEquals(72, c.expectedSame());
        assertEquals(1056, c.expectedDifferent());
        assertEquals(47, c.photos().size(), "img40.jpg is embedded once");
        assertEquals("branch: seed 001's Mix data set with vgg-face-2020 (12 people x 4 photos)", c.summary());
    }

    @Test
    void prefersVggFaceOverThe2020Variant() throws IOException {
        MixProtocol.Choice c = MixProtocol.choose(mixWithPhotos(), StudyData::unitPeople,
                pipeline(modelsWith("vgg-face", "vgg-face-2020")), new PrintWriter(new StringWriter()));
        assertEquals("vgg-face", c.model());
    }

    @Test
    void theSeedsListHasOnePhotoUnderTwoPeople() {
        Dataset mix = StudyData.workspace().mixSeed001();
        var findings = mix.validate();
        Table t = dev.facecal.notebook.Seed001Tables.findings(findings);
        assertEquals(2, t.rowCount());
        assertEquals("SAME_FILE_SEVERAL_IDENTITIES", t.stringColumn("kind").get(0));
        assertEquals("Lee_Jung_jae, Choi_Min_sik", t.stringColumn("people").get(0));
        assertEquals("MISSING_FILE", t.stringColumn("kind").get(1));
        assertEquals("47 files", t.stringColumn("files").get(1));
        assertTrue(t.stringColumn("message").get(1).length() <= 200);
        assertEquals("dataset check (seed 001's Mix list): 2 findings, 2 errors; listed under two or more people: "
                + "img40.jpg", MixProtocol.findingsNote("seed 001's Mix list", findings));
        List<Pair> self = MixProtocol.selfPairs(PairGenerator.all(mix));
        assertEquals(List.of(new Pair("img40.jpg", "img40.jpg", false)), self);
    }
}
