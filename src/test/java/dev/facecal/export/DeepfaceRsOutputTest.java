package dev.facecal.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.Fixtures;
import dev.facecal.calibrate.Calibration;
import dev.facecal.calibrate.CalibrationOptions;
import dev.facecal.dataset.PairTable;
import dev.facecal.dataset.PairTableReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * facecal's Rust blocks against the text deepface-rs's own {@code compute-thresholds.py --info} printed on the
 * same input (fixtures {@code deepface_rs_*.txt}): same lines, thresholds digit for digit, confidence constants to
 * the printed precision allowing for scikit-learn's early L-BFGS stop (a few units in the 6th decimal).
 */
class DeepfaceRsOutputTest {

    @Test
    void rsStyleTable() throws IOException {
        compare(PairTableReader.read(Fixtures.resource("inputs/rs_style.csv")),
                Fixtures.resource("expected/deepface_rs_rs_style.txt"));
    }

    @Test
    void pivotVggFaceColumnsRenamedAsDeepfaceRsNamesThem() throws IOException {
        PairTable pivot = PairTableReader.read(Fixtures.pivotCsv(),
                List.of("VGG-Face_cosine", "VGG-Face_euclidean", "VGG-Face_euclidean_l2"));
        PairTable renamed = new PairTable(Path.of("face-recognition-pivot-vgg-face.csv"), "decision", pivot.positive(),
                Map.of("cosine", pivot.column("VGG-Face_cosine"), "euclidean", pivot.column("VGG-Face_euclidean"),
                        "euclidean_l2", pivot.column("VGG-Face_euclidean_l2")));
        PairTable ordered = new PairTable(renamed.source(), "decision", renamed.positive(), new java.util.LinkedHashMap<>(
                Map.of()) {{
                    put("cosine", renamed.column("cosine"));
                    put("euclidean", renamed.column("euclidean"));
                    put("euclidean_l2", renamed.column("euclidean_l2"));
                }});
        compare(ordered, Fixtures.resource("expected/deepface_rs_face-recognition-pivot-vgg-face.txt"));
    }

    private static void compare(PairTable table, Path expectedText) throws IOException {
        Calibration cal = Calibration.of(table, CalibrationOptions.defaults().withBootstrap(0, 1));
        String expected = Files.readString(expectedText);
        String blocks = expected.substring(expected.indexOf("\n==== Thresholds"));
        List<String> want = lines(blocks);
        List<String> got = lines(RustExporter.export(cal));
        assertEquals(want.size(), got.size(), "same number of lines:\n" + RustExporter.export(cal));
        boolean inThresholds = true;
        for (int i = 0; i < want.size(); i++) {
            String w = want.get(i), g = got.get(i);
            if (w.startsWith("==== Confidence")) inThresholds = false;
            int colon = w.indexOf(": ");
            if (colon < 0 || !w.endsWith(",") || w.contains("=>")) {
                assertEquals(w, g, "line " + (i + 1));
                continue;
            }
            assertEquals(w.substring(0, colon), g.substring(0, g.indexOf(": ")), "line " + (i + 1));
            if (inThresholds) {
                assertEquals(w, g, "threshold line " + (i + 1));
            } else {
                double a = Double.parseDouble(w.substring(colon + 2, w.length() - 1));
                double b = Double.parseDouble(g.substring(g.indexOf(": ") + 2, g.length() - 1));
                assertTrue(Math.abs(a - b) <= 2e-5 * Math.max(1, Math.abs(a)), "line " + (i + 1) + ": " + w + " vs " + g);
            }
        }
    }

    private static List<String> lines(String s) {
        List<String> out = new ArrayList<>();
        for (String l : s.split("\n")) if (!l.isBlank()) out.add(l.strip());
        return out;
    }
}
