package dev.facecal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.facecal.Fixtures;
import dev.facecal.models.FaceApiTarball;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DeepFace-compatible {@code opencv} mode gives the same bytes as before the photo pipeline ran in parallel: the
 * 300 pairs of DeepFace's {@code master.csv} with dlib, against {@code fixtures/distances/master_opencv_dlib.csv},
 * written by facecal at commit 1ec8464 (one photo at a time, batches of 16; see the fixture folder's README). Run
 * here with two workers and batches of 5, so that neither the number of workers nor the batches (now flushed
 * whenever the next photo is not ready) change a byte.
 */
class ExactModeOutputTest {
    @TempDir
    Path dir;

    @Test
    void masterCsvPairsAreByteIdenticalToTheSequentialPipeline() throws Exception {
        Path models = dir.resolve("models");
        assertEquals(0, CliTest.run("model", "install", "dlib", "--from", FaceApiTarball.get().toString(), "--models",
                models.toString()).status());
        Path photos = Fixtures.shared().resolve("datasets/deepface-unit");
        Path out = dir.resolve("master.csv");
        CliTest.Result r = CliTest.run("distances", "--dataset", photos.toString(), "--pairs",
                photos.resolve("master.csv").toString(), "--models", models.toString(), "--cache",
                dir.resolve("cache").toString(), "--out", out.toString(), "--workers", "2", "--batch", "5");
        assertEquals(0, r.status(), r.err());
        assertEquals(Files.readString(Fixtures.resource("distances/master_opencv_dlib.csv")), Files.readString(out));
    }
}
