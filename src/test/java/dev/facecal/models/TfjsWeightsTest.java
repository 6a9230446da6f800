package dev.facecal.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facecal.FacecalException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TfjsWeightsTest {

    /** Every tensor of face_recognition_model decodes to the same float32 bits as in face-api (tfjs 4.22). */
    @Test
    void decodesFaceRecognitionModelBitForBitAsTfjs() {
        TfjsWeights w = TfjsWeights.fromTarball(FaceApiTarball.get(), "model", "face_recognition_model");
        JsonNode expected = FaceApiFixtures.document().get("weights");
        assertEquals(117, w.size());
        assertEquals(expected.size(), w.size());
        int raw = 0;
        for (TfjsTensor t : w.tensors()) {
            JsonNode e = expected.get(t.name());
            assertTrue(e != null, "tfjs has no weight " + t.name());
            int[] shape = new int[e.get("shape").size()];
            for (int i = 0; i < shape.length; i++) shape[i] = e.get("shape").get(i).asInt();
            assertArrayEquals(shape, t.shape(), t.name());
            assertEquals(e.get("sha256").asText(), FaceApiFixtures.sha256(FaceApiFixtures.bytes(t.values())), t.name());
            if (t.name().matches("conv64_(down|\\d)/conv[12]/conv/filters")) raw++;
        }
        assertEquals(8, raw);
    }

    @Test
    void dequantisesInDoubleThenRoundsToFloat() {
        // scale and min with more digits than a float holds: parsing them as float first would change the result
        String manifest = """
                [{"paths": ["m.bin"], "weights": [
                  {"name": "q8", "shape": [3], "dtype": "float32",
                   "quantization": {"dtype": "uint8", "scale": 0.0005260649557207145, "min": -0.07101876902229645}},
                  {"name": "f", "shape": [2], "dtype": "float32"},
                  {"name": "q16", "shape": [1, 2], "dtype": "float32",
                   "quantization": {"dtype": "uint16", "scale": 1.5952091238361e-08, "min": -1.978059313556764e-06}}]}]
                """;
        ByteBuffer bin = ByteBuffer.allocate(3 + 8 + 4).order(ByteOrder.LITTLE_ENDIAN);
        bin.put((byte) 0).put((byte) 135).put((byte) 255).putFloat(1.5f).putFloat(-0.1f).putShort((short) 0)
                .putShort((short) 65535);
        TfjsWeights w = TfjsWeights.decode("m.json", manifest.getBytes(StandardCharsets.UTF_8),
                Map.of("m.bin", bin.array())::get, p -> p);
        assertArrayEquals(new float[] {(float) -0.07101876902229645, (float) (135 * 0.0005260649557207145
                + -0.07101876902229645), (float) (255 * 0.0005260649557207145 + -0.07101876902229645)},
                w.get("q8", 3).values());
        assertArrayEquals(new float[] {1.5f, -0.1f}, w.get("f", 2).values());
        assertArrayEquals(new float[] {(float) -1.978059313556764e-06, (float) (65535 * 1.5952091238361e-08
                + -1.978059313556764e-06)}, w.get("q16", 1, 2).values());
        var e = assertThrows(FacecalException.class, () -> w.get("q8", 4));
        assertTrue(e.getMessage().contains("m.json: weight q8 has shape [3], expected [4]"), e.getMessage());
        e = assertThrows(FacecalException.class, () -> w.get("nope", 1));
        assertTrue(e.getMessage().contains("m.json has no weight named nope"), e.getMessage());
    }

    @Test
    void shortOrLongShardIsAClearError() {
        String manifest = "[{\"paths\": [\"m.bin\"], \"weights\": [{\"name\": \"f\", \"shape\": [2], \"dtype\": \"float32\"}]}]";
        byte[] json = manifest.getBytes(StandardCharsets.UTF_8);
        var e = assertThrows(FacecalException.class, () -> TfjsWeights.decode("m.json", json,
                Map.of("m.bin", new byte[7])::get, p -> p + " in x.tgz"));
        assertTrue(e.getMessage().startsWith("m.bin in x.tgz is too short: weight f [2] needs 8 bytes"), e.getMessage());
        e = assertThrows(FacecalException.class, () -> TfjsWeights.decode("m.json", json,
                Map.of("m.bin", new byte[9])::get, p -> p));
        assertTrue(e.getMessage().startsWith("m.bin has 9 bytes but m.json describes 8"), e.getMessage());
        e = assertThrows(FacecalException.class, () -> TfjsWeights.decode("m.json", "[{".getBytes(StandardCharsets.UTF_8),
                p -> null, p -> p));
        assertTrue(e.getMessage().startsWith("m.json is not valid JSON"), e.getMessage());
    }
}
