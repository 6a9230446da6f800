package dev.facecal.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.FacecalException;
import dev.facecal.dataset.CsvReader;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one pair-list reader and writer: RFC 4180 both ways, names with commas, quotes and any Unicode. */
class PairListTest {
    @TempDir
    Path dir;

    static final List<Pair> AWKWARD = List.of(
            new Pair("Smith, John/1.jpg", "Smith, John/2.jpg", true),
            new Pair("Smith, John/1.jpg", "\"Jo\" O'Neil/a.png", false),
            new Pair("Zoë Ångström/ç.jpg", "李小龍/照片 1.jpg", false),
            new Pair("Renée\nTwo lines/x.jpg", "plain/y.jpg", false),
            new Pair(" leading space/1.jpg", "trailing space /2.jpg", true));

    @Test
    void whatIsWrittenReadsBackTheSame() {
        Path csv = dir.resolve("pairs.csv");
        PairList.write(AWKWARD, csv);
        assertEquals(AWKWARD, PairList.read(csv));
        String text = PairList.render(AWKWARD);
        assertTrue(text.startsWith("file_x,file_y,decision\n\"Smith, John/1.jpg\",\"Smith, John/2.jpg\",Yes\n"), text);
        assertTrue(text.contains(",\"\"\"Jo\"\" O'Neil/a.png\",No\n"), text);
        assertTrue(text.contains("Zoë Ångström/ç.jpg,李小龍/照片 1.jpg,No\n"), "no quotes where none are needed: " + text);
    }

    @Test
    void crlfBomExtraColumnsAndDeepFacesSpellingRead() throws Exception {
        Path csv = dir.resolve("master.csv");
        Files.writeString(csv, "\uFEFFfile_x,file_y,Decision,cosine\r\n\"a, b.jpg\",c.jpg,Yes,0.1\r\n\r\nd.jpg,e.jpg,No,0.7",
                StandardCharsets.UTF_8);
        assertEquals(List.of(new Pair("a, b.jpg", "c.jpg", true), new Pair("d.jpg", "e.jpg", false)),
                PairList.read(csv));
    }

    @Test
    void anUnquotedCommaIsAnErrorThatSaysWhatToDo() throws Exception {
        Path csv = Files.writeString(dir.resolve("bad.csv"), "file_x,file_y,decision\nSmith, John/1.jpg,b.jpg,Yes\n");
        String msg = assertThrows(FacecalException.class, () -> PairList.read(csv)).getMessage();
        assertTrue(msg.contains("bad.csv line 2: expected 3 fields (file_x,file_y,decision), found 4"), msg);
        assertTrue(msg.contains("quote a name"), msg);
        Path noLabel = Files.writeString(dir.resolve("h.csv"), "file_x,file_y\na,b\n");
        assertTrue(assertThrows(FacecalException.class, () -> PairList.read(noLabel)).getMessage()
                .contains("expected the columns file_x, file_y and a label"));
        assertTrue(assertThrows(FacecalException.class, () -> PairList.read(dir.resolve("none.csv"))).getMessage()
                .endsWith("none.csv: file not found"));
    }

    @Test
    void recordsSpanLinesInsideQuotesAndReportTheirFirstLine() throws Exception {
        CsvReader r = new CsvReader(new BufferedReader(new StringReader(
                "h1,h2\n\"multi\nline\",\"x\"\"y\"\nlast,\"\"\n")));
        List<String> f = new ArrayList<>();
        assertTrue(r.next(f));
        assertEquals(List.of("h1", "h2"), f);
        assertTrue(r.next(f));
        assertEquals(List.of("multi\nline", "x\"y"), f);
        assertEquals(2, r.line());
        assertTrue(r.next(f));
        assertEquals(List.of("last", ""), f);
        assertEquals(4, r.line());
        assertEquals(List.of("a", "", "b c"), CsvReader.split("a,,b c"));
    }
}
