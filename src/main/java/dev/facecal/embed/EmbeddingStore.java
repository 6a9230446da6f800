package dev.facecal.embed;

import dev.facecal.FacecalException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Embeddings cached on disk, one small file per photo, keyed by the photo's content hash inside a folder per
 * configuration (model file hash + detector + alignment options, see {@link #key}). Every entry is written to a
 * temporary file and moved into place atomically, so a run that is killed halfway leaves only complete entries:
 * the next run loads them and computes only the rest. A photo that failed for a decided reason (no face, several
 * faces, not an image) is cached too, as a {@code .fail} file with its reason, so it is reported again without being
 * recomputed; a failure of the environment (memory, I/O) or an unexpected error is never cached
 * ({@link PhotoFailure}), and an entry holding NaN is dropped and recomputed.
 *
 * <p>Runs that share a cache folder (two terminals, two notebooks) compute each photo once: a run claims a photo
 * ({@link #tryClaim}) before computing it, with an OS file lock on {@code <sha256>.lock} (not a marker file, so a
 * claim of a killed run ends with its process), and looks the photo up again once it holds the claim.
 *
 * <p>Entry format: {@code <sha256>.f32} holds the dimension (int32, little-endian) then the float32 values.
 *
 * @param dir the folder of one configuration
 */
public record EmbeddingStore(Path dir) {

    /** A configuration's folder under {@code root}: {@code <model>-<first 16 hex of sha256(parts)>}. */
    public static EmbeddingStore of(Path root, String model, String... configuration) {
        String joined = model + "|" + String.join("|", configuration);
        String h = sha256(joined.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        return new EmbeddingStore(root.resolve(model.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + h));
    }

    /** A cached result: the embedding, or the reason the photo failed. */
    public record Entry(float[] embedding, String failure) {
        public boolean ok() {
            return embedding != null;
        }
    }

    public Optional<Entry> get(String photoSha256) {
        Path f = dir.resolve(photoSha256 + ".f32");
        Path fail = dir.resolve(photoSha256 + ".fail");
        try {
            if (Files.isRegularFile(f)) {
                ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
                int dim = b.getInt();
                if (dim <= 0 || b.remaining() != 4L * dim) {
                    Files.deleteIfExists(f); // unreadable entry (should not happen with atomic writes): recompute
                    return Optional.empty();
                }
                float[] v = new float[dim];
                b.asFloatBuffer().get(v);
                for (float x : v) {
                    if (!Float.isFinite(x)) { // NaN or infinite: not an embedding a model gives; recompute
                        Files.deleteIfExists(f);
                        return Optional.empty();
                    }
                }
                return Optional.of(new Entry(v, null));
            }
            if (Files.isRegularFile(fail)) {
                String reason = Files.readString(fail, StandardCharsets.UTF_8);
                if (!PhotoFailure.decided(reason)) { // an environment error cached by facecal before issue 11
                    Files.deleteIfExists(fail);
                    return Optional.empty();
                }
                return Optional.of(new Entry(null, reason));
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new FacecalException("cannot read the embedding cache " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Stores an embedding; one with a NaN or infinite value is not stored (it would poison every later run). */
    public void put(String photoSha256, float[] embedding) {
        for (float x : embedding) {
            if (!Float.isFinite(x)) return;
        }
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * embedding.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(embedding.length);
        b.asFloatBuffer().put(embedding);
        write(photoSha256 + ".f32", b.array());
    }

    /**
     * Stores a decided failure (no face, several faces, not an image); a failure that is not decided
     * ({@link PhotoFailure#decided}: memory, I/O, an unexpected error) is not stored, so the next run retries it.
     */
    public void putFailure(String photoSha256, String reason) {
        if (!PhotoFailure.decided(reason)) return;
        write(photoSha256 + ".fail", reason.getBytes(StandardCharsets.UTF_8));
    }

    private void write(String name, byte[] bytes) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + name, ".part");
            try {
                Files.write(tmp, bytes);
                Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new FacecalException("cannot write to the embedding cache " + dir + ": " + e.getMessage()
                    + " (check the folder's permissions and free space, or choose another with --cache)", e);
        }
    }

    /**
     * The right to compute one photo, held until it is closed (after its result is stored). The lock file is deleted
     * on close; a run that opened it just before waits on the deleted file's lock and then finds the stored entry.
     */
    public static final class Claim implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;
        private final Path file;

        private Claim(FileChannel channel, FileLock lock, Path file) {
            this.channel = channel;
            this.lock = lock;
            this.file = file;
        }

        @Override
        public void close() {
            try {
                Files.deleteIfExists(file);
                lock.release();
                channel.close();
            } catch (IOException e) {
                // the lock ends with the channel or the process at the latest; nothing else depends on it
            }
        }
    }

    /**
     * Claims {@code photoSha256} for this run: a claim, or empty while another run (or another thread of this run,
     * for a second file with the same content) holds it.
     */
    public Optional<Claim> tryClaim(String photoSha256) {
        return claim(photoSha256, false);
    }

    /** Claims {@code photoSha256}, waiting while another run holds it. */
    public Claim awaitClaim(String photoSha256) {
        while (true) {
            Optional<Claim> c = claim(photoSha256, true);
            if (c.isPresent()) return c.get();
            try {
                Thread.sleep(50); // held by another thread of this run: it releases the claim once stored
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FacecalException("interrupted while waiting for another run to finish a photo", e);
            }
        }
    }

    private Optional<Claim> claim(String photoSha256, boolean wait) {
        Path file = dir.resolve(photoSha256 + ".lock");
        FileChannel ch = null;
        try {
            Files.createDirectories(dir);
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = wait ? ch.lock() : ch.tryLock();
            if (lock == null) {
                ch.close();
                return Optional.empty();
            }
            return Optional.of(new Claim(ch, lock, file));
        } catch (OverlappingFileLockException e) {
            close(ch);
            return Optional.empty();
        } catch (IOException e) {
            close(ch);
            throw new FacecalException("cannot write to the embedding cache " + dir + ": " + e.getMessage()
                    + " (check the folder's permissions and free space, or choose another with --cache)", e);
        }
    }

    private static void close(FileChannel ch) {
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing a channel that was never locked
        }
    }

    /** SHA-256 of bytes, lower-case hex. */
    public static String sha256(byte[] bytes) {
        return dev.facecal.Sha256.of(bytes);
    }
}
