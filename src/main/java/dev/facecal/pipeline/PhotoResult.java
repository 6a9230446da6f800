package dev.facecal.pipeline;

import java.nio.file.Path;

/**
 * The embedding of one photo, or why it has none.
 *
 * @param photo     the photo
 * @param embedding the embedding, or null when the photo failed
 * @param failure   why it failed (not found, not an image, no face, several people), or null
 * @param cached    whether the result came from the embedding cache
 * @param retry     the failure is not a fact about the photo (memory, I/O, an unexpected error): not cached, the
 *                  next run tries the photo again
 */
public record PhotoResult(Path photo, float[] embedding, String failure, boolean cached, boolean retry) {
    /** A result whose failure, if any, is a decided fact about the photo. */
    public PhotoResult(Path photo, float[] embedding, String failure, boolean cached) {
        this(photo, embedding, failure, cached, false);
    }

    public PhotoResult {
        if ((embedding == null) == (failure == null)) {
            throw new IllegalArgumentException(photo + ": a result has either an embedding or a failure");
        }
    }

    public boolean ok() {
        return embedding != null;
    }
}
