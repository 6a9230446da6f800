/**
 * Seed 002 (precision and recall per cutoff over 81.9 M pairs): the embeddings at scale (LFW or synthetic), the
 * streaming cutoff counts and the published figures. Plain records; tables in {@code notebook.Seed002Tables}.
 */
package dev.facecal.study.scale;
