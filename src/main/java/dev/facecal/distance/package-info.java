/**
 * Embeddings to distances: DeepFace's four metrics ({@link dev.facecal.distance.DistanceMetric}), the all-pairs
 * engine ({@link dev.facecal.distance.AllPairs}: blocked like a matrix multiplication, vectorised, parallel, every
 * value the reference double or certified against it) and the streaming cutoff counter over all pairs
 * ({@link dev.facecal.distance.CutoffCounter}). Bottom layer.
 */
package dev.facecal.distance;
