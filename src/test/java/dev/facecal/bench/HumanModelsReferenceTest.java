package dev.facecal.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.FacecalException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TF.js graph-model side of bench-embed: what it is handed and the messages when it cannot run. */
class HumanModelsReferenceTest {
    @TempDir
    Path dir;

    @Test
    void tensorsAreWrittenAsLittleEndianFloat32BackToBack() throws Exception {
        float[] a = {0f, 1.5f, -2.25f, 255f}, b = {Float.MIN_VALUE, 1f / 255f, 3.4e38f, -0f};
        Path f = dir.resolve("t.f32");
        HumanModelsReference.writeTensors(List.of(a, b), f);
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        float[] back = new float[8];
        buf.asFloatBuffer().get(back);
        assertArrayEquals(new float[] {0f, 1.5f, -2.25f, 255f, Float.MIN_VALUE, 1f / 255f, 3.4e38f, -0f}, back);
        assertTrue(Files.size(f) == 32);
    }

    @Test
    void missingScriptTfjsOrTarballSayWhatToDo() throws Exception {
        Path script = dir.resolve("bench_embed.js");
        FacecalException noScript = assertThrows(FacecalException.class,
                () -> new HumanModelsReference.Options("node", script, dir.resolve("x.tgz")));
        assertTrue(noScript.getMessage().contains("bench_embed.js") && noScript.getMessage().contains("--script"),
                noScript.getMessage());

        Files.writeString(script, "// stand-in");
        FacecalException noTfjs = assertThrows(FacecalException.class,
                () -> new HumanModelsReference.Options("node", script, dir.resolve("x.tgz")));
        assertTrue(noTfjs.getMessage().contains("npm ci"), noTfjs.getMessage());

        Files.createDirectories(dir.resolve("node_modules/@tensorflow/tfjs"));
        Files.createDirectories(dir.resolve("node_modules/@tensorflow/tfjs-backend-wasm"));
        FacecalException noTgz = assertThrows(FacecalException.class,
                () -> new HumanModelsReference.Options("node", script, dir.resolve("x.tgz")));
        assertTrue(noTgz.getMessage().contains("x.tgz") && noTgz.getMessage().contains("model install"),
                noTgz.getMessage());
    }

    @Test
    void aFaceApiReferenceIsRefusedForAHumanModelAndTheOtherWayRound() throws Exception {
        Path script = dir.resolve("bench.js");
        Files.writeString(script, "// stand-in");
        Files.createDirectories(dir.resolve("node_modules/@vladmandic/face-api"));
        var faceApi = new FaceApiReference.Options("node", script);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EmbeddingBench.Options(
                null, "faceres", 2, List.of(1), List.of(1), 1, 0, 7, faceApi, 0, false, 0));
        assertTrue(e.getMessage().contains("dlib"), e.getMessage());

        Files.createDirectories(dir.resolve("node_modules/@tensorflow/tfjs"));
        Files.createDirectories(dir.resolve("node_modules/@tensorflow/tfjs-backend-wasm"));
        Path tgz = Files.writeString(dir.resolve("h.tgz"), "stand-in");
        var human = new HumanModelsReference.Options("node", script, tgz);
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> new EmbeddingBench.Options(
                null, "dlib", 2, List.of(1), List.of(1), 1, 0, 7, human, 0, false, 0));
        assertTrue(e2.getMessage().contains("faceres"), e2.getMessage());
    }
}
