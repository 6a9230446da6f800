package dev.facecal.pipeline;

import dev.facecal.FacecalException;
import dev.facecal.Provenance;
import dev.facecal.dataset.FileFetcher;
import dev.facecal.embed.EmbeddingStore;
import dev.facecal.embed.FaceModel;
import dev.facecal.embed.PhotoFailure;
import dev.facecal.embed.Preprocess;
import dev.facecal.face.Detector;
import dev.facecal.face.Extraction;
import dev.facecal.face.FaceDetector;
import dev.facecal.face.FaceExtractor;
import dev.facecal.face.MultiFacePolicy;
import dev.facecal.face.RgbImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The embeddings stage, the one owner of photos → embeddings for the command line, the notebooks and the studies:
 * each photo once (DeepFace re-embeds both photos of every pair), content hash → cached embedding or failure, else
 * the faces stage ({@link FaceStage}: decode, detect, choose, align; or the whole image) → the model's
 * preprocessing → the model, in batches, each result stored atomically as soon as its batch is done, so an
 * interrupted run resumes where it stopped.
 *
 * <p>The cache folder is keyed by the model file's SHA-256, the detector with everything that changes its output,
 * the policy and the alignment ({@link #cacheConfiguration}). With {@link EmbeddingOptions#strict()} the photos go
 * one batch at a time and the run stops ({@link StrictStop}) right after the batch holding the first failure;
 * otherwise a failed photo is recorded with its reason and the run goes on.
 */
public final class EmbeddingStage {
    private EmbeddingStage() {
    }

    /** A strict run stopped at a photo that failed; nothing after that photo's batch was looked at. */
    public static final class StrictStop extends FacecalException {
        private final PhotoResult failed;
        private final int done;
        private final int total;

        StrictStop(PhotoResult failed, int done, int total) {
            super(failed.photo() + ": " + failed.failure() + (failed.cached() ? " (cached)" : "")
                    + " (strict mode: stopped at the first photo that failed)");
            this.failed = failed;
            this.done = done;
            this.total = total;
        }

        /** The photo that failed, with its reason. */
        public PhotoResult failed() {
            return failed;
        }

        /** Photos looked at before stopping. */
        public int done() {
            return done;
        }

        /** Photos in the run. */
        public int total() {
            return total;
        }
    }

    /**
     * Embeds every photo once (duplicates once), from the cache where possible.
     *
     * @throws StrictStop in a strict run, at the first photo that fails
     */
    public static PhotoEmbeddings run(Collection<Path> photos, EmbeddingOptions options, Progress progress) {
        List<Path> todo = new ArrayList<>(new LinkedHashSet<>(photos));
        long t0 = System.nanoTime();
        FaceExtractor extractor = FaceStage.open(options.faces(), progress::warn);
        String onnxSha = options.models().installed(options.model()).map(m -> m.onnxSha256()).orElse("?");
        EmbeddingStore store = options.cache() == null ? null : EmbeddingStore.of(options.cache(), options.model(),
                cacheConfiguration(onnxSha, extractor.detector(), options.faces().policy(), options.faces().align()));
        Map<Path, PhotoResult> results = new LinkedHashMap<>();
        progress.start("photos", todo.size());
        try (FaceModel m = options.models().open(options.model(), options.threads())) {
            int chunk = options.strict() ? options.batch() : Math.max(1, todo.size());
            for (int from = 0; from < todo.size(); from += chunk) {
                int base = from;
                Map<Path, PhotoResult> part = embed(todo.subList(from, Math.min(todo.size(), from + chunk)), m,
                        extractor, store, options.batch(), done -> progress.advance(base + done));
                results.putAll(part);
                if (options.strict()) {
                    for (PhotoResult r : part.values()) {
                        if (!r.ok()) {
                            progress.finish("stopped after " + results.size() + " of " + todo.size() + " photos");
                            throw new StrictStop(r, results.size(), todo.size());
                        }
                    }
                }
            }
        }
        PhotoEmbeddings out = new PhotoEmbeddings(results, provenance(options, onnxSha, extractor.detector()));
        progress.finish(out.summary((System.nanoTime() - t0) / 1e9));
        return out;
    }

    /** The run's settings as provenance (section {@code embeddings}). */
    static Provenance provenance(EmbeddingOptions o, String onnxSha, FaceDetector detector) {
        return Provenance.empty().with("embeddings", Map.of())
                .with("embeddings", "model", o.model())
                .with("embeddings", "model_onnx_sha256", onnxSha)
                .with("embeddings", "model_file", o.models().onnx(o.model()))
                .with("embeddings", "detector", Detector.cacheKey(detector).substring("detector=".length()))
                .with("embeddings", "policy", o.faces().policy().label())
                .with("embeddings", "align", o.faces().align())
                .with("embeddings", "batch", o.batch())
                .with("embeddings", "threads", o.threads())
                .with("embeddings", "strict", o.strict())
                .with("embeddings", "cache", o.cache() == null ? "none" : o.cache().toString());
    }

    /**
     * The embedding cache configuration: the model file's hash, the detector with everything that changes its
     * output (for {@code yunet} the model file's SHA-256 and the score threshold), the policy and alignment. The
     * strings are those of facecal 0.1.0, so existing caches stay valid.
     */
    public static String[] cacheConfiguration(String onnxSha256, FaceDetector detector, MultiFacePolicy policy,
                                              boolean align) {
        return new String[] {"onnx=" + onnxSha256, Detector.cacheKey(detector), "policy=" + policy, "align=" + align};
    }

    /**
     * Embeds {@code photos} (unique) with an open model: the cache first, else the extractor and the model in
     * batches of {@code batch}; {@code store} may be null (no cache).
     *
     * @param progress called with the number of photos done so far
     */
    static Map<Path, PhotoResult> embed(List<Path> photos, FaceModel model, FaceExtractor extractor,
                                        EmbeddingStore store, int batch, java.util.function.IntConsumer progress) {
        Map<Path, PhotoResult> out = new LinkedHashMap<>();
        List<Path> pending = new ArrayList<>();
        List<String> pendingSha = new ArrayList<>();
        List<float[]> tensors = new ArrayList<>();
        int done = 0;
        for (Path photo : photos) {
            if (!Files.isRegularFile(photo)) {
                out.put(photo, new PhotoResult(photo, null, "file not found", false));
                progress.accept(++done);
                continue;
            }
            String sha;
            try {
                sha = FileFetcher.sha256(photo);
            } catch (RuntimeException e) { // unreadable or vanished while the run went on: retried next run
                out.put(photo, new PhotoResult(photo, null, PhotoFailure.environmental(e), false, true));
                progress.accept(++done);
                continue;
            }
            var cached = store == null ? java.util.Optional.<EmbeddingStore.Entry>empty() : store.get(sha);
            if (cached.isPresent()) {
                out.put(photo, new PhotoResult(photo, cached.get().embedding(), cached.get().failure(), true));
                progress.accept(++done);
                continue;
            }
            RgbImage face;
            String failure;
            boolean retry = false;
            try {
                Extraction ex;
                synchronized (extractor) { // OpenCV's CascadeClassifier is not thread-safe
                    ex = extractor.extract(photo);
                }
                face = ex.ok() ? ex.crop().pixels() : null;
                failure = ex.failure();
            } catch (RuntimeException | OutOfMemoryError e) {
                face = null;
                failure = PhotoFailure.environmental(e);
            }
            if (face == null) {
                // only decided facts (no face, several faces, not an image) are cached; the rest is retried
                retry = !PhotoFailure.decided(failure);
                if (retry) failure = PhotoFailure.environmental(failure);
                else if (store != null) store.putFailure(sha, failure);
                out.put(photo, new PhotoResult(photo, null, failure, false, retry));
                progress.accept(++done);
                continue;
            }
            pending.add(photo);
            pendingSha.add(sha);
            tensors.add(Preprocess.tensor(face.rgb(), face.width(), face.height(), model.spec()));
            if (tensors.size() == batch) {
                done += flush(model, store, pending, pendingSha, tensors, out);
                progress.accept(done);
            }
        }
        if (!tensors.isEmpty()) {
            done += flush(model, store, pending, pendingSha, tensors, out);
            progress.accept(done);
        }
        Map<Path, PhotoResult> ordered = new LinkedHashMap<>(); // the caller's order
        for (Path p : photos) ordered.put(p, out.get(p));
        return ordered;
    }

    private static int flush(FaceModel model, EmbeddingStore store, List<Path> pending, List<String> sha,
                             List<float[]> tensors, Map<Path, PhotoResult> out) {
        float[][] emb = model.embed(tensors);
        for (int i = 0; i < emb.length; i++) {
            if (store != null) store.put(sha.get(i), emb[i]);
            out.put(pending.get(i), new PhotoResult(pending.get(i), emb[i], null, false));
        }
        int n = emb.length;
        pending.clear();
        sha.clear();
        tensors.clear();
        return n;
    }
}
