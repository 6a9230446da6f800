package dev.facecal.study.scale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.FacecalException;
import dev.facecal.calibrate.DistanceCounts;
import dev.facecal.calibrate.PrecisionRecallTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's two launcher commands, the counts folder read back and the failure message, against a stand-in
 * {@code facecal} script (the real launcher and Spark: {@code SparkCountJobIT}).
 */
class SparkCountJobTest {
    /** A launcher that logs its arguments, writes an embeddings folder and a counts folder like spark pairs. */
    private static final String FAKE = """
            #!/usr/bin/env bash
            set -e
            echo "$@" >> "$(dirname "$0")/calls.log"
            echo "WARNING: Using incubator modules: jdk.incubator.vector" >&2
            out="${@: -1}"
            case "$2" in
              synthetic) mkdir "$out"; echo "wrote synthetic embeddings to $out" >&2 ;;
              pairs)
                [ -n "$FAIL" ] && { echo "pairs: something went wrong" >&2; exit 4; }
                mkdir "$out"
                printf 'distance,same,different\\n0.3,2,0\\n0.55,1,4\\n0.6000001,0,3\\n' > "$out/euclidean.csv"
                printf '{"facecal":"x","spark":{"version":"4.2.0","seconds":"2.500","session_seconds":"1.250"}}' \\
                  > "$out/provenance.json"
                echo "counted 10 pairs" >&2 ;;
            esac
            """;

    private static Path fakeProject(Path dir, boolean failing) throws IOException {
        String script = failing ? FAKE.replace("set -e", "set -e; FAIL=1") : FAKE;
        Files.writeString(dir.resolve("facecal"), script);
        return dir;
    }

    @Test
    void runsSyntheticThenPairsAndReadsTheCounts(@TempDir Path dir) throws IOException {
        Path project = fakeProject(dir, false);
        Path work = dir.resolve("out/spark");
        var o = new SparkCountJob.Options(40, 10, 7, "local[2]", 16);
        List<String> lines = new ArrayList<>();
        for (int run = 0; run < 2; run++) {   // the second run replaces the first one's folders
            lines.clear();
            SparkCountJob.Result r = SparkCountJob.run(project, work, o, lines::add);
            assertEquals(new DistanceCounts(new double[] {0.3, 0.55, 0.6000001}, new long[] {2, 1, 0},
                    new long[] {0, 4, 3}), r.counts());
            assertEquals(1.25, r.sessionSeconds());
            assertEquals(2.5, r.jobSeconds());
            assertEquals(4.0, r.pairsPerSecond());
            assertTrue(r.wallSeconds() > 0);
            assertEquals(List.of("./facecal spark synthetic --images 40 --identities 10 --seed 7 --master local[2] "
                            + "--out " + work.resolve("embeddings.parquet"),
                    "./facecal spark pairs --embeddings " + work.resolve("embeddings.parquet") + " --metrics euclidean "
                            + "--master local[2] --block 16 --out " + work.resolve("counts")), r.commands());
            assertEquals(List.of("wrote synthetic embeddings to " + work.resolve("embeddings.parquet"),
                    "counted 10 pairs"), lines, "the JVM's incubator warning is left out");
            assertTrue(r.summary().startsWith("Spark (local[2], Spark 4.2.0): 10 pairs counted in 2.5 s"), r.summary());
            PrecisionRecallTable t = r.precisionRecall(new double[] {0.55, 0.6});
            assertEquals(3, t.rows().get(0).confusion().tp());
            assertEquals(4, t.rows().get(1).confusion().fp(), "0.6000001 lies above the cutoff 0.6");
        }
        assertEquals(4, Files.readAllLines(dir.resolve("calls.log")).size());
    }

    @Test
    void aFailingCommandIsNamedWithItsLastLines(@TempDir Path dir) throws IOException {
        Path project = fakeProject(dir, true);
        FacecalException e = assertThrows(FacecalException.class, () -> SparkCountJob.run(project,
                dir.resolve("work"), new SparkCountJob.Options(40, 10, 7, "local[1]", 16), l -> { }));
        assertTrue(e.getMessage().startsWith("bash " + dir.resolve("facecal") + " spark pairs --embeddings"),
                e.getMessage());
        assertTrue(e.getMessage().contains("(exit status 4)"), e.getMessage());
        assertTrue(e.getMessage().endsWith("pairs: something went wrong"), e.getMessage());
    }

    @Test
    void aFolderWithoutTheLauncherIsRefused(@TempDir Path dir) {
        FacecalException e = assertThrows(FacecalException.class, () -> SparkCountJob.run(dir, dir.resolve("w"),
                SparkCountJob.Options.lfwLike(2019), l -> { }));
        assertTrue(e.getMessage().contains("has no facecal launcher"), e.getMessage());
    }

    @Test
    void optionsAreCheckedAndLfwLikeIsSeed002sSyntheticCollection() {
        assertThrows(IllegalArgumentException.class, () -> new SparkCountJob.Options(5, 10, 1, "local[2]", 8));
        assertThrows(IllegalArgumentException.class, () -> new SparkCountJob.Options(10, 5, 1, "local [2]", 8));
        assertThrows(IllegalArgumentException.class, () -> new SparkCountJob.Options(10, 5, 1, "local[2]", 0));
        var o = SparkCountJob.Options.lfwLike(2019);
        assertEquals(new SparkCountJob.Options(12_797, 5_467, 2019, "local[2]", 512), o);
        assertEquals("local[*]", o.master("local[*]").master());
        // the notebook's part B (ScaleSource without LFW) and the Spark job count the same floats
        var kernel = SyntheticEmbeddings.lfwLike(2019);
        var job = o.embeddings();
        assertArrayEquals(kernel.identity(), job.identity());
        for (int i = 0; i < kernel.vectors().length; i++) assertArrayEquals(kernel.vectors()[i], job.vectors()[i]);
    }
}
