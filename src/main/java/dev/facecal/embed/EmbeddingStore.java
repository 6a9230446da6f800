package dev.facecal.embed;

import dev.facecal.FacecalException;
import java.io.IOException;
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
 * the next run loads them and computes only the rest. A photo that failed (no face, unreadable) is cached too, as
 * a {@code .fail} file with its reason, so it is reported again without being recomputed.
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
                return Optional.of(new Entry(v, null));
            }
            if (Files.isRegularFile(fail)) {
                return Optional.of(new Entry(null, Files.readString(fail, StandardCharsets.UTF_8)));
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new FacecalException("cannot read the embedding cache " + dir + ": " + e.getMessage(), e);
        }
    }

    public void put(String photoSha256, float[] embedding) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * embedding.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(embedding.length);
        b.asFloatBuffer().put(embedding);
        write(photoSha256 + ".f32", b.array());
    }

    public void putFailure(String photoSha256, String reason) {
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
            throw new FacecalException("cannot write to the embedding cache " + dir + ": " + e.getMessage(), e);
        }
    }

    /** SHA-256 of bytes, lower-case hex. */
    public static String sha256(byte[] bytes) {
        return dev.facecal.Sha256.of(bytes);
    }
}
