package dev.facecal.models;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facecal.FacecalException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad inputs to the graph-model converter: a layers-format model.json, an op it does not know, a missing shard, a
 * shard of the wrong size, and a tarball that is not the pinned one; each message names the file (and node).
 */
class GraphModelConverterInputTest {
    private static final ObjectMapper M = new ObjectMapper();

    /** A tiny graph: input [N,2,2,1] -> Mul by a scalar constant -> op {@code op}. */
    private static JsonNode graph(String format, String op) throws Exception {
        return M.readTree("""
                {"format": "%s", "modelTopology": {"node": [
                  {"name": "x", "op": "Placeholder", "attr": {"shape": {"shape": {"dim": [{"size": "-1"}, {"size": "2"}, {"size": "2"}, {"size": "1"}]}}}},
                  {"name": "k", "op": "Const"},
                  {"name": "y", "op": "Mul", "input": ["x", "k"]},
                  {"name": "z", "op": "%s", "input": ["y"]}]},
                 "weightsManifest": [{"paths": ["w.bin"], "weights": [{"name": "k", "shape": [], "dtype": "float32"}]}]}
                """.formatted(format, op));
    }

    private static byte[] scalar(float v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(v).array();
    }

    private static FacecalException convert(JsonNode g, byte[] shard) {
        return assertThrows(FacecalException.class, () -> GraphModelConverter.convert("models/m.json", g,
                p -> shard, p -> "models/" + p, "z", 4, Map.of()));
    }

    @Test
    void layersModelIsNamed() throws Exception {
        var e = convert(graph("layers-model", "Relu"), scalar(2));
        assertTrue(e.getMessage().contains("models/m.json") && e.getMessage().contains("layers-model"), e.getMessage());
    }

    @Test
    void unknownOpNamesNodeAndOp() throws Exception {
        var e = convert(graph("graph-model", "Erf"), scalar(2));
        assertTrue(e.getMessage().contains("models/m.json") && e.getMessage().contains("node z")
                && e.getMessage().contains("Erf"), e.getMessage());
    }

    @Test
    void missingShardIsNamed() throws Exception {
        var e = convert(graph("graph-model", "Relu"), null);
        assertTrue(e.getMessage().contains("models/w.bin") && e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void shortShardIsNamed() throws Exception {
        var e = convert(graph("graph-model", "Relu"), new byte[2]);
        assertTrue(e.getMessage().contains("models/w.bin") && e.getMessage().contains("too short"), e.getMessage());
    }

    @Test
    void knownOpsConvert() throws Exception {
        byte[] onnx = GraphModelConverter.convert("models/m.json", graph("graph-model", "Relu"), p -> scalar(2),
                p -> "models/" + p, "z", 4, Map.of());
        assertTrue(onnx.length > 0);
    }

    @Test
    void wrongTarballIsNamedWithItsHash(@TempDir Path dir) throws Exception {
        Path tgz = dir.resolve("human-models.tgz");
        Files.write(tgz, new byte[] {1, 2, 3});
        var e = assertThrows(FacecalException.class, () -> HumanModels.convert(tgz, "faceres"));
        assertTrue(e.getMessage().contains(tgz.toString()) && e.getMessage().contains(HumanModelsPackage.SHA256),
                e.getMessage());
    }
}
