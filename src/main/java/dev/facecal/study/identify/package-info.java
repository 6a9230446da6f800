/**
 * Seed 003 (MagFace baseline): verification by cosine similarity through {@code calibrate}'s similarity direction,
 * rank-1 identification, a classification head, and the published figures. Plain records; tables in
 * {@code notebook.Seed003Tables}.
 */
package dev.facecal.study.identify;
