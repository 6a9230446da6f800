package dev.facecal.pipeline;

import java.util.Objects;

/**
 * The outcome of embedding one photo given as bytes ({@link PhotoEmbedder}): its content hash and an embedding, or
 * the status and reason of its failure.
 *
 * @param name      the photo's name or path, as the caller gave it (only echoed, never opened)
 * @param sha256    the SHA-256 of the photo's bytes (hex), or {@code null} when they could not be read
 * @param status    {@link PhotoStatus#OK} exactly when there is an embedding
 * @param reason    why there is no embedding, or {@code null}
 * @param embedding the embedding, or {@code null}
 */
public record EmbeddedPhoto(String name, String sha256, PhotoStatus status, String reason, float[] embedding) {
    public EmbeddedPhoto {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        if ((status == PhotoStatus.OK) != (embedding != null) || (embedding == null) == (reason == null)) {
            throw new IllegalArgumentException(name + ": status ok with an embedding and no reason, or a failure "
                    + "status with a reason and no embedding (got " + status + ", reason " + reason + ")");
        }
    }

    /** A photo whose bytes could not be read at all: {@link PhotoStatus#ERROR} when retrying may help. */
    public static EmbeddedPhoto unread(String name, String reason) {
        return new EmbeddedPhoto(name, null, PhotoStatus.of(reason), reason, null);
    }

    public boolean ok() {
        return status == PhotoStatus.OK;
    }
}
