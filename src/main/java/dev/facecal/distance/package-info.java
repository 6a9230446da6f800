/**
 * Embeddings to distances: DeepFace's four metrics ({@link dev.facecal.distance.DistanceMetric}) and the all-pairs
 * engine (vectorised, parallel). Bottom layer.
 */
package dev.facecal.distance;
