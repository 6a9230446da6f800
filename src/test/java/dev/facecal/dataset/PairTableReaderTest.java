package dev.facecal.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.FacecalException;
import dev.facecal.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairTableReaderTest {
    @TempDir
    Path dir;

    private Path csv(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private String error(Path p) {
        return assertThrows(FacecalException.class, () -> PairTableReader.read(p)).getMessage();
    }

    @Test
    void readsDeepFacePivotAsItIs() {
        PairTable t = PairTableReader.read(Fixtures.pivotCsv());
        assertEquals(280, t.size());
        assertEquals(140, t.positives());
        assertEquals("decision", t.labelColumn());
        assertEquals(List.of("VGG-Face_cosine", "VGG-Face_euclidean", "VGG-Face_euclidean_l2", "Facenet_cosine",
                "Facenet_euclidean", "Facenet_euclidean_l2", "OpenFace_cosine", "OpenFace_euclidean_l2",
                "DeepFace_cosine", "DeepFace_euclidean", "DeepFace_euclidean_l2"), t.columns());
        assertEquals(0.2057, t.column("VGG-Face_cosine")[0], 0.0);
    }

    @Test
    void readsDeepfaceRsCsvAsItIs() {
        PairTable t = PairTableReader.read(Fixtures.resource("inputs/rs_style.csv"));
        assertEquals(List.of("cosine", "euclidean", "euclidean_l2"), t.columns());
        assertEquals(600, t.size());
    }

    @Test
    void everyLabelSpelling() throws IOException {
        Path p = csv("labels.csv", "file_x,file_y,actual,d\na,b,Same Person,0.1\na,c,Different Persons,0.9\n"
                + "a,d,yes,0.2\na,e,No,0.8\na,f,1,0.3\na,g,0,0.7\na,h,TRUE,0.3\na,i,false,0.6\n");
        PairTable t = PairTableReader.read(p);
        assertArrayEquals(new boolean[] {true, false, true, false, true, false, true, false}, t.positive());
    }

    @Test
    void skipsPredictionAndIndexColumnsAndHandlesQuotes() throws IOException {
        Path p = csv("pivot.csv", ",file_x,file_y,Decision,distance,prediction\n"
                + "0,\"dir, with comma/img1.jpg\",img2.jpg,Yes,0.1874,Yes\n1,img1.jpg,img3.jpg,No,0.7,No\n");
        PairTable t = PairTableReader.read(p);
        assertEquals(List.of("distance"), t.columns());
    }

    @Test
    void emptyFile() throws IOException {
        assertTrue(error(csv("empty.csv", "")).contains("empty.csv: the file is empty"));
        assertTrue(error(csv("header.csv", "file_x,file_y,decision,cosine\n")).contains("no pairs after the header"));
    }

    @Test
    void missingColumns() throws IOException {
        String m = error(csv("nolabel.csv", "file_x,file_y,cosine\na,b,0.1\n"));
        assertTrue(m.contains("nolabel.csv: no label column") && m.contains("file_x, file_y, cosine"), m);
        String d = error(csv("nodist.csv", "file_x,file_y,decision\na,b,Yes\n"));
        assertTrue(d.contains("nodist.csv: no distance column"), d);
        Path ok = csv("ok.csv", "decision,cosine\nYes,0.1\nNo,0.9\n");
        String c = assertThrows(FacecalException.class, () -> PairTableReader.read(ok, List.of("euclidean"))).getMessage();
        assertTrue(c.contains("no column 'euclidean'"), c);
    }

    @Test
    void badValuesNameFileLineAndColumn() throws IOException {
        String m = error(csv("bad.csv", "decision,cosine\nYes,0.1\nNo,abc\n"));
        assertTrue(m.contains("bad.csv line 3, column 'cosine': 'abc' is not a number"), m);
        assertTrue(error(csv("nan.csv", "decision,cosine\nYes,0.1\nNo,NaN\n")).contains("nan.csv line 3, column 'cosine': distance NaN is not allowed"));
        assertTrue(error(csv("inf.csv", "decision,cosine\nYes,inf\nNo,0.2\n")).contains("line 2, column 'cosine': distance inf"));
        assertTrue(error(csv("neg.csv", "decision,cosine\nYes,-0.1\nNo,0.2\n")).contains("line 2, column 'cosine': distance -0.1 is not allowed"));
        assertTrue(error(csv("blank.csv", "decision,cosine\nYes,\nNo,0.2\n")).contains("line 2, column 'cosine': empty value"));
        String l = error(csv("label.csv", "decision,cosine\nmaybe,0.1\nNo,0.2\n"));
        assertTrue(l.contains("label.csv line 2, column 'decision': 'maybe' is not a label"), l);
        String f = error(csv("fields.csv", "decision,cosine\nYes,0.1,7\n"));
        assertTrue(f.contains("fields.csv line 2: expected 2 fields"), f);
    }

    @Test
    void oneClassOnly() throws IOException {
        String m = error(csv("yes.csv", "decision,cosine\nYes,0.1\nYes,0.2\n"));
        assertTrue(m.contains("yes.csv: all 2 pairs are same-person pairs"), m);
    }

    @Test
    void missingFile() {
        String m = error(dir.resolve("nope.csv"));
        assertTrue(m.endsWith("nope.csv: file not found"), m);
    }
}
