package dev.facecal.pipeline;

import dev.facecal.FacecalException;
import dev.facecal.Sha256;
import dev.facecal.embed.EmbeddingStore;
import dev.facecal.embed.ModelSpec;
import dev.facecal.embed.PhotoFailure;
import dev.facecal.embed.Preprocess;
import dev.facecal.face.Extraction;
import dev.facecal.face.FaceExtractor;
import dev.facecal.face.PhotoDecoder;
import dev.facecal.face.RgbImage;
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
    record Prepared(Path photo, String sha256, PhotoResult result, float[] tensor) {
        Prepared {
            if ((result == null) == (tensor == null)) {
                throw new IllegalArgumentException(photo + ": prepared as a tensor or as a result, not both");
            }
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

    Future<Prepared> submit(Path photo, EmbeddingStore store, ModelSpec spec) {
        return pool.submit(() -> {
            StageClock.attach(clock);
            FaceExtractor ex = free.poll();
            if (ex == null) ex = open.get();
            try {
                return prepare(photo, store, spec, ex, budget);
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
     * Megapixels of detector input that may be in work at once, over all workers: OpenCV's Haar cascade needs about
     * 54 bytes per pixel of the bordered image it scans (4 times the photo), 1.1 GB for a 4 MP photo, so two large
     * photos are not detected side by side; a photo larger than the budget runs alone.
     */
    static final int BUDGET_MEGAPIXELS = 24;

    static int permits(PhotoDecoder.Size size) {
        if (size == null) return 1;
        long mp = (size.pixels() * 4 + 999_999) / 1_000_000;
        return (int) Math.max(1, Math.min(BUDGET_MEGAPIXELS, mp));
    }

    /** Prepares one photo; {@code budget} (may be null) bounds the detector input in work at once. */
    static Prepared prepare(Path photo, EmbeddingStore store, ModelSpec spec, FaceExtractor extractor,
                            Semaphore budget) {
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
        if (cached.isPresent()) {
            EmbeddingStore.Entry e = cached.get();
            return new Prepared(photo, sha, new PhotoResult(photo, e.embedding(), e.failure(), true), null);
        }
        RgbImage face;
        String failure;
        int permits = budget == null ? 0 : permits(PhotoDecoder.size(bytes));
        try {
            if (permits > 0) budget.acquireUninterruptibly(permits);
            Extraction ex = extractor.extract(bytes, photo.toString());
            face = ex.ok() ? ex.crop().pixels() : null;
            failure = ex.failure();
        } catch (RuntimeException | OutOfMemoryError e) {
            face = null;
            failure = PhotoFailure.environmental(e);
        } finally {
            if (permits > 0) budget.release(permits);
        }
        if (face == null) return failed(photo, sha, failure);
        t = System.nanoTime();
        float[] tensor = Preprocess.tensor(face.rgb(), face.width(), face.height(), spec);
        StageClock.add(StageClock.Stage.PREPROCESS, t);
        return new Prepared(photo, sha, null, tensor);
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
