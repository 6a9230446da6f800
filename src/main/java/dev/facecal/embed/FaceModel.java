package dev.facecal.embed;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.facecal.FacecalException;
import dev.facecal.face.RgbImage;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A face-embedding network run by ONNX Runtime: preprocessed face tensors in, embeddings out. The session is
 * opened once and reused; {@link #embed} runs a whole batch in one call. Thread count is explicit so benchmarks
 * and servers can control it.
 */
public final class FaceModel implements AutoCloseable {
    private final ModelSpec spec;
    private final Path file;
    private final OrtEnvironment env;
    private final OrtSession session;

    private FaceModel(ModelSpec spec, Path file, OrtEnvironment env, OrtSession session) {
        this.spec = spec;
        this.file = file;
        this.env = env;
        this.session = session;
    }

    /**
     * Opens {@code onnx} and checks that its input and output match {@code spec}.
     *
     * @param threads intra-op threads (0 = ONNX Runtime's default, all cores)
     */
    private static volatile boolean started;

    /**
     * ONNX Runtime's environment, its native libraries loaded from facecal's cache
     * ({@link dev.facecal.NativeLibraries}), not extracted into the temp directory on every start.
     */
    public static OrtEnvironment environment() {
        if (started) return OrtEnvironment.getEnvironment();
        synchronized (FaceModel.class) {
            java.util.List<Path> before = dev.facecal.NativeLibraries.ortFolders();
            dev.facecal.NativeLibraries.prepareOnnxRuntime();
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            dev.facecal.NativeLibraries.removeEmptyOrtFolders(before);
            started = true;
            return env;
        }
    }

    public static FaceModel open(Path onnx, ModelSpec spec, int threads) {
        if (!Files.isRegularFile(onnx)) {
            throw new FacecalException(onnx + ": model file not found",
                    new FacecalException.Remedy(FacecalException.Action.INSTALL_MODEL, spec.name(), null));
        }
        OrtEnvironment env = environment();
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (threads > 0) {
                options.setIntraOpNumThreads(threads);
                options.setInterOpNumThreads(1);
            }
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = env.createSession(onnx.toString(), options);
        } catch (OrtException e) {
            throw new FacecalException(onnx + ": not a model ONNX Runtime can load (" + e.getMessage()
                    + "); install the model again",
                    new FacecalException.Remedy(FacecalException.Action.REINSTALL_MODEL, spec.name(), null), e);
        }
        FaceModel m = new FaceModel(spec, onnx, env, session);
        m.checkShapes();
        return m;
    }

    private void checkShapes() {
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            NodeInfo in = inputs.get(spec.inputName());
            if (in == null) {
                throw mismatch("has no input named '" + spec.inputName() + "' (inputs: " + inputs.keySet() + ")");
            }
            long[] shape = ((TensorInfo) in.getInfo()).getShape();
            long[] want = "NHWC".equals(spec.layout()) ? new long[] {-1, spec.height(), spec.width(), 3}
                    : new long[] {-1, 3, spec.height(), spec.width()};
            if (shape.length != 4) {
                throw mismatch("input has rank " + shape.length + ", the spec expects 4 (" + spec.layout() + ")");
            }
            for (int i = 1; i < 4; i++) {
                if (shape[i] > 0 && shape[i] != want[i]) {
                    throw mismatch("input shape is " + java.util.Arrays.toString(shape) + " but the spec says "
                            + spec.layout() + " " + spec.height() + "x" + spec.width() + "x3");
                }
            }
            NodeInfo out = session.getOutputInfo().get(spec.outputName());
            if (out == null) {
                throw mismatch("has no output named '" + spec.outputName() + "' (outputs: "
                        + session.getOutputInfo().keySet() + ")");
            }
            long[] oshape = ((TensorInfo) out.getInfo()).getShape();
            if (oshape.length != 2 || (oshape[1] > 0 && oshape[1] != spec.dimension())) {
                throw mismatch("output shape is " + java.util.Arrays.toString(oshape) + " but the spec says [N, "
                        + spec.dimension() + "]");
            }
        } catch (OrtException e) {
            throw new FacecalException(file + ": cannot read the model's inputs/outputs: " + e.getMessage(), e);
        }
    }

    private FacecalException mismatch(String what) {
        close();
        return new FacecalException(file + " " + what + "; fix the model spec or point it at the right ONNX file");
    }

    public ModelSpec spec() {
        return spec;
    }

    /** Embeds preprocessed tensors ({@link Preprocess#tensor}), one row per input, in one ONNX Runtime call. */
    public float[][] embed(List<float[]> tensors) {
        if (tensors.isEmpty()) return new float[0][];
        int per = spec.width() * spec.height() * 3;
        FloatBuffer buf = FloatBuffer.allocate(per * tensors.size());
        for (float[] t : tensors) {
            if (t.length != per) {
                throw new IllegalArgumentException("tensor of " + t.length + " values, the model needs " + per);
            }
            buf.put(t);
        }
        buf.flip();
        long[] shape = "NHWC".equals(spec.layout()) ? new long[] {tensors.size(), spec.height(), spec.width(), 3}
                : new long[] {tensors.size(), 3, spec.height(), spec.width()};
        try (OnnxTensor input = OnnxTensor.createTensor(env, buf, shape);
             OrtSession.Result result = session.run(Map.of(spec.inputName(), input))) {
            return (float[][]) result.get(spec.outputName()).orElseThrow().getValue();
        } catch (OrtException e) {
            throw new FacecalException(file + ": inference failed: " + e.getMessage(), e);
        }
    }

    /** Embeds one decoded image (preprocessed with the spec first). */
    public float[] embed(RgbImage image) {
        return embed(List.of(Preprocess.tensor(image.rgb(), image.width(), image.height(), spec)))[0];
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // closing a session does not fail in practice; nothing to recover
        }
    }
}
