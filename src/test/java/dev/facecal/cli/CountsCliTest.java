package dev.facecal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facecal.Fixtures;
import dev.facecal.Provenance;
import dev.facecal.calibrate.DistanceCounts;
import dev.facecal.calibrate.Numbers;
import dev.facecal.dataset.PairTable;
import dev.facecal.distance.DistanceMetric;
import dev.facecal.pipeline.CalibrationStage;
import dev.facecal.pipeline.CountsFiles;
import dev.facecal.pipeline.TableOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code facecal calibrate COUNTS_DIR} (the counts {@code facecal spark pairs} writes) against {@code facecal
 * calibrate PAIRS.csv} on the same pairs written out in the counts' order: the JSON of every column is identical,
 * bootstrap included. Real distances: three Facenet columns of DeepFace's face-recognition-pivot.csv.
 */
class CountsCliTest {
    @TempDir
    Path dir;

    @Test
    void aCountsFolderCalibratesAsItsPairTable() throws Exception {
        PairTable table = CalibrationStage.read(Fixtures.pivotCsv(), TableOptions.defaults());
        Map<DistanceMetric, DistanceCounts> counts = new LinkedHashMap<>();
        counts.put(DistanceMetric.COSINE, DistanceCounts.of(table.column("Facenet_cosine"), table.positive()));
        counts.put(DistanceMetric.EUCLIDEAN, DistanceCounts.of(table.column("Facenet_euclidean"), table.positive()));
        Path countsDir = dir.resolve("counts");
        CountsFiles.write(countsDir, counts, Provenance.empty().with("pairs", "source", "pivot"));
        assertEquals(counts.get(DistanceMetric.COSINE), CountsFiles.readOne(countsDir.resolve("cosine.csv")));

        ObjectMapper json = new ObjectMapper();
        CliTest.Result r = CliTest.run("calibrate", countsDir.toString(), "--format", "json", "--bootstrap", "100");
        assertEquals(0, r.status(), r.err());
        JsonNode fromCounts = json.readTree(r.out());
        assertEquals(280, fromCounts.get("pairs").asInt());
        for (var e : counts.entrySet()) {
            DistanceCounts c = e.getValue();
            StringBuilder csv = new StringBuilder("decision," + e.getKey().deepfaceName() + "\n");
            double[] d = c.expandedDistances();
            boolean[] same = c.expandedLabels();
            for (int i = 0; i < d.length; i++) {
                csv.append(same[i] ? "Yes" : "No").append(',').append(Numbers.repr(d[i])).append('\n');
            }
            Path pairs = dir.resolve(e.getKey().deepfaceName() + "-pairs.csv");
            Files.writeString(pairs, csv);
            CliTest.Result p = CliTest.run("calibrate", pairs.toString(), "--format", "json", "--bootstrap", "100");
            assertEquals(0, p.status(), p.err());
            String name = e.getKey().deepfaceName();
            assertEquals(json.readTree(p.out()).get("columns").get(name), fromCounts.get("columns").get(name), name);
        }
    }

    @Test
    void calibratingSampledCountsWarnsThatDifferentPersonRatesAreEstimates() {
        PairTable table = CalibrationStage.read(Fixtures.pivotCsv(), TableOptions.defaults());
        Map<DistanceMetric, DistanceCounts> counts = Map.of(DistanceMetric.COSINE,
                DistanceCounts.of(table.column("Facenet_cosine"), table.positive()));
        Path all = dir.resolve("all"), sampled = dir.resolve("sampled");
        CountsFiles.write(all, counts, Provenance.empty().with(CountsFiles.NEGATIVES, "mode", "all"));
        CountsFiles.write(sampled, counts, Provenance.empty()
                .with(CountsFiles.NEGATIVES, "mode", "sample").with(CountsFiles.NEGATIVES, "seed", 7)
                .with(CountsFiles.NEGATIVES, "requested", 150).with(CountsFiles.NEGATIVES, "population", 9000)
                .with(CountsFiles.NEGATIVES, "sampled", 140).with(CountsFiles.NEGATIVES, "fraction", "0.0155556"));
        CliTest.Result r = CliTest.run("calibrate", sampled.toString(), "--format", "json", "--bootstrap", "0");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("warning: " + sampled + ": the different-person counts are a seeded sample (140 "
                + "of 9000 pairs, fraction 0.0155556, seed 7; every same-person pair is counted): FAR and other "
                + "rates over different-person pairs are estimates"), r.err());
        CliTest.Result a = CliTest.run("calibrate", all.toString(), "--format", "json", "--bootstrap", "0");
        assertEquals(0, a.status(), a.err());
        assertTrue(!a.err().contains("seeded sample"), a.err());
    }

    @Test
    void aFolderWithoutCountsIsNamedWithWhatToDo() {
        CliTest.Result r = CliTest.run("calibrate", dir.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains(dir + " holds no counts (no cosine.csv, euclidean.csv, euclidean_l2.csv or"
                + " angular.csv): make them with ./facecal spark pairs --out " + dir), r.err());
    }
}
