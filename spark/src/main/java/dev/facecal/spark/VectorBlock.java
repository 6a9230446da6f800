package dev.facecal.spark;

import java.io.Serializable;

/**
 * One block of embeddings as it travels between Spark tasks: the block's number, its vectors and each vector's
 * person as a dense integer (the driver numbers the identities once).
 *
 * @param id      the block's number, 0-based
 * @param vectors embeddings of one length
 * @param labels  the person of each
 */
record VectorBlock(int id, float[][] vectors, int[] labels) implements Serializable {
    VectorBlock {
        if (vectors.length != labels.length) {
            throw new IllegalArgumentException("block " + id + ": " + vectors.length + " vectors, " + labels.length
                    + " labels");
        }
    }
}
