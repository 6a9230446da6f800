package dev.facecal.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facecal.FacecalException;
import dev.facecal.embed.FaceModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ops FaceMesh brought to {@link GraphModelConverter}, on tiny graphs run by ONNX Runtime against TensorFlow's
 * definitions worked by hand: {@code MaxPool} with {@code SAME} (out = ceil(in / stride), padding
 * {@code max((out - 1) * stride + k - in, 0)} with the extra row/column after, padded cells never the max) and
 * {@code VALID} (whole windows only), and a standalone {@code Prelu} ({@code x} where positive, {@code alpha * x}
 * elsewhere).
 */
class GraphModelConverterOpsTest {
    private static final ObjectMapper M = new ObjectMapper();

    private static String b64(String s) {
        return java.util.Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** x [N,3,3,1] -> MaxPool 2x2 stride 2 {@code padding} (ksize/strides as given) -> Reshape [-1, out]. */
    private static JsonNode maxPool(String padding, String ksize, int out) throws Exception {
        return M.readTree("""
                {"format": "graph-model", "modelTopology": {"node": [
                  {"name": "x", "op": "Placeholder", "attr": {"shape": {"shape": {"dim": [{"size": "-1"}, {"size": "3"}, {"size": "3"}, {"size": "1"}]}}}},
                  {"name": "p", "op": "MaxPool", "input": ["x"], "attr": {"padding": {"s": "%s"}, "data_format": {"s": "%s"},
                     "ksize": {"list": {"i": %s}}, "strides": {"list": {"i": ["1", "2", "2", "1"]}}}},
                  {"name": "s", "op": "Const"},
                  {"name": "z", "op": "Reshape", "input": ["p", "s"]}]},
                 "weightsManifest": [{"paths": ["w.bin"], "weights": [{"name": "s", "shape": [2], "dtype": "int32"}]}]}
                """.formatted(b64(padding), b64("NHWC"), ksize));
    }

    private static byte[] ints(int... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int i : v) b.putInt(i);
        return b.array();
    }

    private static float[] run(byte[] onnx, float[] x, long[] shape) throws Exception {
        var env = FaceModel.environment();
        try (var opts = new OrtSession.SessionOptions(); OrtSession s = env.createSession(onnx, opts);
             OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
             OrtSession.Result r = s.run(Map.of(GraphModelConverter.INPUT, t))) {
            return ((float[][]) r.get(GraphModelConverter.OUTPUT).orElseThrow().getValue())[0];
        }
    }

    private static final float[] ONE_TO_NINE = {1, 2, 3, 4, 5, 6, 7, 8, 9};

    @Test
    void maxPoolSamePadsAfterAndIgnoresThePadding() throws Exception {
        // 3x3, k 2, stride 2, SAME: out 2x2, padding 1 after: windows {0,1}x{0,1}, {0,1}x{2}, {2}x{0,1}, {2}x{2}
        byte[] onnx = GraphModelConverter.convert("m.json", maxPool("SAME", "[\"1\", \"2\", \"2\", \"1\"]", 4),
                p -> ints(-1, 4), p -> p, "z", 4, Map.of());
        float[] neg = new float[9];
        for (int i = 0; i < 9; i++) neg[i] = -ONE_TO_NINE[i];
        assertArrayEquals(new float[] {5, 6, 8, 9}, run(onnx, ONE_TO_NINE, new long[] {1, 3, 3, 1}));
        // all negative: a zero-padded max would give 0 at the edge; TF's (and ONNX's) padding never wins
        assertArrayEquals(new float[] {-1, -3, -7, -9}, run(onnx, neg, new long[] {1, 3, 3, 1}));
    }

    @Test
    void maxPoolValidTakesWholeWindowsOnly() throws Exception {
        byte[] onnx = GraphModelConverter.convert("m.json", maxPool("VALID", "[\"1\", \"2\", \"2\", \"1\"]", 1),
                p -> ints(-1, 1), p -> p, "z", 1, Map.of());
        assertArrayEquals(new float[] {5}, run(onnx, ONE_TO_NINE, new long[] {1, 3, 3, 1}));
    }

    @Test
    void maxPoolOverChannelsIsNamedAsUnsupported() throws Exception {
        var e = assertThrows(FacecalException.class, () -> GraphModelConverter.convert("models/m.json",
                maxPool("VALID", "[\"1\", \"2\", \"2\", \"2\"]", 1), p -> ints(-1, 1), p -> p, "z", 1, Map.of()));
        assertTrue(e.getMessage().contains("models/m.json") && e.getMessage().contains("node p")
                && e.getMessage().contains("MaxPool"), e.getMessage());
    }

    @Test
    void preluScalesTheNegativePartByAlpha() throws Exception {
        JsonNode g = M.readTree("""
                {"format": "graph-model", "modelTopology": {"node": [
                  {"name": "x", "op": "Placeholder", "attr": {"shape": {"shape": {"dim": [{"size": "-1"}, {"size": "1"}, {"size": "2"}, {"size": "2"}]}}}},
                  {"name": "a", "op": "Const"},
                  {"name": "p", "op": "Prelu", "input": ["x", "a"]},
                  {"name": "s", "op": "Const"},
                  {"name": "z", "op": "Reshape", "input": ["p", "s"]}]},
                 "weightsManifest": [{"paths": ["w.bin"], "weights": [{"name": "a", "shape": [2], "dtype": "float32"},
                   {"name": "s", "shape": [2], "dtype": "int32"}]}]}
                """);
        ByteBuffer w = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.25f).putFloat(2f).putInt(-1)
                .putInt(4);
        byte[] onnx = GraphModelConverter.convert("m.json", g, p -> w.array(), p -> p, "z", 4, Map.of());
        // channels [c0, c1] per pixel: alpha 0.25 on c0, 2 on c1
        assertArrayEquals(new float[] {-1, -4, 3, 5},
                run(onnx, new float[] {-4, -2, 3, 5}, new long[] {1, 1, 2, 2}));
    }
}
