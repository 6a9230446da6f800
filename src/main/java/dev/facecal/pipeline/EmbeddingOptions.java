package dev.facecal.pipeline;

import dev.facecal.models.ModelStore;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How the embeddings stage turns photos into embedding vectors.
 *
 * @param models  the model folder
 * @param model   the installed model's name (e.g. {@code dlib})
 * @param faces   how the face is found in each photo
 * @param cache   the embedding cache folder, or {@code null} for none ({@code facecal embed} caches nothing)
 * @param batch   images per ONNX Runtime call, at least 1
 * @param threads ONNX Runtime threads (0 = all cores)
 * @param strict  stop at the first photo that fails (after finishing its batch) instead of skipping it
 */
public record EmbeddingOptions(ModelStore models, String model, FaceOptions faces, Path cache, int batch, int threads,
                               boolean strict) {
    public EmbeddingOptions {
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(faces, "faces");
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be 0 (all cores) or more, got " + threads);
        }
    }

    /**
     * The defaults of {@code facecal distances}: the dlib model, Haar detection with alignment and the dominant-face
     * policy, the given cache, batches of 16, all cores, failures skipped.
     */
    public static EmbeddingOptions of(ModelStore models, Path cascades, Path cache) {
        return new EmbeddingOptions(models, "dlib", FaceOptions.opencv(cascades), cache, 16, 0, false);
    }

    public EmbeddingOptions withModel(String name) {
        return new EmbeddingOptions(models, name, faces, cache, batch, threads, strict);
    }

    public EmbeddingOptions withFaces(FaceOptions f) {
        return new EmbeddingOptions(models, model, f, cache, batch, threads, strict);
    }

    public EmbeddingOptions withCache(Path c) {
        return new EmbeddingOptions(models, model, faces, c, batch, threads, strict);
    }

    public EmbeddingOptions withBatch(int b) {
        return new EmbeddingOptions(models, model, faces, cache, b, threads, strict);
    }

    public EmbeddingOptions withThreads(int t) {
        return new EmbeddingOptions(models, model, faces, cache, batch, t, strict);
    }

    public EmbeddingOptions withStrict(boolean s) {
        return new EmbeddingOptions(models, model, faces, cache, batch, threads, s);
    }
}
