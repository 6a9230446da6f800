/**
 * Pairs of photos: DeepFace's pair generation ({@link dev.facecal.pairs.PairGenerator}), identity-disjoint splits
 * ({@link dev.facecal.pairs.IdentitySplit}, {@link dev.facecal.pairs.SplitPart}) and the one pair-list reader and
 * writer ({@link dev.facecal.pairs.PairList}, RFC 4180 both ways). Bottom layer.
 */
package dev.facecal.pairs;
