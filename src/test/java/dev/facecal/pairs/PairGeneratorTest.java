package dev.facecal.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.FacecalException;
import dev.facecal.Fixtures;
import dev.facecal.dataset.Dataset;
import dev.facecal.dataset.Identity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairGeneratorTest {
    @TempDir
    Path dir;

    static Dataset mix() {
        return Dataset.fromManifest(Path.of("dataset/mix-seed001.json"));
    }

    static Dataset notebooks() {
        return Dataset.fromManifest(Path.of("dataset/deepface-notebooks.json"));
    }

    @Test
    void theMixListGives72PlusThe1056Of1128() {
        List<Pair> all = PairGenerator.all(mix());
        assertEquals(1128, all.size());
        assertEquals(72, all.stream().filter(Pair::same).count());
        assertEquals(72, PairGenerator.positiveCount(mix()));
        assertEquals(1056, PairGenerator.negativeCount(mix()));
        // seed 001's df.head(5), without the notebook's "dataset/" prefix
        assertEquals(List.of(new Pair("img1.jpg", "img2.jpg", true), new Pair("img1.jpg", "img3.jpg", true),
                new Pair("img1.jpg", "img4.jpg", true), new Pair("img2.jpg", "img3.jpg", true),
                new Pair("img2.jpg", "img4.jpg", true)), all.subList(0, 5));
        assertTrue(all.subList(0, 72).stream().allMatch(Pair::same));
        assertEquals(new Pair("img1.jpg", "img5.jpg", false), all.get(72));
        assertEquals(new Pair("img1.jpg", "img6.jpg", false), all.get(73));
        assertEquals(new Pair("img2.jpg", "img5.jpg", false), all.get(76));
        assertEquals(new Pair("img44.jpg", "img48.jpg", false), all.getLast());
        // the printed list's mistake survives: img40 against itself as a "different person" pair
        assertEquals(1, all.stream().filter(p -> p.fileX().equals(p.fileY())).count());
    }

    @Test
    void theNotebooksNinePeopleGive38PlusThe262Of300InTheNotebooksOrder() {
        List<Pair> all = PairGenerator.all(notebooks());
        assertEquals(300, all.size());
        assertEquals(38, all.stream().filter(Pair::same).count());
        assertEquals(List.of(new Pair("img1.jpg", "img2.jpg", true), new Pair("img1.jpg", "img4.jpg", true),
                new Pair("img1.jpg", "img5.jpg", true)), all.subList(0, 3));
        assertEquals(new Pair("img24.jpg", "img25.jpg", true), all.get(37));
        assertEquals(new Pair("img1.jpg", "img8.jpg", false), all.get(38));
        assertEquals(new Pair("img23.jpg", "img25.jpg", false), all.getLast());
    }

    @Test
    void deepfacesOwnMasterCsvIsReproducedRowForRow() throws IOException {
        Path csv = Fixtures.shared().resolve("datasets/deepface-unit/master.csv");
        List<Pair> all = PairGenerator.all(PairList.people(csv));
        String ours = PairList.render(all);
        // DeepFace's file says "Decision" and has no line end after its last row; otherwise identical
        String theirs = Files.readString(csv).replace("\r\n", "\n").replaceFirst("Decision", "decision") + "\n";
        assertEquals(theirs, ours);
    }

    @Test
    void balancedAlternatesEachPositiveWithOneSeededNegative() {
        Dataset d = notebooks();
        List<Pair> b = PairGenerator.balanced(d, 7);
        assertEquals(76, b.size());
        List<Pair> positives = PairGenerator.positives(d);
        Map<String, String> who = new HashMap<>();
        for (Identity i : d.identities()) for (String f : i.files()) who.put(f, i.name());
        for (int k = 0; k < b.size(); k += 2) {
            Pair pos = b.get(k), neg = b.get(k + 1);
            assertEquals(positives.get(k / 2), pos);
            assertTrue(!neg.same());
            assertTrue(neg.fileX().equals(pos.fileX()) || neg.fileX().equals(pos.fileY()), neg.toString());
            assertNotEquals(who.get(neg.fileX()), who.get(neg.fileY()), neg.toString());
        }
        assertEquals(b, PairGenerator.balanced(d, 7));
        assertNotEquals(b, PairGenerator.balanced(d, 8));
        // Random(seed) is specified, so this is the same on every JVM
        assertEquals(new Pair("img1.jpg", "img20.jpg", false), PairGenerator.balanced(d, 42).get(1));
    }

    @Test
    void balancedNeverPairsAPhotoWithItselfAndNeedsTwoPeople() {
        Dataset d = Dataset.of("t", List.of(new Identity("a", List.of("1.jpg", "x.jpg")),
                new Identity("b", List.of("x.jpg", "2.jpg"))));
        for (long seed = 0; seed < 50; seed++) {
            for (Pair p : PairGenerator.balanced(d, seed)) assertNotEquals(p.fileX(), p.fileY());
        }
        Dataset one = Dataset.of("t", List.of(new Identity("a", List.of("1.jpg", "2.jpg"))));
        assertThrows(FacecalException.class, () -> PairGenerator.balanced(one, 1));
        assertEquals(List.of(), PairGenerator.balanced(Dataset.of("t", List.of(new Identity("a", List.of("1.jpg")))), 1));
    }

    @Test
    void pairCsvWritesDeepFacesYesNoTable() {
        PairList.write(List.of(new Pair("a/1.jpg", "a/2.jpg", true), new Pair("a,1.jpg", "b.jpg", false)),
                dir.resolve("out/p.csv"));
        assertEquals("file_x,file_y,decision\na/1.jpg,a/2.jpg,Yes\n\"a,1.jpg\",b.jpg,No\n",
                assertDoesNotThrowRead(dir.resolve("out/p.csv")));
    }

    private static String assertDoesNotThrowRead(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
