package dev.facecal.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.FacecalException;
import dev.facecal.cli.DatasetCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code facecal dataset ...} as a user runs it (with Main's handling of user mistakes: message, status 2). */
class DatasetCommandTest {
    @TempDir
    Path dir;

    record Result(int status, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = new CommandLine(new DatasetCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((ex, c, parse) -> {
            if (ex instanceof FacecalException || ex instanceof IllegalArgumentException) {
                c.getErr().println("facecal: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        int status = cl.execute(args);
        return new Result(status, out.toString(), err.toString());
    }

    @Test
    void indexWritesMasterCsvIntoTheFolder() throws IOException {
        for (String f : List.of("a/1.jpg", "a/2.jpg", "b/3.jpg")) {
            Files.createDirectories(dir.resolve(f).getParent());
            Files.writeString(dir.resolve(f), f);
        }
        Result r = run("index", dir.toString());
        assertEquals(0, r.status(), r.err());
        List<String> lines = Files.readAllLines(dir.resolve("master.csv"));
        assertEquals("file_x,file_y,decision", lines.get(0));
        assertEquals(4, lines.size());
        assertTrue(lines.contains("a/1.jpg,a/2.jpg,1"), lines.toString());
        assertTrue(r.err().contains("2 people, 3 photos: 1 same-person + 2 different-person pairs"), r.err());
        r = run("index", dir.toString(), "--out", dir.resolve("yn.csv").toString(), "--yes-no");
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.readString(dir.resolve("yn.csv")).contains("a/1.jpg,a/2.jpg,Yes\n"));
    }

    @Test
    void fetchCopiesFromTheMirror() {
        Path to = dir.resolve("deepface-unit");
        Result r = run("fetch", "deepface-unit", "--from", DatasetTest.mirror().toString(), "--to", to.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("66 files in " + to + " (SHA-256 verified): 0 already there, 66 copied"), r.err());
        r = run("fetch", "nosuch", "--to", to.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("no dataset named 'nosuch'"), r.err());
    }

    @Test
    void pairsFromManifestAllBalancedAndSplit() throws IOException {
        Path out = dir.resolve("pairs.csv");
        Result r = run("pairs", "--manifest", "dataset/mix-seed001.json", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(1129, Files.readAllLines(out).size());
        assertTrue(r.err().contains("error: img40.jpg is listed under Lee_Jung_jae and Choi_Min_sik"), r.err());
        r = run("pairs", "--manifest", "dataset/deepface-notebooks.json", "--balanced", "--seed", "3", "--out",
                out.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(77, Files.readAllLines(out).size());
        assertTrue(r.err().contains("76 pairs (38 same-person, 38 different-person, balanced, seed 3)"), r.err());
        r = run("pairs", "--master-csv", DatasetTest.mirror().resolve("master.csv").toString(), "--split", "0.6,0.2",
                "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("train 5, validation 2, test 2"), r.err());
        for (String part : List.of("train", "validation", "test")) {
            assertTrue(Files.isRegularFile(dir.resolve("pairs-" + part + ".csv")), part);
        }
        r = run("pairs", "--manifest", "dataset/mix-seed001.json", "--dir", dir.toString(), "--out", out.toString());
        assertEquals(2, r.status(), "the sources are mutually exclusive");
    }

    @Test
    void checkReportsByNameAndFailsOnErrors() {
        Result r = run("check", "--manifest", "dataset/deepface-notebooks.json", "--root", DatasetTest.mirror().toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().startsWith("deepface-notebooks: 9 people, 25 photos, 38 same-person + 262 different-person "
                + "pairs; no errors"), r.out());
        r = run("check", "--manifest", "dataset/mix-seed001.json");
        assertEquals(2, r.status());
        assertTrue(r.out().contains("  error: img40.jpg is listed under Lee_Jung_jae and Choi_Min_sik"), r.out());
        r = run("check", "--manifest", "dataset/deepface-notebooks.json", "--root", dir.toString());
        assertEquals(2, r.status());
        assertTrue(r.out().contains("error: img25.jpg (Sundar) is missing from " + dir), r.out());
        r = run("pairs", "--manifest", "dataset/mix-seed001.json", "--split", "0.6", "--out", dir.resolve("x.csv").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--split takes two fractions TRAIN,VAL"), r.err());
    }
}
