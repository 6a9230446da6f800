package dev.facecal.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.facecal.embed.ModelSpec;
import dev.facecal.models.DlibConverter;
import dev.facecal.models.FaceApiTarball;
import org.junit.jupiter.api.Test;

/** Counting a model's operations from its ONNX graph: a hand-checked small graph, and dlib as the docs record it. */
class OnnxFlopsTest {

    private static AttributeProto ints(String name, long... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long x : v) a.addInts(x);
        return a.build();
    }

    private static TensorProto weights(String name, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.getNumber());
        for (long d : dims) t.addDims(d);
        return t.build();
    }

    @Test
    void aSmallNetworkCountedByHand() {
        // NHWC 1x10x12x3 -> NCHW -> Conv 8x3x3x3 pad 1 (+bias) -> Relu -> MaxPool 2x2 stride 2 -> GlobalAveragePool
        // -> Flatten -> Gemm 8 -> 4 (+bias)
        GraphProto g = GraphProto.newBuilder()
                .addInitializer(weights("w", 8, 3, 3, 3)).addInitializer(weights("b", 8))
                .addInitializer(weights("fw", 8, 4)).addInitializer(weights("fb", 4))
                .addNode(NodeProto.newBuilder().setOpType("Transpose").addInput("input").addOutput("t")
                        .addAttribute(ints("perm", 0, 3, 1, 2)))
                .addNode(NodeProto.newBuilder().setOpType("Conv").addInput("t").addInput("w").addInput("b").addOutput("c")
                        .addAttribute(ints("pads", 1, 1, 1, 1)))
                .addNode(NodeProto.newBuilder().setOpType("Relu").addInput("c").addOutput("r"))
                .addNode(NodeProto.newBuilder().setOpType("MaxPool").addInput("r").addOutput("m")
                        .addAttribute(ints("kernel_shape", 2, 2)).addAttribute(ints("strides", 2, 2)))
                .addNode(NodeProto.newBuilder().setOpType("GlobalAveragePool").addInput("m").addOutput("p"))
                .addNode(NodeProto.newBuilder().setOpType("Flatten").addInput("p").addOutput("f"))
                .addNode(NodeProto.newBuilder().setOpType("Gemm").addInput("f").addInput("fw").addInput("fb").addOutput("y"))
                .build();
        ModelSpec spec = new ModelSpec("tiny", 12, 10, "NHWC", "RGB", ModelSpec.Resize.BILINEAR, 1.0,
                new double[] {0, 0, 0}, new double[] {1, 1, 1}, "input", "y", 4, false, new String[] {"cosine"});
        OnnxFlops f = OnnxFlops.of(ModelProto.newBuilder().setGraph(g).build(), spec);
        assertNull(f.problem());
        long conv = 8L * 10 * 12 * 3 * 3 * 3; // Cout * H * W * Cin * kh * kw (same padding)
        long gemm = 8L * 4;
        assertEquals(conv + gemm, f.macs());
        assertEquals(conv, f.byOp().get("Conv")[1]);
        long convBias = 8L * 10 * 12, relu = 8L * 10 * 12, pool = 8L * 5 * 6 * 4, gap = 8L * 5 * 6, gemmBias = 4;
        assertEquals(convBias + relu + pool + gap + gemmBias, f.otherOps());
        assertEquals(8 * 27 + 8 + 32 + 4, f.parameters());
        assertEquals((2.0 * (conv + gemm) + f.otherOps()) / 1e9, f.gflops(), 0.0);
    }

    @Test
    void anOpItDoesNotModelStopsTheCountWithAReason() {
        GraphProto g = GraphProto.newBuilder()
                .addNode(NodeProto.newBuilder().setOpType("Einsum").setName("e").addInput("input").addOutput("y")).build();
        ModelSpec spec = new ModelSpec("tiny", 4, 4, "NCHW", "RGB", ModelSpec.Resize.BILINEAR, 1.0,
                new double[] {0, 0, 0}, new double[] {1, 1, 1}, "input", "y", 4, false, new String[] {"cosine"});
        OnnxFlops f = OnnxFlops.of(ModelProto.newBuilder().setGraph(g).build(), spec);
        assertTrue(f.problem().contains("Einsum") && f.problem().contains("not modelled"), f.problem());
    }

    @Test
    void dlibAsTheBenchmarkNotesRecordIt() throws Exception {
        ModelProto m = ModelProto.parseFrom(DlibConverter.convert(FaceApiTarball.get()));
        OnnxFlops f = OnnxFlops.of(m, ModelSpec.dlib());
        assertNull(f.problem());
        // docs/benchmarks.md: 270,854,144 multiply-adds, 270,821,376 of them in the 29 convolutions
        assertEquals(270_854_144L, f.macs());
        assertEquals(270_821_376L, f.byOp().get("Conv")[1]);
        assertEquals(29, f.byOp().get("Conv")[0]);
        assertEquals(5_614_632L, f.parameters());
    }
}
