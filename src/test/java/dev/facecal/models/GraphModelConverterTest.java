package dev.facecal.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facecal.Fixtures;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each converted human-models graph against TF.js itself: {@code fixtures/humanmodels/outputs.json}, written by
 * {@code reference/humanmodels/make_fixtures.js} running the original {@code model.json} in @tensorflow/tfjs 4.22.0
 * (cpu backend) on synthetic images and photo crops; every output component within 1e-4 when ONNX Runtime runs the
 * converted graph on the same tensors, and the conversion byte-identical when repeated.
 */
class GraphModelConverterTest {
    static final double TOLERANCE = 1e-4;

    static JsonNode fixture(String model) throws IOException {
        JsonNode root = new ObjectMapper().readTree(Path.of("src/test/resources/fixtures/humanmodels/outputs.json").toFile());
        for (JsonNode m : root.path("models")) if (m.path("name").asText().equals(model)) return m;
        throw new AssertionError("no fixture for " + model);
    }

    /** The tensor the script fed: pixel * scale, NHWC RGB, float32. */
    static float[] input(JsonNode in, int size, double scale) {
        int[] rgb = in.path("kind").asText().equals("synthetic")
                ? SyntheticImages.rgb(in.path("pattern").asText(), size, size)
                : FaceApiFixtures.crop(Fixtures.shared().resolve("datasets/deepface-unit").resolve(in.path("file").asText()),
                        in.path("x").asInt(), in.path("y").asInt(), size, size);
        float[] t = new float[rgb.length];
        for (int i = 0; i < t.length; i++) t[i] = (float) (rgb[i] * scale);
        return t;
    }

    @ParameterizedTest
    @ValueSource(strings = {"faceres", "mobileface", "mobilefacenet"})
    void matchesTfjs(String name) throws Exception {
        CatalogEntry entry = HumanModels.entry(name);
        long t0 = System.nanoTime();
        byte[] onnx = HumanModels.convert(HumanModelsTarball.get(), name);
        System.out.printf(Locale.ROOT, "%s: converted in %.2f s, %d bytes%n", name, (System.nanoTime() - t0) / 1e9, onnx.length);
        JsonNode fx = fixture(name);
        int size = fx.path("size").asInt();
        assertEquals(entry.spec().width(), size);
        double scale = fx.path("scale").asDouble();
        JsonNode inputs = fx.path("inputs");
        int n = inputs.size(), per = size * size * 3;
        FloatBuffer buf = FloatBuffer.allocate(n * per);
        for (JsonNode in : inputs) buf.put(input(in, size, scale));
        buf.flip();
        var env = OrtEnvironment.getEnvironment();
        float[][] got;
        try (var opts = new OrtSession.SessionOptions(); OrtSession s = env.createSession(onnx, opts);
             OnnxTensor x = OnnxTensor.createTensor(env, buf, new long[] {n, size, size, 3});
             OrtSession.Result r = s.run(Map.of(GraphModelConverter.INPUT, x))) {
            got = (float[][]) r.get(GraphModelConverter.OUTPUT).orElseThrow().getValue();
        }
        double max = 0;
        for (int k = 0; k < n; k++) {
            JsonNode want = inputs.get(k).path("outputValues");
            assertEquals(entry.spec().dimension(), want.size());
            assertEquals(want.size(), got[k].length);
            for (int i = 0; i < want.size(); i++) {
                double d = Math.abs(got[k][i] - want.get(i).asDouble());
                max = Math.max(max, d);
                assertTrue(d <= TOLERANCE, name + " input " + k + " component " + i + ": ONNX " + got[k][i]
                        + " vs tfjs " + want.get(i).asDouble());
            }
        }
        System.out.printf(Locale.ROOT, "%s ONNX vs tfjs cpu, %d inputs: max |diff| %.3g%n", name, n, max);
        if (name.equals("mobileface")) {
            assertArrayEquals(onnx, HumanModels.convert(HumanModelsTarball.get(), name), "conversion is deterministic");
        }
    }
}
