package dev.facecal.models;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import dev.facecal.FacecalException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * face-api's {@code FaceRecognitionNet} (dlib's ResNet-29 face descriptor) written as an ONNX graph, layer for
 * layer as face-api 1.7.15 computes it. Source: {@code src/faceRecognitionNet/} of the package:
 * {@code FaceRecognitionNet.ts:30-52} (layer list), {@code convLayer.ts:6-31}, {@code scaleLayer.ts:5-7},
 * {@code residualLayer.ts:6-40}; the weight names from {@code extractParamsFromWeightMap.ts:10-67}.
 *
 * <ul>
 *   <li>convLayer: {@code conv2d(x, filters)} then {@code + conv/bias} then {@code * scale/weights + scale/biases}
 *       then optional ReLU; kept as separate Conv, Add, Mul, Add nodes (the same float32 roundings as tfjs) unless
 *       {@link Affine#FOLDED}. {@code conv}/{@code convNoRelu}: 3x3, stride 1, 'same'; {@code convDown}: stride 2,
 *       'valid'.</li>
 *   <li>residual: {@code relu(convNoRelu(conv(x)) + x)}.</li>
 *   <li>residualDown: main {@code convNoRelu(convDown(x))}; shortcut {@code avgPool(x, 2, 2, 'valid')}; when the
 *       main branch is smaller (3x3 vs 4x4 at conv256_down, 1x1 vs 2x2 at conv256_down_out) it gets one zero row
 *       appended at the bottom and one zero column at the right (l.21-33); when the shortcut has fewer channels it
 *       gets zero channels appended after its own (l.20, 35); then {@code relu(shortcut + main)}.</li>
 *   <li>Head: mean over H and W, then {@code matMul(x, fc)} with {@code fc [256,128]}, no bias; the descriptor is
 *       not L2-normalised.</li>
 * </ul>
 *
 * The ONNX graph works in NCHW: it starts with a Transpose of the NHWC input; filters go from tfjs HWIO to OIHW.
 */
final class DlibGraph {
    /** Whether the per-channel bias and scale stay separate nodes (as tfjs computes them) or are folded. */
    enum Affine {
        /** {@code Conv}, {@code Add(bias)}, {@code Mul(scale)}, {@code Add(shift)}: tfjs' order of float32 roundings. */
        SEPARATE,
        /** {@code W*s} and {@code b*s + t} folded into the Conv in double, rounded once to float. */
        FOLDED
    }

    /** The input side in pixels. */
    static final int SIZE = 150;

    private record Block(String name, int in, int out, boolean down) {}

    /** FaceRecognitionNet.ts:35-49. */
    private static final List<Block> BLOCKS = List.of(
            new Block("conv32_1", 32, 32, false), new Block("conv32_2", 32, 32, false),
            new Block("conv32_3", 32, 32, false),
            new Block("conv64_down", 32, 64, true), new Block("conv64_1", 64, 64, false),
            new Block("conv64_2", 64, 64, false), new Block("conv64_3", 64, 64, false),
            new Block("conv128_down", 64, 128, true), new Block("conv128_1", 128, 128, false),
            new Block("conv128_2", 128, 128, false),
            new Block("conv256_down", 128, 256, true), new Block("conv256_1", 256, 256, false),
            new Block("conv256_2", 256, 256, false), new Block("conv256_down_out", 256, 256, true));

    /** 4 tensors of conv32_down, 8 per block, 1 for fc. */
    static final int TENSOR_COUNT = 4 + 8 * 14 + 1;

    private final TfjsWeights w;
    private final Affine affine;
    private final OnnxGraphBuilder g = new OnnxGraphBuilder("face_api_face_recognition_net");

    private DlibGraph(TfjsWeights w, Affine affine) {
        this.w = w;
        this.affine = affine;
    }

    /**
     * Builds the graph: input {@code input} float32 {@code [N,150,150,3]} (NHWC, RGB, already {@code (x-mean)/255}),
     * output {@code embedding} float32 {@code [N,128]}.
     *
     * @throws FacecalException when a weight is missing or has the wrong shape
     */
    static ModelProto build(TfjsWeights weights, Affine affine, Map<String, String> metadata) {
        if (weights.size() != TENSOR_COUNT) {
            throw new FacecalException(weights.source() + " has " + weights.size() + " weights, face-api's "
                    + "face_recognition_model has " + TENSOR_COUNT + ": it is not the expected model; obtain the "
                    + "package again with `npm pack " + FaceApiPackage.NAME + "@" + FaceApiPackage.VERSION + "`");
        }
        return new DlibGraph(weights, affine).build(metadata);
    }

    private ModelProto build(Map<String, String> metadata) {
        String x = g.node("Transpose", "nchw", List.of("input"), OnnxGraphBuilder.ints("perm", 0, 3, 1, 2));
        x = convLayer(x, "conv32_down", 7, 3, 32, true, true);                       // 72x72x32
        x = g.node("MaxPool", "maxpool", List.of(x), OnnxGraphBuilder.ints("kernel_shape", 3, 3),
                OnnxGraphBuilder.ints("strides", 2, 2));                               // 35x35x32
        int size = pool(conv(SIZE, 7), 3);
        for (Block b : BLOCKS) {
            if (b.down) {
                x = residualDown(x, b, size);
                size = size / 2;
            } else {
                x = residual(x, b);
            }
        }
        x = g.node("ReduceMean", "global_average", List.of(x), OnnxGraphBuilder.ints("axes", 2, 3),
                OnnxGraphBuilder.integer("keepdims", 0));
        String fc = g.floats("fc", w.get("fc", 256, 128).values(), 256, 128);
        g.node("MatMul", "embedding", List.of(x, fc));
        return g.model(OnnxGraphBuilder.floatValue("input", "N", SIZE, SIZE, 3),
                OnnxGraphBuilder.floatValue("embedding", "N", 128),
                "dlib face descriptor ResNet as @vladmandic/face-api@" + FaceApiPackage.VERSION + " computes it "
                        + "(FaceRecognitionNet.forwardInput after normalisation). Input: NHWC RGB float32, "
                        + "(pixel - [122.782, 117.001, 104.298]) / 255, 150x150. Output: 128-D, not L2-normalised.",
                metadata);
    }

    private static int conv(int n, int k) {
        return (n - k) / 2 + 1;
    }

    private static int pool(int n, int k) {
        return (n - k) / 2 + 1;
    }

    /** residualLayer.ts:6-12. */
    private String residual(String x, Block b) {
        String m = convLayer(x, b.name + "/conv1", 3, b.in, b.out, false, true);
        m = convLayer(m, b.name + "/conv2", 3, b.out, b.out, false, false);
        String sum = g.node("Add", b.name + "/add", List.of(m, x));
        return g.node("Relu", b.name + "/relu", List.of(sum));
    }

    /** residualLayer.ts:14-40; {@code size} is the input's height and width. */
    private String residualDown(String x, Block b, int size) {
        String m = convLayer(x, b.name + "/conv1", 3, b.in, b.out, true, true);
        m = convLayer(m, b.name + "/conv2", 3, b.out, b.out, false, false);
        int mainSize = conv(size, 3);
        int pooledSize = pool(size, 2);
        String s = g.node("AveragePool", b.name + "/avgpool", List.of(x),
                OnnxGraphBuilder.ints("kernel_shape", 2, 2), OnnxGraphBuilder.ints("strides", 2, 2));
        if (mainSize != pooledSize) {
            if (pooledSize != mainSize + 1) throw new IllegalStateException(b.name + ": " + mainSize + " vs " + pooledSize);
            // concat of one zero row (axis 1, bottom) then one zero column (axis 2, right) in NHWC
            String pads = g.int64s(b.name + "/main_pads", 0, 0, 0, 0, 0, 0, 1, 1);
            m = g.node("Pad", b.name + "/main_padded", List.of(m, pads));
        }
        if (b.in != b.out) {
            // concat([pooled, zeros_like(pooled)], channels)
            String pads = g.int64s(b.name + "/shortcut_pads", 0, 0, 0, 0, 0, b.out - b.in, 0, 0);
            s = g.node("Pad", b.name + "/shortcut_padded", List.of(s, pads));
        }
        String sum = g.node("Add", b.name + "/add", List.of(s, m));
        return g.node("Relu", b.name + "/relu", List.of(sum));
    }

    /** convLayer.ts:6-19 with scaleLayer.ts:5-7; stride 2 means convDown ('valid'), stride 1 means 'same'. */
    private String convLayer(String x, String prefix, int k, int in, int out, boolean down, boolean relu) {
        float[] filters = hwioToOihw(w.get(prefix + "/conv/filters", k, k, in, out).values(), k, in, out);
        float[] bias = w.get(prefix + "/conv/bias", out).values();
        float[] scale = w.get(prefix + "/scale/weights", out).values();
        float[] shift = w.get(prefix + "/scale/biases", out).values();
        long pad = down ? 0 : k / 2;
        long stride = down ? 2 : 1;
        var attrs = new AttributeProto[] {
            OnnxGraphBuilder.ints("kernel_shape", k, k), OnnxGraphBuilder.ints("strides", stride, stride),
            OnnxGraphBuilder.ints("pads", pad, pad, pad, pad)};
        String y;
        if (affine == Affine.SEPARATE) {
            String wName = g.floats(prefix + "/conv/filters", filters, out, in, k, k);
            y = g.node("Conv", prefix + "/conv", List.of(x, wName), attrs);
            y = g.node("Add", prefix + "/conv_bias", List.of(y, g.floats(prefix + "/conv/bias", bias, out, 1, 1)));
            y = g.node("Mul", prefix + "/scale_mul", List.of(y, g.floats(prefix + "/scale/weights", scale, out, 1, 1)));
            y = g.node("Add", prefix + "/scale_add", List.of(y, g.floats(prefix + "/scale/biases", shift, out, 1, 1)));
        } else {
            int per = in * k * k;
            float[] folded = new float[filters.length];
            float[] foldedBias = new float[out];
            for (int o = 0; o < out; o++) {
                for (int j = 0; j < per; j++) folded[o * per + j] = (float) ((double) filters[o * per + j] * scale[o]);
                foldedBias[o] = (float) ((double) bias[o] * scale[o] + shift[o]);
            }
            y = g.node("Conv", prefix + "/conv", List.of(x, g.floats(prefix + "/filters_folded", folded, out, in, k, k),
                    g.floats(prefix + "/bias_folded", foldedBias, out)), attrs);
        }
        return relu ? g.node("Relu", prefix + "/relu", List.of(y)) : y;
    }

    /** tfjs filters {@code [kh, kw, in, out]} to ONNX {@code [out, in, kh, kw]}. */
    static float[] hwioToOihw(float[] hwio, int k, int in, int out) {
        float[] oihw = new float[hwio.length];
        for (int h = 0; h < k; h++) {
            for (int x = 0; x < k; x++) {
                for (int i = 0; i < in; i++) {
                    int src = ((h * k + x) * in + i) * out;
                    for (int o = 0; o < out; o++) oihw[((o * in + i) * k + h) * k + x] = hwio[src + o];
                }
            }
        }
        return oihw;
    }

    /** Metadata recorded in the model (fixed order, no timestamps: the bytes depend on the weights only). */
    static Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("facecal.model", "dlib");
        m.put("source", "npm:" + FaceApiPackage.NAME + "@" + FaceApiPackage.VERSION
                + " model/face_recognition_model-weights_manifest.json + face_recognition_model.bin");
        m.put("source.integrity", FaceApiPackage.INTEGRITY);
        m.put("license", "weights: dlib face recognition ResNet (Davis King), CC0; tfjs port: face-api, MIT");
        m.put("input", "input float32 [N,150,150,3] NHWC RGB, (pixel - [122.782, 117.001, 104.298]) / 255 in float32");
        m.put("output", "embedding float32 [N,128], not L2-normalised; compare with Euclidean distance");
        return m;
    }
}
