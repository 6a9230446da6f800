package dev.facecal.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.facecal.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MasterCsv} against deepface-rs's {@code calibration/generate-csv.py} (A2va/deepface-rs at
 * f6e73ad886d7842a729610d280b76f7372d8dfcd, pandas 1.5.3, Python 3.11). The fixtures under
 * {@code fixtures/mastercsv} were made by:
 * <pre>
 * git --git-dir=/work/.mirror/A2va+deepface-rs/repo show HEAD:calibration/generate-csv.py &gt; /tmp/mc/generate-csv.py
 * cd /tmp/mc &amp;&amp; mkdir tree &amp;&amp; cd tree &amp;&amp; mkdir alice bob 'carol, jr' 'dan "the man"' empty 'émile' frank frank/sub
 * for f in alice/a1.jpg alice/a2.jpg alice/a3.png bob/b1.jpg bob/b2.jpg 'carol, jr/c1.jpg' 'carol, jr/c2.jpg' \
 *     'dan "the man"/d1.jpg' 'émile/e1.jpg' 'émile/e2.jpg' frank/f1.jpg frank/.hidden readme.txt; do printf '%s' "$f" &gt; "$f"; done
 * cd .. &amp;&amp; /usr/bin/python3 generate-csv.py /tmp/mc/tree &gt; printed.txt   # (the script needs an absolute path)
 * cp tree/master.csv src/test/resources/fixtures/mastercsv/master.csv
 * python3 -c "import ast,json; ..." # printed.txt (the script prints its idendities dict) as a manifest: listing.json
 * </pre>
 * The listing (os.listdir order) is file-system dependent, so the committed test renders the recorded listing; a
 * second test checks that Java lists a folder in the order Python does.
 */
class MasterCsvTest {
    @TempDir
    Path dir;

    @Test
    void rendersTheRecordedListingByteForByteAsGenerateCsvPy() throws IOException {
        Dataset listing = Dataset.fromManifest(Fixtures.resource("mastercsv/listing.json"));
        String expected = Files.readString(Fixtures.resource("mastercsv/master.csv"), StandardCharsets.UTF_8);
        assertEquals(expected, MasterCsv.render(listing, MasterCsv.Labels.ONE_ZERO));
        assertEquals(79, expected.lines().count());
    }

    @Test
    void emptyAndTinyFoldersAsTheScriptWritesThem() throws IOException {
        assertEquals("file_x,file_y,decision\n", MasterCsv.of(dir, MasterCsv.Labels.ONE_ZERO));
        Files.createDirectories(dir.resolve("a"));
        Files.writeString(dir.resolve("a/1.jpg"), "x");
        assertEquals("file_x,file_y,decision\n", MasterCsv.of(dir, MasterCsv.Labels.ONE_ZERO));
        Files.createDirectories(dir.resolve("b"));
        Files.writeString(dir.resolve("b/2.jpg"), "y");
        String csv = MasterCsv.of(dir, MasterCsv.Labels.YES_NO);
        assertEquals(2, csv.lines().count());
        assertEquals(csv.contains("a/1.jpg,b/2.jpg,No") || csv.contains("b/2.jpg,a/1.jpg,No"), true, csv);
    }

    @Test
    void writeGoesToTheGivenFileAndListsEveryEntry() throws IOException {
        Files.createDirectories(dir.resolve("tree/p/sub"));
        Files.writeString(dir.resolve("tree/p/1.jpg"), "1");
        Files.writeString(dir.resolve("tree/p/.DS_Store"), "junk");
        Dataset d = MasterCsv.write(dir.resolve("tree"), dir.resolve("out/master.csv"), MasterCsv.Labels.ONE_ZERO);
        assertEquals(3, d.imageCount());
        assertEquals(4, Files.readAllLines(dir.resolve("out/master.csv")).size());
        List<Finding> f = d.validate();
        assertEquals(List.of(Finding.Kind.NOT_AN_IMAGE), f.stream().map(Finding::kind).toList());
    }

    @Test
    void javaListsAFolderInTheOrderPythonDoes() throws Exception {
        Path py = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(py), "no /usr/bin/python3");
        for (int i = 0; i < 40; i++) {
            Files.createDirectories(dir.resolve("person" + (i * 7919 % 97)));
        }
        Files.writeString(dir.resolve("note.txt"), "x");
        Process p = new ProcessBuilder(py.toString(), "-c",
                "import os,sys; print('\\n'.join(os.listdir(sys.argv[1])))", dir.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        List<String> python = out.lines().filter(s -> s.startsWith("person")).toList();
        List<String> java = Dataset.fromFoldersAsListed(dir).identities().stream().map(Identity::name).toList();
        assertEquals(python, java);
    }
}
