package dev.facecal.models;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small writer of ONNX graphs over the generated protobuf classes ({@code ai.onnx.proto.OnnxMl} from
 * {@code org.tribuo:tribuo-util-onnx}; its own helper API lacks Conv and pooling). Opset 13, IR version 8 (ONNX
 * Runtime 1.29 reads IR 7..13); weights are little-endian {@code raw_data} initializers. The output is a pure
 * function of the calls made, so the same calls give byte-identical models.
 */
final class OnnxGraphBuilder {
    static final int OPSET = 13;
    static final int IR_VERSION = 8;

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Set<String> names = new HashSet<>();

    OnnxGraphBuilder(String graphName) {
        graph.setName(graphName);
    }

    private String claim(String name) {
        if (!names.add(name)) throw new IllegalStateException("duplicate ONNX name " + name);
        return name;
    }

    /** A float32 initializer. */
    String floats(String name, float[] values, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        graph.addInitializer(TensorProto.newBuilder().setName(claim(name)).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addAllDims(box(dims)).setRawData(ByteString.copyFrom(b.array())));
        return name;
    }

    /** A 1-D int64 initializer (shapes, pads, axes). */
    String int64s(String name, long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        graph.addInitializer(TensorProto.newBuilder().setName(claim(name)).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(values.length).setRawData(ByteString.copyFrom(b.array())));
        return name;
    }

    /** Adds a node with one output named {@code output} (also the node's name) and returns that name. */
    String node(String op, String output, List<String> inputs, AttributeProto... attributes) {
        graph.addNode(NodeProto.newBuilder().setOpType(op).setName(claim(output + ":" + op)).addAllInput(inputs)
                .addOutput(claim(output)).addAllAttribute(List.of(attributes)));
        return output;
    }

    static AttributeProto ints(String name, long... values) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS)
                .addAllInts(box(values)).build();
    }

    static AttributeProto string(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    /** A float32 graph input or output; each dimension is an Integer (fixed) or a String (symbolic, e.g. "N"). */
    static ValueInfoProto floatValue(String name, Object... dims) {
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

    /** The finished model; metadata in the given (fixed) order. */
    ModelProto model(ValueInfoProto input, ValueInfoProto output, String docString, Map<String, String> metadata) {
        graph.addInput(input).addOutput(output);
        ModelProto.Builder m = ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("facecal")
                .setDocString(docString).addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph);
        metadata.forEach((k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
    }

    private static List<Long> box(long[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
