/**
 * A calibration as text, JSON, deepface-rs blocks, DeepFace config entries or Java constants, each with its provenance.
 * A new exporter: a class here and a constant of {@code pipeline.ExportFormat}. Bottom layer (plain strings: no
 * presentation library).
 */
package dev.facecal.export;
