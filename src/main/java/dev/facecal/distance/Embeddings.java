package dev.facecal.distance;

/** Checks on a set of embeddings. */
final class Embeddings {
    private Embeddings() {}

    /** The common length of the embeddings (0 for none). */
    static int dimension(float[][] embeddings) {
        if (embeddings.length == 0) {
            return 0;
        }
        int dim = -1;
        for (int i = 0; i < embeddings.length; i++) {
            if (embeddings[i] == null) {
                throw new IllegalArgumentException("embedding " + i + " is null");
            }
            if (dim < 0) {
                dim = embeddings[i].length;
            } else if (embeddings[i].length != dim) {
                throw new IllegalArgumentException("embedding " + i + " has " + embeddings[i].length
                        + " values, embedding 0 has " + dim);
            }
        }
        return dim;
    }
}
