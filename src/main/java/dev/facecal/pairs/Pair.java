package dev.facecal.pairs;

/**
 * Two photos and whether they show the same person (DeepFace's {@code file_x}, {@code file_y} and
 * {@code decision} Yes/No).
 *
 * @param fileX the first photo, as the dataset names it
 * @param fileY the second photo
 * @param same  true for a same-person ("Yes") pair
 */
public record Pair(String fileX, String fileY, boolean same) {
    public Pair {
        if (fileX == null || fileX.isBlank() || fileY == null || fileY.isBlank()) {
            throw new IllegalArgumentException("a pair needs two photo names, got '" + fileX + "' and '" + fileY + "'");
        }
    }

    /** {@code Yes} or {@code No}, as DeepFace writes the decision. */
    public String decision() {
        return same ? "Yes" : "No";
    }
}
