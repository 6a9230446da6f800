package dev.facecal.pipeline;

import dev.facecal.FacecalException;
import dev.facecal.Sha256;
import dev.facecal.embed.EmbeddingStore;
import dev.facecal.embed.FaceMeshLandmarks;
import dev.facecal.embed.ModelSpec;
import dev.facecal.embed.PhotoFailure;
import dev.facecal.face.FaceExtractor;
import dev.facecal.face.PhotoDecoder;
import dev.facecal.face.StageClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The photo side of the embeddings stage, on {@code n} threads: read the file once, hash it, look the hash up in the
 * cache, else decode, detect, choose, align ({@link FaceExtractor}) and preprocess to the model's input. Each thread
 * uses an extractor of its own (OpenCV's cascades are not shared between threads); at most {@code n} are opened.
 * {@link EmbeddingStage} keeps at most {@link #window} photos submitted ahead, so at most that many decoded photos
 * and prepared tensors exist at a time, whatever the number of photos; large photos are detected one at a time
 * ({@link #BUDGET_MEGAPIXELS}).
 */
final class PhotoWorkers implements AutoCloseable {
    /**
     * A photo made ready for the model: a {@code tensor}, or a final {@code result} (cached, or failed).
     *
     * @param sha256 the content hash (the cache key), {@code null} when the file could not be read
     */
    record Prepared(Path photo, String sha256, PhotoResult result, float[] tensor, EmbeddingStore.Claim claim) {
        Prepared {
            if (result != null && tensor != null) {
                throw new IllegalArgumentException(photo + ": prepared as a tensor or as a result, not both");
            }
        }

        Prepared(Path photo, String sha256, PhotoResult result, float[] tensor) {
            this(photo, sha256, result, tensor, null);
        }

        /** Neither a tensor nor a result: another run (or thread) is computing this photo; look again later. */
        static Prepared busy(Path photo, String sha256) {
            return new Prepared(photo, sha256, null, null, null);
        }

        boolean isBusy() {
            return result == null && tensor == null;
        }

        /** Ends the claim on this photo, if any (after its result is stored or known not to be). */
        void release() {
            if (claim != null) claim.close();
        }
    }

    private final int threads;
    private final ExecutorService pool;
    private final ConcurrentLinkedQueue<FaceExtractor> free = new ConcurrentLinkedQueue<>();
    private final Supplier<FaceExtractor> open;
    private final StageClock clock;
    private final Semaphore budget = new Semaphore(BUDGET_MEGAPIXELS);

    /**
     * @param threads the number of photos prepared at the same time
     * @param first   an extractor already open (the first worker's)
     * @param open    opens another extractor with the same options
     * @param clock   where stage times go, or {@code null}
     */
    PhotoWorkers(int threads, FaceExtractor first, Supplier<FaceExtractor> open, StageClock clock) {
        this.threads = threads;
        this.open = open;
        this.clock = clock;
        free.add(first);
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "facecal-photo");
            t.setDaemon(true);
            return t;
        });
    }

    /** How many photos may be submitted and not yet taken: two per thread, so no thread waits for the next. */
    int window() {
        return 2 * threads;
    }

    /**
     * Prepares {@code photo} on a worker thread; with {@code await} a photo claimed by another run is waited for,
     * else it comes back {@link Prepared#isBusy busy}.
     */
    Future<Prepared> submit(Path photo, EmbeddingStore store, ModelSpec spec, FaceMeshLandmarks landmarks,
                            boolean await) {
        return pool.submit(() -> {
            StageClock.attach(clock);
            FaceExtractor ex = free.poll();
            if (ex == null) ex = open.get();
            try {
                Prepared p = prepare(photo, store, spec, landmarks, ex, budget, await);
                if (Thread.currentThread().isInterrupted()) { // cancelled: nobody takes this result or its claim
                    p.release();
                }
                return p;
            } finally {
                free.add(ex);
                StageClock.attach(null);
            }
        });
    }

    /** The prepared photo of a finished or running task (waits for it). */
    static Prepared take(Future<Prepared> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FacecalException("interrupted while waiting for a photo", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) throw r;
            if (c instanceof Error err) throw err;
            throw new FacecalException("a photo worker failed: " + c, c);
        }
    }

    /**
     * Megapixels of detector input that may be in work at once, over all workers: a photo in work holds its decoded,
     * gray and bordered images (the bordered one 4 times the photo) and the Haar cascade's integral images, about
     * 8 bytes per bordered pixel since {@link dev.facecal.face.HaarDetector} scans a large image in chunks of scales
     * (one OpenCV call needed about 54), so two large photos are not detected side by side; a photo larger than the
     * budget runs alone.
     */
    static final int BUDGET_MEGAPIXELS = 24;

    static int permits(PhotoDecoder.Size size) {
        if (size == null) return 1;
        long mp = (size.pixels() * 4 + 999_999) / 1_000_000;
        return (int) Math.max(1, Math.min(BUDGET_MEGAPIXELS, mp));
    }

    /**
     * Prepares one photo; {@code budget} (may be null) bounds the detector input in work at once. A photo not in the
     * cache is claimed first ({@link EmbeddingStore#tryClaim}), so two runs sharing a cache compute it once; the
     * claim travels with the tensor or the failure until the result is stored.
     */
    static Prepared prepare(Path photo, EmbeddingStore store, ModelSpec spec, FaceMeshLandmarks landmarks,
                            FaceExtractor extractor, Semaphore budget, boolean await) {
        long t = System.nanoTime();
        if (Files.isDirectory(photo)) return failed(photo, null, "a folder, not a photo file");
        if (!Files.isRegularFile(photo)) return failed(photo, null, "file not found");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(photo);
        } catch (IOException | RuntimeException | OutOfMemoryError e) { // unreadable or vanished: retried next run
            return failed(photo, null, PhotoFailure.environmental(e));
        }
        String sha = Sha256.of(bytes);
        t = StageClock.add(StageClock.Stage.READ, t);
        var cached = store == null ? java.util.Optional.<EmbeddingStore.Entry>empty() : store.get(sha);
        t = StageClock.add(StageClock.Stage.CACHE_READ, t);
        if (cached.isPresent()) return fromCache(photo, sha, cached.get());
        EmbeddingStore.Claim claim = null;
        if (store != null) {
            claim = await ? store.awaitClaim(sha) : store.tryClaim(sha).orElse(null);
            if (claim == null) return Prepared.busy(photo, sha);
            cached = store.get(sha); // the run that held the claim may have stored it meanwhile
            if (cached.isPresent()) {
                claim.close();
                return fromCache(photo, sha, cached.get());
            }
        }
        try {
            Prepared p = compute(photo, sha, bytes, spec, landmarks, extractor, budget);
            return new Prepared(p.photo(), p.sha256(), p.result(), p.tensor(), claim);
        } catch (RuntimeException | Error e) {
            if (claim != null) claim.close();
            throw e;
        }
    }

    private static Prepared fromCache(Path photo, String sha, EmbeddingStore.Entry e) {
        return new Prepared(photo, sha, new PhotoResult(photo, e.embedding(), e.failure(), true), null);
    }

    private static Prepared compute(Path photo, String sha, byte[] bytes, ModelSpec spec,
                                    FaceMeshLandmarks landmarks, FaceExtractor extractor, Semaphore budget) {
        int permits = budget == null ? 0 : permits(PhotoDecoder.size(bytes));
        FaceTensor face;
        try {
            if (permits > 0) budget.acquireUninterruptibly(permits);
            face = FaceTensor.of(bytes, photo.toString(), extractor, spec, landmarks);
        } finally {
            if (permits > 0) budget.release(permits);
        }
        if (face.tensor() == null) return failed(photo, sha, face.failure());
        return new Prepared(photo, sha, null, face.tensor());
    }

    /**
     * A photo without a tensor. Only a decided fact about the photo ({@link PhotoFailure#decided}) is final and may
     * be cached; any other failure is reported readably and marked to retry.
     */
    private static Prepared failed(Path photo, String sha, String failure) {
        boolean retry = !PhotoFailure.decided(failure);
        String reason = retry ? PhotoFailure.environmental(failure) : failure;
        return new Prepared(photo, sha, new PhotoResult(photo, null, reason, false, retry), null);
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
