package dev.facecal.spark;

import dev.facecal.FacecalException;
import dev.facecal.config.Configuration;
import dev.facecal.face.Detector;
import dev.facecal.face.MultiFacePolicy;
import dev.facecal.models.ModelStore;
import dev.facecal.pipeline.EmbeddingOptions;
import dev.facecal.pipeline.FaceOptions;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@code spark embed} sends to its executors to open a {@link dev.facecal.pipeline.PhotoEmbedder} there: the
 * core's {@link EmbeddingOptions} as plain strings (a {@link Path} is not serialisable). Also the key of the one
 * embedder per executor JVM ({@link Embedders}). The Haar cascade folder is resolved on each executor (the jar's
 * copies, written into its cache); the models folder must be readable at the same path on every executor.
 *
 * @param models   the models folder
 * @param model    the installed model's name
 * @param detector {@code opencv}, {@code opencv-fast} or {@code none}
 * @param policy   the multi-face policy's label
 * @param align    whether to level the eyes
 * @param batch    images per ONNX Runtime call
 * @param threads  ONNX Runtime threads per executor (0 = all cores)
 */
record EmbedSettings(String models, String model, String detector, String policy, boolean align, int batch,
                     int threads) implements Serializable {
    EmbedSettings {
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(model, "model");
        Detector d = Detector.parse(detector);
        if (d == Detector.YUNET) {
            throw new FacecalException("--detector yunet is not available in spark embed yet: use opencv, "
                    + "opencv-fast or none (or ./facecal embed --detector yunet on one machine)");
        }
        detector = d.label();
        policy = MultiFacePolicy.parse(policy).label();
        if (batch < 1) throw new FacecalException("--batch must be at least 1, got " + batch);
        if (threads < 0) throw new FacecalException("--threads must be 0 (all cores) or more, got " + threads);
    }

    /** The core's options, on this JVM (the cascades from this machine's configuration). */
    EmbeddingOptions options() {
        Detector d = Detector.parse(detector);
        Path cascades = d == Detector.OPENCV || d == Detector.OPENCV_FAST
                ? Configuration.fromEnvironment().cascadeDir() : null;
        FaceOptions faces = new FaceOptions(d, cascades, null, MultiFacePolicy.parse(policy), align);
        return new EmbeddingOptions(new ModelStore(Path.of(models)), model, faces, null, batch, threads, false);
    }
}
