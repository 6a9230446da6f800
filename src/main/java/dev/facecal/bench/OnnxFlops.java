package dev.facecal.bench;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.facecal.embed.ModelSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Multiply-adds of a model at batch 1, from its ONNX graph: shapes are propagated from the input through every
 * node; Conv counts {@code N*Cout*Hout*Wout*(Cin/group)*kh*kw} MACs, MatMul/Gemm {@code M*K*N}; elementwise ops,
 * pooling and reductions count one operation per element touched (per window element for pooling).
 */
public final class OnnxFlops {
    /** Per op type: nodes, multiply-adds (conv/matmul), other operations. */
    private final Map<String, long[]> byOp = new TreeMap<>();
    private long macs, otherOps, parameters;
    private String problem;

    private OnnxFlops() {
    }

    /** Per op type, in name order: {@code [nodes, multiply-adds, other operations]}. */
    public Map<String, long[]> byOp() {
        Map<String, long[]> out = new TreeMap<>();
        byOp.forEach((k, v) -> out.put(k, v.clone()));
        return out;
    }

    /** Multiply-adds per face. */
    public long macs() {
        return macs;
    }

    /** Other operations (adds, activations, pooling, reductions) per face. */
    public long otherOps() {
        return otherOps;
    }

    /** Parameters (initializer elements). */
    public long parameters() {
        return parameters;
    }

    /** Why the count stopped early (an op it does not model), or null when it is complete. */
    public String problem() {
        return problem;
    }

    /** GFLOP per face: 2 per multiply-add plus the other operations. */
    public double gflops() {
        return (2.0 * macs + otherOps) / 1e9;
    }

    /** GFLOP per face of the multiply-adds alone. */
    public double gflopsMacsOnly() {
        return 2.0 * macs / 1e9;
    }

    /** Counts the model in {@code onnx}, fed as {@code spec} says. */
    public static OnnxFlops of(Path onnx, ModelSpec spec) throws IOException {
        return of(ModelProto.parseFrom(Files.readAllBytes(onnx)), spec);
    }

    /** Counts a model graph, fed as {@code spec} says (NHWC or NCHW, batch 1). */
    public static OnnxFlops of(ModelProto m, ModelSpec spec) {
        OnnxFlops f = new OnnxFlops();
        GraphProto g = m.getGraph();
        Map<String, long[]> shapes = new HashMap<>();
        Map<String, TensorProto> init = new HashMap<>();
        for (TensorProto t : g.getInitializerList()) {
            init.put(t.getName(), t);
            shapes.put(t.getName(), t.getDimsList().stream().mapToLong(Long::longValue).toArray());
            f.parameters += t.getDimsList().stream().mapToLong(Long::longValue).reduce(1, (a, b) -> a * b);
        }
        shapes.put(spec.inputName(), "NHWC".equals(spec.layout()) ? new long[] {1, spec.height(), spec.width(), 3}
                : new long[] {1, 3, spec.height(), spec.width()});
        for (NodeProto n : g.getNodeList()) {
            try {
                f.visit(n, shapes, init);
            } catch (RuntimeException e) {
                f.problem = "cannot follow shapes through " + n.getOpType() + " node '" + n.getName() + "' ("
                        + e.getMessage() + ")";
                return f;
            }
        }
        return f;
    }

    private void add(String op, long macs, long other) {
        long[] a = byOp.computeIfAbsent(op, k -> new long[3]);
        a[0]++;
        a[1] += macs;
        a[2] += other;
        this.macs += macs;
        this.otherOps += other;
    }

    private static long size(long[] s) {
        long p = 1;
        for (long v : s) p *= v;
        return p;
    }

