package dev.facecal.pipeline;

import dev.facecal.embed.PhotoFailure;
import java.util.Locale;

/**
 * What became of one photo in {@link PhotoEmbedder}, as a short label for tables ({@code spark embed}'s
 * {@code status} column): embedded, or which kind of failure. The kind is read from the face stage's reason, as
 * {@link PhotoFailure} does; only {@link #ERROR} is not a fact about the photo (memory, I/O, an unexpected error) and
 * is worth retrying.
 */
public enum PhotoStatus {
    /** Embedded. */
    OK("ok"),
    /** No face was found (or the aligned crop was empty). */
    NO_FACE("no_face"),
    /** Several faces and the multi-face policy kept none. */
    SEVERAL_FACES("several_faces"),
    /** The file is not an image facecal decodes (empty, truncated, not a picture, too large). */
    UNREADABLE("unreadable"),
    /** The environment failed (memory, I/O, an unexpected error): not a fact about the photo; run again. */
    ERROR("error");

    private final String label;

    PhotoStatus(String label) {
        this.label = label;
    }

    /** The label: {@code ok}, {@code no_face}, {@code several_faces}, {@code unreadable} or {@code error}. */
    public String label() {
        return label;
    }

    /** Whether running again may give another outcome. */
    public boolean retry() {
        return this == ERROR;
    }

    /** The status of a failure reason of the face stage; {@code null} (no failure) is {@link #OK}. */
    public static PhotoStatus of(String failure) {
        if (failure == null) return OK;
        if (!PhotoFailure.decided(failure)) return ERROR;
        String r = failure.toLowerCase(Locale.ROOT);
        if (r.startsWith("no face") || r.contains("face crop is empty")) return NO_FACE;
        if (r.matches("^\\d+ faces detected.*")) return SEVERAL_FACES;
        return UNREADABLE;
    }

    /** The status of a label, as written by {@link #label()}. */
    public static PhotoStatus parse(String label) {
        for (PhotoStatus s : values()) {
            if (s.label.equals(label)) return s;
        }
        throw new IllegalArgumentException("not a photo status: " + label);
    }
}
