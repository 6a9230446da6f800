/**
 * The data flow, one owner per stage, each an entry point with an options record: dataset
 * ({@link dev.facecal.pipeline.DatasetStage}, {@link dev.facecal.pipeline.DatasetSource}) → pairs
 * ({@link dev.facecal.pipeline.PairStage}, {@link dev.facecal.pipeline.PairOptions}) → faces
 * ({@link dev.facecal.pipeline.FaceStage}, {@link dev.facecal.pipeline.FaceOptions}) → embeddings
 * ({@link dev.facecal.pipeline.EmbeddingStage}, {@link dev.facecal.pipeline.EmbeddingOptions}) → distances
 * ({@link dev.facecal.pipeline.DistanceStage}, {@link dev.facecal.pipeline.DistanceOptions}) → calibration
 * ({@link dev.facecal.pipeline.CalibrationStage}, {@link dev.facecal.pipeline.TableOptions} and
 * {@code calibrate.CalibrationOptions}) → exports ({@link dev.facecal.pipeline.ExportStage},
 * {@link dev.facecal.pipeline.ExportFormat}). The command line, the notebooks and the studies call the same stages;
 * long stages report through {@link dev.facecal.pipeline.Progress}. Results are plain records with their provenance.
 */
package dev.facecal.pipeline;
