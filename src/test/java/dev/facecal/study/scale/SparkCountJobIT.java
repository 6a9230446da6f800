package dev.facecal.study.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.calibrate.PrecisionRecallTable;
import dev.facecal.distance.RoundedDistanceCounter;
import dev.facecal.notebook.NotebookRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real launcher and Spark local mode on small synthetic data: Spark's counts equal the single-machine pass on the
 * same embeddings exactly. Needs the Spark module built ({@code ./facecal test} builds it before the core's tests);
 * without it the launcher would start a Maven build inside this one.
 */
class SparkCountJobIT {

    @Test
    void sparkCountsEqualTheSingleMachinePassOnTheSameEmbeddings() {
        Path root = NotebookRunner.projectRoot();
        assertTrue(Files.isRegularFile(root.resolve("spark/target/facecal-spark.jar"))
                        && Files.isRegularFile(root.resolve("spark/target/.facecal-build")),
                "build the Spark module first (./facecal spark --help; ./facecal test does it before the core's tests)");
        var o = new SparkCountJob.Options(600, 150, 2019, "local[2]", 64);
        List<String> lines = new ArrayList<>();
        SparkCountJob.Result r = SparkCountJob.run(root, root.resolve("target/it-spark-count"), o, lines::add);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("counted 179700 pairs")), lines.toString());
        var e = o.embeddings();
        var single = RoundedDistanceCounter.all(SparkCountJob.METRIC, e.vectors(), e.identity(), 100, 2).counts();
        CountsAgreement a = CountsAgreement.of(r.counts(), single);
        assertTrue(a.exact(), a.summary());
        assertEquals(600L * 599 / 2, r.counts().pairs());
        assertEquals(e.labelled().positivePairs(), r.counts().positives());
        assertEquals("local[2]", r.provenance().section("spark").get("master"));
        assertTrue(r.sessionSeconds() > 0 && r.jobSeconds() > 0 && r.wallSeconds() > r.jobSeconds());
        assertEquals(PrecisionRecallTable.of(single, PrecisionRecallTable.SEED_002_CUTOFFS),
                r.precisionRecall(PrecisionRecallTable.SEED_002_CUTOFFS));
    }
}
