package dev.facecal.spark;

import java.io.Serializable;

/**
 * One block of embeddings as it travels between Spark tasks: the block's number, its vectors and each vector's
 * person as a dense integer (the driver numbers the identities once), and each vector's row number in the table's
 * stable order ({@link EmbeddingTable#blocks}: sorted by identity, then path), which the seeded negative sample
 * and {@code spark identify} key on.
 *
 * @param id      the block's number, 0-based
 * @param vectors embeddings of one length
 * @param labels  the person of each
 * @param rows    the row number of each, 0-based, in the table's stable order
 */
record VectorBlock(int id, float[][] vectors, int[] labels, long[] rows) implements Serializable {
    VectorBlock {
        if (vectors.length != labels.length || vectors.length != rows.length) {
            throw new IllegalArgumentException("block " + id + ": " + vectors.length + " vectors, " + labels.length
                    + " labels, " + rows.length + " row numbers");
        }
    }
}
