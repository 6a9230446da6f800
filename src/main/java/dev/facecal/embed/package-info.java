/**
 * Face to embedding: how a model is fed ({@link dev.facecal.embed.ModelSpec}, {@link dev.facecal.embed.Preprocess}), the
 * ONNX Runtime session ({@link dev.facecal.embed.FaceModel}) and the embedding cache on disk
 * ({@link dev.facecal.embed.EmbeddingStore}). Bottom layer; reads faces from {@code face}.
 */
package dev.facecal.embed;
