package dev.facecal.dataset;

/**
 * One photo with the person it shows.
 *
 * @param file     the photo, relative to the dataset's root
 * @param identity the person's name ({@link Identity#name()})
 */
public record LabelledImage(String file, String identity) {
    public LabelledImage {
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException("a labelled image needs a file, got '" + file + "'");
        }
        if (identity == null || identity.isBlank()) {
            throw new IllegalArgumentException(file + ": a labelled image needs an identity, got '" + identity + "'");
        }
    }
}
