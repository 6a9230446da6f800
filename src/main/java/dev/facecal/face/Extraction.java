package dev.facecal.face;

/**
 * The outcome of {@link FaceExtractor#extract}: either a {@link FaceCrop} or a failure reason, never both.
 *
 * @param source     the file or name the image came from
 * @param crop       the face, or {@code null} on failure
 * @param failure    why no face was extracted, or {@code null} on success
 * @param facesFound how many faces the detector reported (0 when the image could not be read)
 */
public record Extraction(String source, FaceCrop crop, String failure, int facesFound) {
    public Extraction {
        if ((crop == null) == (failure == null)) {
            throw new IllegalArgumentException("an extraction has either a crop or a failure reason");
        }
    }

    public static Extraction success(String source, FaceCrop crop, int facesFound) {
        return new Extraction(source, crop, null, facesFound);
    }

    public static Extraction failure(String source, String reason, int facesFound) {
        return new Extraction(source, null, reason, facesFound);
    }

    public boolean ok() {
        return crop != null;
    }
}
