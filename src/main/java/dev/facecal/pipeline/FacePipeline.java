package dev.facecal.pipeline;

import dev.facecal.FacecalException;
import dev.facecal.dataset.FileFetcher;
import dev.facecal.embed.EmbeddingStore;
import dev.facecal.embed.FaceModel;
import dev.facecal.embed.Images;
import dev.facecal.face.Extraction;
import dev.facecal.face.FaceExtractor;
import dev.facecal.face.Detectors;
import dev.facecal.face.FaceDetector;
import dev.facecal.face.MultiFacePolicy;
import dev.facecal.models.ModelStore;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * Photos to embeddings the way {@code facecal distances} does it: a face model from the model folder, DeepFace's
 * default {@code opencv} detection (Haar cascade + eye alignment) or none, a multi-face policy, and the embedding
 * cache keyed by photo content, model file and these options, so a second run (or a notebook re-run) recomputes
 * nothing.
 *
 * @param models    the model folder
 * @param model     the installed model's name (e.g. {@code dlib})
 * @param detector  {@code opencv}, {@code yunet} or {@code none} ({@link Detectors})
 * @param yunet     the YuNet options (model file, hash, score threshold); {@code null} for the defaults
 * @param policy    what to do with several faces in one photo
 * @param cacheRoot the embedding cache folder
 * @param batch     images per ONNX Runtime call, at least 1
 */
public record FacePipeline(ModelStore models, String model, String detector, Detectors.YuNetOptions yunet,
                           MultiFacePolicy policy, Path cacheRoot, int batch) {

    /** Validates the options. */
    public FacePipeline {
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(cacheRoot, "cacheRoot");
        detector = detector.toLowerCase(Locale.ROOT);
        if (!List.of("opencv", "yunet", "none").contains(detector)) {
            throw new FacecalException("detector '" + detector + "' is not known: use " + Detectors.NAMES);
        }
        yunet = yunet == null ? Detectors.YuNetOptions.DEFAULTS : yunet;
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        }
    }

    /**
     * The defaults of {@code facecal distances}: the dlib model, Haar detection with alignment, the dominant-face
     * policy, the default model folder ({@code $FACECAL_MODELS} or {@code ~/.cache/facecal/models}) and cache
     * ({@code $FACECAL_CACHE/embeddings} or {@code ~/.cache/facecal/embeddings}), batches of 16.
     */
    public static FacePipeline defaults() {
        return new FacePipeline(ModelStore.defaults(null), "dlib", "opencv", null, MultiFacePolicy.DOMINANT,
                FileFetcher.cacheRoot().resolve("embeddings"), 16);
    }

    /** The same pipeline with another model. */
    public FacePipeline withModel(String name) {
        return new FacePipeline(models, name, detector, yunet, policy, cacheRoot, batch);
    }

    /** The same pipeline with another detector ({@code opencv}, {@code yunet} or {@code none}). */
    public FacePipeline withDetector(String name) {
        return new FacePipeline(models, model, name, yunet, policy, cacheRoot, batch);
    }

    /** The same pipeline with another multi-face policy. */
    public FacePipeline withPolicy(MultiFacePolicy p) {
        return new FacePipeline(models, model, detector, yunet, p, cacheRoot, batch);
    }

    /** Installs the model when it is missing (only catalogue models that need no user file, such as dlib). */
    public FacePipeline ensureInstalled(PrintWriter log) {
        if (models.installed(model).isEmpty()) {
            models.install(model, null, null, false, log);
        }
        return this;
    }

    /**
     * The face extractor (detection, multi-face policy, eye alignment), or null for {@code none} (the photos are
     * face crops). One per configuration in this JVM: loading a cascade or a YuNet model costs more than one photo.
     */
    public FaceExtractor extractor() {
        if (detector.equals("none")) {
            return null;
        }
        return EXTRACTORS.computeIfAbsent(detector + "|" + yunet + "|" + policy,
                k -> new FaceExtractor(Detectors.open(detector, yunet), policy, true));
    }

    /** The embedding cache for this model file and these options, shared with {@code facecal distances}. */
    public EmbeddingStore store() {
        String onnxSha = models.installed(model).map(m -> m.onnxSha256()).orElse("?");
        FaceExtractor ex = extractor();
        return EmbeddingStore.of(cacheRoot, model, cacheConfiguration(onnxSha, ex == null ? null : ex.detector(), policy));
    }

    /**
     * The embedding cache configuration: the model file's hash, the detector with everything that changes its
     * output (for {@code yunet} the model file's SHA-256 and the score threshold), the policy and alignment.
     */
    public static String[] cacheConfiguration(String onnxSha256, FaceDetector detector, MultiFacePolicy policy) {
        return new String[] {"onnx=" + onnxSha256, Detectors.cacheKey(detector), "policy=" + policy, "align=true"};
    }

    /**
     * Embeds every photo once (duplicates are embedded once), from the cache where possible.
     *
     * @param progress called with the number of photos done so far
     */
    public PhotoEmbeddings embed(Collection<Path> photos, IntConsumer progress) {
        var unique = new ArrayList<>(new LinkedHashSet<>(photos));
        try (FaceModel m = models.open(model, 0)) {
            return new PhotoEmbeddings(PhotoEmbedder.embed(unique, m, extractor(), store(), batch, progress::accept));
        }
    }

    /**
     * The face the model sees for {@code photo}: the aligned crop (detector {@code opencv}) or the photo itself,
     * for showing pairs in a notebook. A photo without a usable face is an error naming it and the reason.
     */
    public BufferedImage face(Path photo) {
        String key = detector + "|" + yunet + "|" + policy + "|" + photo.toAbsolutePath().normalize();
        BufferedImage cached = FACES.get(key);
        if (cached != null) {
            return cached;
        }
        BufferedImage img = render(photo);
        FACES.put(key, img);
        return img;
    }

    /** Aligned faces already computed in this JVM (a notebook shows the same faces several times). */
    private static final java.util.Map<String, BufferedImage> FACES = new java.util.concurrent.ConcurrentHashMap<>();

    private static final java.util.Map<String, FaceExtractor> EXTRACTORS = new java.util.concurrent.ConcurrentHashMap<>();

    private BufferedImage render(Path photo) {
        FaceExtractor ex = extractor();
        Images.Rgb rgb;
        if (ex == null) {
            rgb = Images.read(photo);
        } else {
            Extraction e;
            synchronized (ex) { // OpenCV's CascadeClassifier is not thread-safe
                e = ex.extract(photo);
            }
            if (!e.ok()) {
                throw new FacecalException(photo + ": " + e.failure());
            }
            rgb = e.crop().pixels();
        }
        int w = rgb.width(), h = rgb.height();
        int[] v = rgb.rgb(), argb = new int[w * h];
        for (int i = 0; i < argb.length; i++) {
            argb[i] = (v[3 * i] << 16) | (v[3 * i + 1] << 8) | v[3 * i + 2];
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, w, h, argb, 0, w);
        return img;
    }
}
