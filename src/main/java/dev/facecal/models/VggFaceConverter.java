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
import com.google.protobuf.UnsafeByteOperations;
import dev.facecal.FacecalException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Converts DeepFace's VGG-Face weights ({@code vgg_face_weights.h5}, a Keras 2 HDF5 weights file) into an ONNX
 * graph that ONNX Runtime runs, in either {@link VggFaceVariant}.
 *
 * <h2>The network</h2>
 * DeepFace's {@code base_model()} (Parkhi, Vedaldi, Zisserman, "Deep Face Recognition", BMVC 2015), a Keras
 * {@code Sequential} over a 224x224x3 image: 13 convolutions 3x3, stride 1, each after a 1-pixel zero padding
 * and followed by ReLU, in blocks of 2, 2, 3, 3, 3 with a 2x2 max pool of stride 2 after each block (224 &rarr;
 * 7); then the fully connected layers written as convolutions: fc6 7x7 valid + ReLU (&rarr; 1x1x4096), dropout,
 * fc7 1x1 + ReLU (4096), dropout, fc8 1x1 without activation (2622), flatten, softmax. Dropout does nothing at
 * inference. The file's weights are matched to these 16 layers by position, as Keras' {@code load_weights}
 * does, and every shape is taken from the file and checked against this structure (kernel sizes, the chain of
 * channel counts, bias lengths); the channel counts themselves are not fixed, so a small synthetic file with
 * the same layout converts as well.
 *
 * <h2>The ONNX graph</h2>
 * Input {@code input}: float32 {@code [N, 224, 224, 3]} (NHWC, as Keras), {@code N} dynamic. The graph
 * transposes to NCHW, runs the layers above with ONNX {@code Conv} (kernels transposed from Keras' HWIO to
 * OIHW; {@code pads=1} replaces ZeroPadding2D), {@code Relu} and {@code MaxPool}, and ends in output
 * {@code embedding}: float32 {@code [N, D]}.
 * <ul>
 *   <li>{@link VggFaceVariant#CURRENT}: ... fc6, ReLU, fc7, ReLU, Flatten, then {@code x / (ReduceL2(x) + 1e-10)}
 *       &rarr; D = 4096, unit length (fc8 is checked but not part of the graph);</li>
 *   <li>{@link VggFaceVariant#V2020}: ... fc7, ReLU, fc8, Flatten &rarr; D = 2622 logits (no softmax).</li>
 * </ul>
 * ONNX opset 13, IR version 8; weights are little-endian {@code raw_data} initializers. The model's
 * {@code metadata_props} record the variant, the SHA-256 of the source .h5 and the preprocessing below. The
 * output is a pure function of the file's bytes and the variant (byte-identical from run to run).
 *
 * <h2>What the caller must feed</h2>
 * The graph contains no preprocessing. DeepFace feeds VGG-Face a face crop with
 * <ul>
 *   <li><b>channel order BGR</b> (OpenCV's; DeepFace turns its RGB face crop back to BGR before the model);</li>
 *   <li><b>scale [0, 1]</b>: each 0-255 pixel divided by 255;</li>
 *   <li><b>no mean subtraction and no std division</b> ({@code DeepFace.represent/verify} default
 *       {@code normalization="base"});</li>
 *   <li>size 224x224. DeepFace today ({@code preprocessing.resize_image}) keeps the aspect ratio: factor =
 *       min(224/h, 224/w), {@code cv2.resize} (bilinear) to (int(w*factor), int(h*factor)), then zero (black)
 *       padding to 224x224 with {@code diff/2} (rounded down) rows/columns before and the rest after. DeepFace in
 *       2020, which the seed notebook used, resized the crop straight to 224x224 with {@code cv2.resize}
 *       (aspect ratio not kept, no padding), same BGR and /255.</li>
 * </ul>
 * DeepFace also offers {@code normalization="VGGFace"} (not the default): pixels on the 0-255 scale, BGR, minus
 * the means 93.5940 (B), 104.7624 (G), 129.1863 (R). It is not what DeepFace's published thresholds used.
 *
 * <p>Memory: DeepFace's real file holds 580 MB of float32 weights; the conversion keeps one transposed copy of
 * them plus the serialised model in memory (run the JVM with about 2 GB of heap).
 */
public final class VggFaceConverter {

    /** DeepFace's release download of the VGG-Face weights ({@code VGGFace.WEIGHTS_URL}). */
    public static final String PINNED_URL =
            "https://github.com/serengil/deepface_models/releases/download/v1.0/vgg_face_weights.h5";

    /**
     * SHA-256 of the file at {@link #PINNED_URL}, or null while unknown: neither DeepFace's sources nor anything
     * else reachable when this was written publishes it, and the file could not be downloaded to measure it.
     * Callers that download must then record the hash they got (and say that it was not verified).
     */
    public static final String PINNED_SHA256 = null;

    /** The fix appended to every error about a bad weights file. */
    static final String FIX = "Fix: download DeepFace's vgg_face_weights.h5 (about 580 MB) from " + PINNED_URL
            + " and install vgg-face from it";

    /** The remedy every such error carries (the command line spells it as a command). */
    static final dev.facecal.FacecalException.Remedy REMEDY = new dev.facecal.FacecalException.Remedy(
            dev.facecal.FacecalException.Action.INSTALL_MODEL_FROM_FILE, "vgg-face", "vgg_face_weights.h5");

    private static final String WHAT = "VGG-Face weights file";
    private static final int INPUT_SIZE = 224;
    private static final int INPUT_CHANNELS = 3;
    private static final String PREPROCESSING = "NHWC float32 224x224 face crop, BGR, pixel/255 in [0,1],"
            + " no mean subtraction (DeepFace normalization='base'); DeepFace today: aspect-preserving resize +"
            + " centred black padding; DeepFace 2020: plain resize to 224x224";

    /** One of VGG-Face's 16 weighted layers: kernel size, padding, ReLU after it, 2x2 max pool after that. */
    private record Stage(String role, int kernel, int pad, boolean relu, boolean poolAfter) {
    }

    private static final List<Stage> STAGES = stages();

    private VggFaceConverter() {
    }

    private static List<Stage> stages() {
        int[] blocks = {2, 2, 3, 3, 3};
        Stage[] s = new Stage[16];
        int i = 0;
        for (int b = 0; b < blocks.length; b++) {
            for (int j = 0; j < blocks[b]; j++) {
                s[i] = new Stage("conv" + (b + 1) + "_" + (j + 1), 3, 1, true, j == blocks[b] - 1);
                i++;
            }
        }
        s[13] = new Stage("fc6", 7, 0, true, false);
        s[14] = new Stage("fc7", 1, 0, true, false);
        s[15] = new Stage("fc8", 1, 0, false, false);
        return List.of(s);
    }

    /**
     * Converts a VGG-Face Keras weights file into ONNX model bytes.
     *
     * @param h5      DeepFace's {@code vgg_face_weights.h5} (or a file of the same layout)
     * @param variant which output becomes {@code embedding}
     * @return the serialised ONNX model: input {@code input} float32 [N,224,224,3] preprocessed as described in
     *         the class documentation, output {@code embedding} float32 [N,D]
     * @throws FacecalException for a missing, non-HDF5, truncated or damaged file, or one whose layers or shapes
     *                          are not VGG-Face's; the message names the file, the layer and the fix
     */
    public static byte[] convert(Path h5, VggFaceVariant variant) {
        Objects.requireNonNull(h5, "h5");
        Objects.requireNonNull(variant, "variant");
        try (KerasWeights weights = KerasWeights.open(h5, WHAT, FIX)) {
            List<KerasWeights.Layer> layers = weights.layers();
            int[] outChannels = check(h5, layers);
            String sha256 = sha256(h5);
            return build(weights, layers, outChannels, variant, sha256);
        } catch (dev.facecal.FacecalException e) {
            throw e.remedy() != null ? e : new dev.facecal.FacecalException(e.getMessage(), REMEDY, e.getCause());
        }
    }

    /**
     * Converts and writes the model to {@code onnx} so that a good existing file is never replaced by a bad or
     * half-written one: the conversion completes in memory first, then the bytes go to a temporary file in the
     * same folder, which is flushed to disk and atomically moved over {@code onnx}.
     *
     * @return the SHA-256 of the written ONNX file
     */
    public static String install(Path h5, VggFaceVariant variant, Path onnx) {
        byte[] model = convert(h5, variant);
        Path dir = onnx.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, onnx.getFileName().toString() + ".", ".part");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(model);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            Files.move(tmp, onnx, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
            return HexFormat.of().formatHex(digest().digest(model));
        } catch (IOException e) {
            throw new FacecalException("writing the VGG-Face model to " + onnx + " failed (" + e.getMessage()
                    + "); check that the folder is writable and has " + (model.length >> 20) + " MB free. The"
                    + " previous model, if any, was left as it was.", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the temporary file is only litter; the error above is what matters
                }
            }
        }
    }

    // ---- structure check ---------------------------------------------------------------------------------------

    /** Checks the 16 layers against VGG-Face's structure; returns each layer's output channel count. */
    private static int[] check(Path h5, List<KerasWeights.Layer> layers) {
        if (layers.size() != STAGES.size()) {
            throw new FacecalException(WHAT + " " + h5 + " has " + layers.size() + " layers with weights ("
                    + names(layers) + "); VGG-Face has 16 (13 convolutions, fc6, fc7, fc8), so this is not"
                    + " DeepFace's vgg_face_weights.h5. " + FIX);
        }
        int[] out = new int[STAGES.size()];
        int in = INPUT_CHANNELS;
        for (int i = 0; i < STAGES.size(); i++) {
            Stage st = STAGES.get(i);
            KerasWeights.Layer layer = layers.get(i);
            String where = WHAT + " " + h5 + ", layer '" + layer.name() + "' (VGG-Face " + st.role() + ", weighted"
                    + " layer " + (i + 1) + " of 16): ";
            if (layer.weights().size() != 2) {
                throw new FacecalException(where + "has " + layer.weights().size() + " weights " + layer.weights()
                        + ", expected a kernel and a bias. " + FIX);
            }
            KerasWeights.Weight kernel = layer.weights().get(0);
            KerasWeights.Weight bias = layer.weights().get(1);
            int[] k = kernel.shape();
            if (k.length != 4 || k[0] != st.kernel() || k[1] != st.kernel() || k[2] != in || k[3] <= 0) {
                throw new FacecalException(where + "kernel " + kernel.name() + " has shape " + Arrays.toString(k)
                        + ", expected [" + st.kernel() + ", " + st.kernel() + ", " + in + ", out] (Keras HWIO). "
                        + FIX);
            }
            if (bias.rank() != 1 || bias.shape()[0] != k[3]) {
                throw new FacecalException(where + "bias " + bias.name() + " has shape "
                        + Arrays.toString(bias.shape()) + ", expected [" + k[3] + "]. " + FIX);
            }
            out[i] = k[3];
            in = k[3];
        }
        return out;
    }

    private static String names(List<KerasWeights.Layer> layers) {
        StringBuilder s = new StringBuilder();
        for (KerasWeights.Layer l : layers) {
            if (!s.isEmpty()) s.append(", ");
            if (s.length() > 300) {
                s.append("...");
                break;
            }
            s.append(l.name());
        }
        return s.toString();
    }

    // ---- graph -------------------------------------------------------------------------------------------------

    private static byte[] build(KerasWeights weights, List<KerasWeights.Layer> layers, int[] outChannels,
                                VggFaceVariant variant, String sha256) {
        int last = variant == VggFaceVariant.CURRENT ? 14 : 15; // fc7 or fc8
        VggGraph g = new VggGraph();
        String x = g.node("Transpose", "to_nchw", List.of("input"), VggGraph.ints("perm", 0, 3, 1, 2));
        for (int i = 0; i <= last; i++) {
            Stage st = STAGES.get(i);
            KerasWeights.Layer layer = layers.get(i);
            String w = layer.name() + "/kernel_oihw";
            String b = layer.name() + "/bias";
            KerasWeights.Weight kernel = layer.weights().get(0);
            KerasWeights.Weight bias = layer.weights().get(1);
            int[] k = kernel.shape();
            g.initializer(w, new long[]{k[3], k[2], k[0], k[1]}, hwioToOihw(weights.floats(layer, kernel), k));
            g.initializer(b, new long[]{k[3]}, littleEndian(weights.floats(layer, bias)));
            x = g.node("Conv", st.role(), List.of(x, w, b),
                    VggGraph.ints("kernel_shape", st.kernel(), st.kernel()),
                    VggGraph.ints("pads", st.pad(), st.pad(), st.pad(), st.pad()),
                    VggGraph.ints("strides", 1, 1),
                    VggGraph.ints("dilations", 1, 1));
            if (st.relu()) x = g.node("Relu", st.role() + "_relu", List.of(x));
            if (st.poolAfter()) {
                x = g.node("MaxPool", "pool" + st.role().charAt(4), List.of(x),
                        VggGraph.ints("kernel_shape", 2, 2), VggGraph.ints("strides", 2, 2));
            }
        }
        x = g.node("Flatten", "flatten", List.of(x), VggGraph.intAttr("axis", 1));
        int dim = outChannels[last];
        if (variant == VggFaceVariant.CURRENT) {
            // DeepFace: x / (np.linalg.norm(x, axis=1, keepdims=True) + 1e-10)
            String norm = g.node("ReduceL2", "l2_norm", List.of(x), VggGraph.ints("axes", 1),
                    VggGraph.intAttr("keepdims", 1));
            g.initializer("l2_epsilon", new long[]{}, littleEndian(new float[]{1e-10f}));
            String denom = g.node("Add", "l2_norm_eps", List.of(norm, "l2_epsilon"));
            g.node("Div", "l2_normalise", List.of(x, denom), "embedding");
        } else {
            g.node("Identity", "logits", List.of(x), "embedding");
        }
        return g.model("vgg-face-" + variant.name().toLowerCase(java.util.Locale.ROOT), dim, List.of(
                meta("facecal.model", variant.modelName()),
                meta("facecal.variant", variant.name()),
                meta("facecal.source", "DeepFace vgg_face_weights.h5 (" + PINNED_URL + ")"),
                meta("facecal.source_sha256", sha256),
                meta("facecal.preprocessing", PREPROCESSING)));
    }

    private static StringStringEntryProto meta(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    /** Keras kernel [kh, kw, in, out] to ONNX [out, in, kh, kw], as little-endian float32 bytes. */
    private static ByteString hwioToOihw(float[] v, int[] shape) {
        int kh = shape[0];
        int kw = shape[1];
        int in = shape[2];
        int out = shape[3];
        ByteBuffer bytes = ByteBuffer.allocate(Math.multiplyExact(v.length, 4)).order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer f = bytes.asFloatBuffer();
        int src = 0;
        for (int h = 0; h < kh; h++) {
            for (int w = 0; w < kw; w++) {
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < out; o++) {
                        f.put(((o * in + i) * kh + h) * kw + w, v[src++]);
                    }
                }
            }
        }
        return UnsafeByteOperations.unsafeWrap(bytes.array());
    }

    private static ByteString littleEndian(float[] v) {
        ByteBuffer bytes = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(v);
        return UnsafeByteOperations.unsafeWrap(bytes.array());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(Path file) {
        MessageDigest md = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        } catch (IOException e) {
            throw new FacecalException(WHAT + " " + file + " cannot be read (" + e.getMessage() + "). " + FIX, e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The few ONNX protobuf builders this converter needs (kept private to VGG-Face on purpose). */
    private static final class VggGraph {
        private final GraphProto.Builder graph = GraphProto.newBuilder().setName("vgg_face");

        static AttributeProto ints(String name, long... values) {
            AttributeProto.Builder a = AttributeProto.newBuilder().setName(name)
                    .setType(AttributeProto.AttributeType.INTS);
            for (long v : values) a.addInts(v);
            return a.build();
        }

        static AttributeProto intAttr(String name, long value) {
            return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT)
                    .setI(value).build();
        }

        /** Adds a node whose output is named after the node; returns the output name. */
        String node(String op, String name, List<String> inputs, AttributeProto... attrs) {
            return node(op, name, inputs, name, attrs);
        }

        String node(String op, String name, List<String> inputs, String output, AttributeProto... attrs) {
            NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs)
                    .addOutput(output);
            for (AttributeProto a : attrs) n.addAttribute(a);
            graph.addNode(n);
            return output;
        }

        void initializer(String name, long[] dims, ByteString raw) {
            TensorProto.Builder t = TensorProto.newBuilder().setName(name)
                    .setDataType(TensorProto.DataType.FLOAT_VALUE).setRawData(raw);
            for (long d : dims) t.addDims(d);
            graph.addInitializer(t);
        }

        byte[] model(String graphName, int dim, List<StringStringEntryProto> metadata) {
            graph.setName(graphName);
            graph.addInput(tensor("input", TensorShapeProto.Dimension.newBuilder().setDimParam("N").build(),
                    fixed(INPUT_SIZE), fixed(INPUT_SIZE), fixed(INPUT_CHANNELS)));
            graph.addOutput(tensor("embedding", TensorShapeProto.Dimension.newBuilder().setDimParam("N").build(),
                    fixed(dim)));
            ModelProto m = ModelProto.newBuilder()
                    .setIrVersion(8)
                    .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                    .setProducerName("facecal")
                    .setProducerVersion("VggFaceConverter 1")
                    .setDocString("DeepFace VGG-Face converted from Keras HDF5 weights; see"
                            + " dev.facecal.models.VggFaceConverter")
                    .setGraph(graph)
                    .addAllMetadataProps(metadata)
                    .build();
            return m.toByteArray();
        }

        private static TensorShapeProto.Dimension fixed(long v) {
            return TensorShapeProto.Dimension.newBuilder().setDimValue(v).build();
        }

        private static ValueInfoProto tensor(String name, TensorShapeProto.Dimension... dims) {
            TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
            for (TensorShapeProto.Dimension d : dims) shape.addDim(d);
            return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                    TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape)))
                    .build();
        }
    }
}
