package dev.facecal.notebook;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * One tile of a face-pair gallery: the two faces (as the model saw them, or the photos) and a caption.
 *
 * @param left    first face, not null
 * @param right   second face, not null
 * @param caption text under the pair; newlines become line breaks
 */
public record FacePairTile(BufferedImage left, BufferedImage right, String caption) {
    /** Rejects null images or caption. */
    public FacePairTile {
        Objects.requireNonNull(left, "left image");
        Objects.requireNonNull(right, "right image");
        Objects.requireNonNull(caption, "caption");
    }
}
