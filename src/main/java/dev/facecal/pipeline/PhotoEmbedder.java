package dev.facecal.pipeline;

import dev.facecal.Sha256;
import dev.facecal.embed.FaceMeshLandmarks;
import dev.facecal.embed.FaceModel;
import dev.facecal.face.FaceExtractor;
import dev.facecal.models.InstalledModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An open model and face stage that embeds photos given as bytes: the entry point for callers that bring their own
 * photos, storage and parallelism (Spark's executors, issue 13) and want no cache. Opening loads the model (an ONNX
 * Runtime session) and a detector, which costs far more than a photo, so a caller opens one and keeps it.
 *
 * <p>The steps are those of the embeddings stage ({@link EmbeddingStage}), through the same code: {@link FaceTensor}
 * (the faces stage, {@link FaceStage}: decode, detect, choose, align; then the model's preprocessing), then the model,
 * so a photo gets the same embedding, bit for bit. Thread-safe: the model session is shared; each calling thread
 * borrows a face extractor of its own (OpenCV's cascades are not shared between threads), opened on first need.
 */
public final class PhotoEmbedder implements AutoCloseable {
    /** One photo's bytes and the name it is reported under. */
    public record PhotoBytes(String name, byte[] bytes) {
        public PhotoBytes {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    private final EmbeddingOptions options;
    private final FaceModel model;
    private final FaceMeshLandmarks landmarks;
    private final String modelSha256;
    private final ConcurrentLinkedQueue<FaceExtractor> extractors = new ConcurrentLinkedQueue<>();

    private PhotoEmbedder(EmbeddingOptions options, FaceModel model, FaceMeshLandmarks landmarks, String modelSha256,
                          FaceExtractor first) {
        this.options = options;
        this.model = model;
        this.landmarks = landmarks;
        this.modelSha256 = modelSha256;
        extractors.add(first);
    }

    /**
     * Opens the model and a face extractor of {@code options} (its cache, strictness are not used).
     *
     * @throws dev.facecal.FacecalException when the model is not installed or the detector cannot be opened
     */
    public static PhotoEmbedder open(EmbeddingOptions options) {
        FaceExtractor first = FaceStage.open(options.faces(), w -> { });
        String sha = options.models().installed(options.model()).map(InstalledModel::onnxSha256).orElse("?");
        FaceModel m = options.models().open(options.model(), options.threads());
        FaceMeshLandmarks landmarks;
        try {
            landmarks = EmbeddingStage.landmarks(options, m.spec());
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        return new PhotoEmbedder(options, m, landmarks, sha, first);
    }

    /** The model's name. */
    public String model() {
        return options.model();
    }

    /** The SHA-256 of the model's ONNX file ("?" when the store does not know it). */
    public String modelSha256() {
        return modelSha256;
    }

    /** The options this embedder was opened with. */
    public EmbeddingOptions options() {
        return options;
    }

    /** Embeds one photo. */
    public EmbeddedPhoto embed(String name, byte[] bytes) {
        return embedAll(List.of(new PhotoBytes(name, bytes))).get(0);
    }

    /**
     * Embeds {@code photos}, in their order: each through the faces stage and preprocessing on this thread, the faces
     * to the model in calls of up to {@link EmbeddingOptions#batch()} images. A photo that fails is an
     * {@link EmbeddedPhoto} with its status and reason, never an exception.
     */
    public List<EmbeddedPhoto> embedAll(List<PhotoBytes> photos) {
        List<EmbeddedPhoto> out = new ArrayList<>(photos.size());
        List<Integer> waiting = new ArrayList<>();
        List<float[]> tensors = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        FaceExtractor extractor = extractors.poll();
        if (extractor == null) extractor = FaceStage.open(options.faces(), w -> { });
        try {
            for (PhotoBytes p : photos) {
                String sha = Sha256.of(p.bytes());
                FaceTensor face = FaceTensor.of(p.bytes(), p.name(), extractor, model.spec(), landmarks);
                if (face.tensor() == null) {
                    out.add(new EmbeddedPhoto(p.name(), sha, PhotoStatus.of(face.reason()), face.reason(), null));
                    continue;
                }
                waiting.add(out.size());
                out.add(null);
                hashes.add(sha);
                tensors.add(face.tensor());
                if (tensors.size() == options.batch()) flush(photos, out, waiting, tensors, hashes);
            }
            flush(photos, out, waiting, tensors, hashes);
        } finally {
            extractors.add(extractor);
        }
        return out;
    }

    private void flush(List<PhotoBytes> photos, List<EmbeddedPhoto> out, List<Integer> waiting, List<float[]> tensors,
                       List<String> hashes) {
        if (tensors.isEmpty()) return;
        float[][] emb = model.embed(tensors);
        for (int i = 0; i < emb.length; i++) {
            int at = waiting.get(i);
            out.set(at, new EmbeddedPhoto(photos.get(at).name(), hashes.get(i), PhotoStatus.OK, null, emb[i]));
        }
        waiting.clear();
        tensors.clear();
        hashes.clear();
    }

    /** Closes the model session (the extractors hold no native resources beyond the garbage collector's reach). */
    @Override
    public void close() {
        model.close();
        if (landmarks != null) landmarks.close();
    }
}
