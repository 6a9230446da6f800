package dev.facecal.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.FacecalException;
import dev.facecal.Fixtures;
import dev.facecal.pairs.PairList;
import dev.facecal.dataset.Finding.Kind;
import dev.facecal.dataset.Finding.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {
    @TempDir
    Path dir;

    static Path mirror() {
        return Fixtures.shared().resolve("datasets/deepface-unit");
    }

    static Dataset mix() {
        return Dataset.fromManifest(Path.of("dataset/mix-seed001.json"));
    }

    static Dataset notebooks() {
        return Dataset.fromManifest(Path.of("dataset/deepface-notebooks.json"));
    }

    @Test
    void theMixManifestIsSeed001sListOf12PeopleWith4PhotosEach() {
        Dataset d = mix();
        assertEquals("mix-seed001", d.name());
        assertNull(d.root());
        assertEquals(12, d.size());
        assertEquals(48, d.imageCount());
        assertEquals(List.of("Laura_Harrier", "Zendaya", "Tom_Holland", "Andrew_Garfield", "Jodie_Comer", "Emma_Stone",
                "Will_Smith", "Lance Reddick", "Lee_Jung_jae", "Choi_Min_sik", "HoYeon Jung", "Sandra_Oh"),
                d.identities().stream().map(Identity::name).toList());
        for (Identity i : d.identities()) assertEquals(4, i.size(), i.name());
        assertEquals(List.of("img33.jpg", "img34.jpg", "img35.jpg", "img40.jpg"), d.identities().get(8).files());
        assertEquals(List.of("img37.jpg", "img38.jpg", "img39.jpg", "img40.jpg"), d.identities().get(9).files());
        assertEquals(new LabelledImage("img1.jpg", "Laura_Harrier"), d.images().get(0));
        assertEquals(new LabelledImage("img48.jpg", "Sandra_Oh"), d.images().get(47));
    }

    @Test
    void theMixListNamesImg40ForTwoPeople() {
        List<Finding> f = mix().validate();
        assertEquals(2, f.size(), f.toString());
        Finding dup = f.get(0);
        assertEquals(Severity.ERROR, dup.severity());
        assertEquals(Kind.SAME_FILE_SEVERAL_IDENTITIES, dup.kind());
        assertEquals(List.of("img40.jpg"), dup.files());
        assertEquals(List.of("Lee_Jung_jae", "Choi_Min_sik"), dup.identities());
        assertTrue(dup.message().startsWith("img40.jpg is listed under Lee_Jung_jae and Choi_Min_sik"), dup.message());
        assertEquals(Kind.CONTENT_NOT_CHECKED, f.get(1).kind());
        assertEquals(Severity.NOTE, f.get(1).severity());
        assertEquals(List.of(dup), mix().validateNames());
    }

    @Test
    void theNotebookManifestIsTheNinePeopleOfDeepFacesNotebooksAndChecksCleanOnTheMirror() {
        Dataset d = notebooks();
        assertEquals(9, d.size());
        assertEquals(25, d.imageCount());
        assertEquals(Path.of("dataset/deepface-unit").toAbsolutePath().normalize(), d.root());
        assertEquals(List.of("Angelina", "Scarlett", "Jennifer", "Mark", "Jack", "Elon", "Jeff", "Marissa", "Sundar"),
                d.identities().stream().map(Identity::name).toList());
        assertEquals(List.of(), d.withRoot(mirror()).validate());
    }

    @Test
    void missingPhotosAreErrorsNamingThem() throws IOException {
        List<Finding> none = notebooks().withRoot(dir.resolve("nosuch")).validate();
        assertEquals(1, none.size());
        assertEquals(25, none.get(0).files().size());
        assertTrue(none.get(0).message().startsWith("the photo folder " + dir.resolve("nosuch") + " does not exist, so "
                + "all 25 photos are missing: img1.jpg, img2.jpg, img4.jpg"), none.get(0).message());
        List<Finding> f = notebooks().withRoot(dir).validate();
        assertEquals(25, f.size());
        assertTrue(f.stream().allMatch(x -> x.kind() == Kind.MISSING_FILE && x.severity() == Severity.ERROR));
        assertEquals("img1.jpg (Angelina) is missing from " + dir, f.get(0).message());
    }

    @Test
    void deepfacesMasterCsvGivesBackItsNinePeopleInFileOrder() {
        Dataset d = PairList.people(mirror().resolve("master.csv"));
        assertEquals(mirror().toAbsolutePath(), d.root());
        assertEquals(List.of(List.of("img20.jpg", "img21.jpg"), List.of("img16.jpg", "img17.jpg"),
                List.of("img3.jpg", "img12.jpg"), List.of("img22.jpg", "img23.jpg"), List.of("img24.jpg", "img25.jpg"),
                notebooks().identities().get(0).files(), List.of("img13.jpg", "img14.jpg", "img15.jpg"),
                List.of("img18.jpg", "img19.jpg"), List.of("img8.jpg", "img9.jpg")),
                d.identities().stream().map(Identity::files).toList());
        assertEquals("person-1", d.identities().get(0).name());
        assertEquals(List.of(), d.validate());
    }

    @Test
    void aMasterCsvThatContradictsItselfIsAnErrorNamingTheLine() throws IOException {
        Path csv = Files.writeString(dir.resolve("master.csv"),
                "file_x,file_y,Decision\na.jpg,b.jpg,Yes\nb.jpg,c.jpg,Yes\nd.jpg,a.jpg,No\na.jpg,c.jpg,No\n");
        String msg = assertThrows(FacecalException.class, () -> PairList.people(csv)).getMessage();
        assertTrue(msg.contains("line 5: a.jpg and c.jpg are labelled different people"), msg);
        Files.writeString(csv, "file_x,file_y,decision\na.jpg,b.jpg,1\nc.jpg,a.jpg,0\n");
        Dataset d = PairList.people(csv);
        assertEquals(List.of(new Identity("person-1", List.of("a.jpg", "b.jpg")),
                new Identity("person-2", List.of("c.jpg"))), d.identities());
        Files.writeString(csv, "file_x,file_y,decision\na.jpg,b.jpg,maybe\n");
        msg = assertThrows(FacecalException.class, () -> PairList.people(csv)).getMessage();
        assertTrue(msg.contains("line 2: 'maybe' is not a label"), msg);
    }

    @Test
    void foldersAreSortedImagesOnly() throws IOException {
        write("zoe/2.jpg", "z2");
        write("zoe/10.JPG", "z10");
        write("zoe/notes.txt", "n");
        write("zoe/.hidden.jpg", "h");
        write("adam/a.png", "a");
        write(".git/x.jpg", "g");
        write("top.jpg", "t");
        Files.createDirectories(dir.resolve("zoe/sub"));
        Dataset d = Dataset.fromFolders(dir);
        assertEquals(List.of(new Identity("adam", List.of("adam/a.png")),
                new Identity("zoe", List.of("zoe/10.JPG", "zoe/2.jpg"))), d.identities());
        assertEquals(dir, d.root());
        List<Finding> f = d.validate();
        assertEquals(List.of(Kind.TOO_FEW_PHOTOS), f.stream().map(Finding::kind).toList());
        assertEquals("adam has one photo (adam/a.png): no same-person pair", f.get(0).message());
    }

    @Test
    void theSamePhotoUnderTwoNamesIsFoundByContent() throws IOException {
        write("ann/1.jpg", "same bytes");
        write("ann/2.jpg", "ann two");
        write("ann/3.jpg", "ann two");
        write("bob/1.jpg", "same bytes");
        write("bob/2.jpg", "bob two");
        List<Finding> f = Dataset.fromFolders(dir).validate();
        assertEquals(List.of(Kind.SAME_CONTENT_SEVERAL_IDENTITIES, Kind.SAME_CONTENT_ONE_IDENTITY),
                f.stream().map(Finding::kind).toList(), f.toString());
        assertEquals(List.of("ann/1.jpg", "bob/1.jpg"), f.get(0).files());
        assertEquals(List.of("ann", "bob"), f.get(0).identities());
        assertTrue(f.get(0).message().startsWith("ann/1.jpg (ann) and bob/1.jpg (bob) are the same photo"),
                f.get(0).message());
        assertEquals(Severity.WARNING, f.get(1).severity());
        assertEquals(List.of("ann/2.jpg", "ann/3.jpg"), f.get(1).files());
    }

    @Test
    void manifestMistakesNameTheFile() throws IOException {
        Path m = dir.resolve("m.json");
        Files.writeString(m, "{\"identites\": {\"a\": [\"1.jpg\"]}}");
        String msg = assertThrows(FacecalException.class, () -> Dataset.fromManifest(m)).getMessage();
        assertTrue(msg.contains(m + ": unknown key \"identites\""), msg);
        Files.writeString(m, "{\"identities\": {\"a\": [\"1.jpg\"], \"a\": [\"2.jpg\"]}}");
        msg = assertThrows(FacecalException.class, () -> Dataset.fromManifest(m)).getMessage();
        assertTrue(msg.contains("Duplicate field 'a'"), msg);
        Files.writeString(m, "{\"identities\": {\"a\": [\"1.jpg\", 2]}}");
        msg = assertThrows(FacecalException.class, () -> Dataset.fromManifest(m)).getMessage();
        assertTrue(msg.contains("identity \"a\" has 2 where a photo name"), msg);
        Files.writeString(m, "{\"identities\": {}}");
        assertThrows(FacecalException.class, () -> Dataset.fromManifest(m));
        Files.writeString(m, "{\"root\": \"photos\", \"identities\": {\"a\": [\"1.jpg\", \"1.jpg\"], \"b\": []}}");
        Dataset d = Dataset.fromManifest(m);
        assertEquals(dir.resolve("photos"), d.root());
        assertEquals(List.of(Kind.SAME_FILE_ONE_IDENTITY, Kind.TOO_FEW_PHOTOS), d.validateNames().stream()
                .map(Finding::kind).toList());
    }

    @Test
    void recordsRefuseBadValuesWithTheValueInTheMessage() {
        assertThrows(IllegalArgumentException.class, () -> new Identity(" ", List.of()));
        String msg = assertThrows(IllegalArgumentException.class,
                () -> Dataset.of("d", List.of(new Identity("a", List.of()), new Identity("a", List.of())))).getMessage();
        assertTrue(msg.contains("'a' is given twice"), msg);
    }

    private void write(String rel, String content) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }
}
