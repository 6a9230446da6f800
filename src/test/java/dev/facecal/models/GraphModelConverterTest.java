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
 * converted graph on the same tensors, and the conversion byte-identical when repeated. {@code facemesh} is the
 * landmark model of arcface-5point alignment (its 1404 mesh values, in 192-px crop coordinates, are compared).
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
    @ValueSource(strings = {"faceres", "mobileface", "mobilefacenet", "facemesh"})
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
        double max = 0, maxRelative = 0;
        for (int k = 0; k < n; k++) {
            JsonNode want = inputs.get(k).path("outputValues");
            assertEquals(entry.spec().dimension(), want.size());
            assertEquals(want.size(), got[k].length);
            for (int i = 0; i < want.size(); i++) {
                double w = want.get(i).asDouble();
                double d = Math.abs(got[k][i] - w);
                max = Math.max(max, d);
                // facemesh's mesh values are pixel positions up to 192: float32 rounding grows with the value, so
                // there the bound is 1e-4 of the value (at least 1e-4); the descriptors' values are compared as is
                double bound = name.equals(HumanModels.FACEMESH) ? TOLERANCE * Math.max(1, Math.abs(w)) : TOLERANCE;
                maxRelative = Math.max(maxRelative, d / Math.max(1, Math.abs(w)));
                assertTrue(d <= bound, name + " input " + k + " component " + i + ": ONNX " + got[k][i]
                        + " vs tfjs " + w);
            }
        }
        System.out.printf(Locale.ROOT, "%s ONNX vs tfjs cpu, %d inputs: max |diff| %.3g, max |diff| / max(1, |value|) "
                + "%.3g%n", name, n, max, maxRelative);
        if (name.equals("mobileface")) {
            assertArrayEquals(onnx, HumanModels.convert(HumanModelsTarball.get(), name), "conversion is deterministic");
        }
    }
}