    private static long[] ints(NodeProto n, String name, long[] def) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) return a.getIntsList().stream().mapToLong(Long::longValue).toArray();
        }
        return def;
    }

    private static long integer(NodeProto n, String name, long def) {
        for (AttributeProto a : n.getAttributeList()) if (a.getName().equals(name)) return a.getI();
        return def;
    }

    private static long[] int64s(TensorProto t) {
        if (t.getInt64DataCount() > 0) return t.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
        ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        long[] v = new long[b.remaining() / 8];
        for (int i = 0; i < v.length; i++) v[i] = b.getLong();
        return v;
    }

    private static long[] broadcast(long[] a, long[] b) {
        int r = Math.max(a.length, b.length);
        long[] o = new long[r];
        for (int i = 0; i < r; i++) {
            long x = i - (r - a.length) >= 0 ? a[i - (r - a.length)] : 1;
            long y = i - (r - b.length) >= 0 ? b[i - (r - b.length)] : 1;
            if (x != y && x != 1 && y != 1) throw new IllegalArgumentException("shapes do not broadcast");
            o[i] = Math.max(x, y);
        }
        return o;
    }

    /** Output size of a sliding window along one axis (auto_pad NOTSET). */
    private static long window(long in, long k, long stride, long padBegin, long padEnd, long dilation) {
        return (in + padBegin + padEnd - ((k - 1) * dilation + 1)) / stride + 1;
    }

    private void visit(NodeProto n, Map<String, long[]> shapes, Map<String, TensorProto> init) {
        List<long[]> in = new ArrayList<>();
        for (String name : n.getInputList()) {
            if (name.isEmpty()) {
                in.add(null);
                continue;
            }
            long[] s = shapes.get(name);
            if (s == null) throw new IllegalArgumentException("unknown shape of " + name);
            in.add(s);
        }
        String op = n.getOpType();
        long[] out;
        switch (op) {
            case "Conv" -> {
                long[] x = in.get(0), w = in.get(1);
                int sp = x.length - 2;
                long[] strides = ints(n, "strides", filled(sp, 1));
                long[] dil = ints(n, "dilations", filled(sp, 1));
                long[] pads = ints(n, "pads", filled(2 * sp, 0));
                long group = integer(n, "group", 1);
                out = new long[x.length];
                out[0] = x[0];
                out[1] = w[0];
                long k = 1;
                for (int i = 0; i < sp; i++) {
                    out[2 + i] = window(x[2 + i], w[2 + i], strides[i], pads[i], pads[sp + i], dil[i]);
                    k *= w[2 + i];
                }
                add(op, size(out) * (x[1] / group) * k, in.size() > 2 ? size(out) : 0);
            }
            case "MatMul" -> {
                long[] a = in.get(0), b = in.get(1);
                long[] batch = broadcast(Arrays.copyOf(a, a.length - 2), Arrays.copyOf(b, b.length - 2));
                out = Arrays.copyOf(batch, batch.length + 2);
                out[batch.length] = a[a.length - 2];
                out[batch.length + 1] = b[b.length - 1];
                add(op, size(batch) * a[a.length - 2] * a[a.length - 1] * b[b.length - 1], 0);
            }
            case "Gemm" -> {
                long[] a = in.get(0), b = in.get(1);
                boolean ta = integer(n, "transA", 0) != 0, tb = integer(n, "transB", 0) != 0;
                long mm = ta ? a[1] : a[0], kk = ta ? a[0] : a[1], nn = tb ? b[0] : b[1];
                out = new long[] {mm, nn};
                add(op, mm * kk * nn, in.size() > 2 ? mm * nn : 0);
            }
            case "Add", "Sub", "Mul", "Div", "Max", "Min", "Pow" -> {
                out = broadcast(in.get(0), in.get(1));
                add(op, 0, size(out));
            }
            case "Relu", "Sigmoid", "Tanh", "Sqrt", "Exp", "LeakyRelu", "PRelu", "Clip", "Softmax", "Neg", "Abs",
                    "BatchNormalization" -> {
                out = in.get(0).clone();
                add(op, 0, size(out) * (op.equals("BatchNormalization") ? 2 : 1));
            }
            case "Identity", "Dropout", "Cast" -> {
                out = in.get(0).clone();
                add(op, 0, 0);
            }
            case "Transpose" -> {
                long[] x = in.get(0);
                long[] perm = ints(n, "perm", null);
                out = new long[x.length];
                for (int i = 0; i < x.length; i++) out[i] = x[perm == null ? x.length - 1 - i : (int) perm[i]];
                add(op, 0, 0);
            }
            case "MaxPool", "AveragePool" -> {
                long[] x = in.get(0);
                long[] k = ints(n, "kernel_shape", null);
                int sp = k.length;
                long[] strides = ints(n, "strides", filled(sp, 1));
                long[] pads = ints(n, "pads", filled(2 * sp, 0));
                out = x.clone();
                long win = 1;
                for (int i = 0; i < sp; i++) {
                    out[2 + i] = window(x[2 + i], k[i], strides[i], pads[i], pads[sp + i], 1);
                    win *= k[i];
                }
                add(op, 0, size(out) * win);
            }
            case "GlobalAveragePool", "GlobalMaxPool" -> {
                long[] x = in.get(0);
                out = x.clone();
                for (int i = 2; i < out.length; i++) out[i] = 1;
                add(op, 0, size(x));
            }
            case "ReduceMean", "ReduceSum", "ReduceMax", "ReduceL2" -> {
                long[] x = in.get(0);
                long[] axes = ints(n, "axes", null);
                if (axes == null && in.size() > 1 && init.containsKey(n.getInput(1))) axes = int64s(init.get(n.getInput(1)));
                boolean keep = integer(n, "keepdims", 1) != 0;
                List<Long> o = new ArrayList<>();
                for (int i = 0; i < x.length; i++) {
                    final int ax = i;
                    boolean reduced = axes == null || Arrays.stream(axes).anyMatch(a -> (a < 0 ? a + x.length : a) == ax);
                    if (!reduced) o.add(x[i]);
                    else if (keep) o.add(1L);
                }
                out = o.stream().mapToLong(Long::longValue).toArray();
                add(op, 0, size(x));
            }
            case "Pad" -> {
                long[] x = in.get(0);
                long[] pads = in.size() > 1 && init.containsKey(n.getInput(1)) ? int64s(init.get(n.getInput(1)))
                        : ints(n, "pads", null);
                out = x.clone();
                for (int i = 0; i < x.length; i++) out[i] += pads[i] + pads[x.length + i];
                add(op, 0, 0);
            }
            case "Flatten" -> {
                long[] x = in.get(0);
                int axis = (int) integer(n, "axis", 1);
                if (axis < 0) axis += x.length;
                out = new long[] {size(Arrays.copyOf(x, axis)), size(Arrays.copyOfRange(x, axis, x.length))};
                add(op, 0, 0);
            }
            case "Reshape" -> {
                long[] x = in.get(0);
                long[] target = int64s(init.get(n.getInput(1)));
                out = target.clone();
                long known = 1;
                int minus = -1;
                for (int i = 0; i < out.length; i++) {
                    if (out[i] == 0) out[i] = x[i];
                    if (out[i] == -1) minus = i;
                    else known *= out[i];
                }
                if (minus >= 0) out[minus] = size(x) / known;
                add(op, 0, 0);
            }
            case "Concat" -> {
                int axis = (int) integer(n, "axis", 0);
                out = in.get(0).clone();
                if (axis < 0) axis += out.length;
                for (int i = 1; i < in.size(); i++) out[axis] += in.get(i)[axis];
                add(op, 0, 0);
            }
            case "LpNormalization" -> {
                out = in.get(0).clone();
                add(op, 0, 3 * size(out));
            }
            default -> throw new IllegalArgumentException("op " + op + " is not modelled");
        }
        for (String o : n.getOutputList()) shapes.put(o, out);
    }

    private static long[] filled(int n, long v) {
        long[] a = new long[n];
        Arrays.fill(a, v);
        return a;
    }
}
