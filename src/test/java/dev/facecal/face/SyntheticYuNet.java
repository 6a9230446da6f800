package dev.facecal.face;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A stand-in for opencv_zoo's YuNet ONNX file with the same interface (input {@code input} {@code [1, 3, H, W]} BGR
 * 0-255; outputs {@code cls_s}, {@code obj_s}, {@code bbox_s}, {@code kps_s} for strides 8, 16 and 32), so that
 * {@link YuNetDetector} can run through OpenCV's {@code FaceDetectorYN} in tests without the real model.
 *
 * <p>It "detects" white 32x32 blocks on the stride-32 grid: at stride 32, {@code cls} is the cell's mean intensity
 * (0..1), {@code obj} is 1, so OpenCV's score {@code sqrt(cls * obj)} is 1 on a white cell and 0 on a black one;
 * strides 8 and 16 score 0 everywhere. Box offsets are {@code (0.5, 0.5, 0, 0)}, i.e. the box is the cell itself;
 * the landmarks are fixed fractions of the cell ({@link #KPS}: right eye, left eye, nose, right and left mouth corner,
 * each {@code (x, y)}).
 */
public final class SyntheticYuNet {
    static final float[] KPS = {0.25f, 0.375f, 0.75f, 0.375f, 0.5f, 0.5f, 0.25f, 0.75f, 0.75f, 0.75f};
    static final int STRIDE = 32;

    private SyntheticYuNet() {}

    public static Path write(Path file) throws IOException {
        GraphProto.Builder g = GraphProto.newBuilder().setName("synthetic-yunet");
        g.addInput(value("input", 1, 3, "H", "W"));
        init(g, "shape1", 1, -1, 1);
        init(g, "shape4", 1, -1, 4);
        init(g, "shape10", 1, -1, 10);
        for (String kind : List.of("cls", "obj", "bbox", "kps")) {
            for (int s : new int[] {8, 16, 32}) {
                String pooled = "pool_" + s;
                if (kind.equals("cls")) {
                    g.addNode(NodeProto.newBuilder().setOpType("AveragePool").setName(pooled).addInput("input")
                            .addOutput(pooled).addAttribute(ints("kernel_shape", s, s)).addAttribute(ints("strides", s, s)));
                }
                int ch = switch (kind) { case "bbox" -> 4; case "kps" -> 10; default -> 1; };
                float[] w = new float[ch * 3];
                float[] b = new float[ch];
                switch (kind) {
                    case "cls" -> { if (s == STRIDE) java.util.Arrays.fill(w, 1f / (3 * 255)); }
                    case "obj" -> b[0] = 1;
                    case "bbox" -> { b[0] = 0.5f; b[1] = 0.5f; }
                    default -> System.arraycopy(KPS, 0, b, 0, 10);
                }
                String name = kind + "_" + s;
                floats(g, name + "_w", w, ch, 3, 1, 1);
                floats(g, name + "_b", b, ch);
                g.addNode(NodeProto.newBuilder().setOpType("Conv").setName(name + "_conv").addInput(pooled)
                        .addInput(name + "_w").addInput(name + "_b").addOutput(name + "_conv")
                        .addAttribute(ints("kernel_shape", 1, 1)));
                String last = name + "_conv";
                if (ch > 1) {
                    g.addNode(NodeProto.newBuilder().setOpType("Transpose").setName(name + "_t").addInput(last)
                            .addOutput(name + "_t").addAttribute(ints("perm", 0, 2, 3, 1)));
                    last = name + "_t";
                }
                g.addNode(NodeProto.newBuilder().setOpType("Reshape").setName(name).addInput(last)
                        .addInput("shape" + ch).addOutput(name));
                g.addOutput(value(name, 1, "N", ch));
            }
        }
        ModelProto m = ModelProto.newBuilder().setIrVersion(8).setProducerName("facecal-test")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13)).setGraph(g).build();
        Files.write(file, m.toByteArray());
        return file;
    }

    private static AttributeProto ints(String name, long... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long x : v) a.addInts(x);
        return a.build();
    }

    private static void init(GraphProto.Builder g, String name, long... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(v);
        g.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(v.length).setRawData(ByteString.copyFrom(b.array())));
    }

    private static void floats(GraphProto.Builder g, String name, float[] v, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(b.array()));
        for (long d : dims) t.addDims(d);
        g.addInitializer(t);
    }

    private static ValueInfoProto value(String name, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            var dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof Integer i) dim.setDimValue(i);
            else dim.setDimParam((String) d);
            shape.addDim(dim);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }
}
