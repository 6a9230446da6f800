package dev.facecal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.Fixtures;
import dev.facecal.models.FaceApiTarball;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast detector ({@code --detector opencv-fast}) against the exact one on DeepFace's 300 {@code master.csv}
 * pairs with dlib (issue 15: ROC-AUC within 0.005): {@code distances} runs here in fast mode (every photo must give a
 * face: exit 0, 300 pairs), the exact side is {@code fixtures/distances/master_opencv_dlib.csv}, the exact mode's
 * output, which {@link ExactModeOutputTest} reproduces byte for byte from a real run. The ROC-AUC of each distance is
 * computed here, independently of the calibration code, as the Mann-Whitney statistic (the share of
 * (same person, different persons) pairs whose same-person distance is the smaller, ties counted half), which is
 * scikit-learn's {@code roc_auc_score(y, -distance)}.
 */
class FastModeQualityTest {
    static final List<String> METRICS = List.of("cosine", "euclidean", "euclidean_l2");
    static final double MAX_AUC_LOSS = 0.005;

    @TempDir
    Path dir;

    @Test
    void fastModeRocAucOnMasterCsvIsWithinHalfAPercentOfTheExactMode() throws Exception {
        Path models = dir.resolve("models");
        assertEquals(0, CliTest.run("model", "install", "dlib", "--from", FaceApiTarball.get().toString(), "--models",
                models.toString()).status());
        Path photos = Fixtures.shared().resolve("datasets/deepface-unit");
        Path out = dir.resolve("fast.csv");
        CliTest.Result r = CliTest.run("distances", "--dataset", photos.toString(), "--pairs",
                photos.resolve("master.csv").toString(), "--models", models.toString(), "--detector", "opencv-fast",
                "--cache", dir.resolve("cache").toString(), "--out", out.toString(), "--workers", "2");
        assertEquals(0, r.status(), "every master.csv photo gives a face in fast mode: " + r.err());
        List<String> fast = Files.readAllLines(out);
        List<String> exact = Files.readAllLines(Fixtures.resource("distances/master_opencv_dlib.csv"));
        assertEquals(301, fast.size(), "300 pairs and the header");
        for (String metric : METRICS) {
            double f = auc(fast, metric), e = auc(exact, metric);
            assertTrue(f >= e - MAX_AUC_LOSS, metric + ": fast ROC-AUC " + f + " against exact " + e);
        }
    }

    /** The ROC-AUC of column {@code metric} (lower = same person) of a {@code distances} CSV's lines. */
    static double auc(List<String> lines, String metric) {
        List<String> header = List.of(lines.getFirst().split(","));
        int label = header.indexOf("decision"), column = header.indexOf(metric);
        assertTrue(label >= 0 && column >= 0, "columns decision and " + metric + " in " + header);
        List<Double> same = new ArrayList<>(), different = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            (f[label].equals("1") ? same : different).add(Double.parseDouble(f[column]));
        }
        double wins = 0;
        for (double s : same) {
            for (double d : different) wins += s < d ? 1 : s == d ? 0.5 : 0;
        }
        return wins / ((double) same.size() * different.size());
    }
}
