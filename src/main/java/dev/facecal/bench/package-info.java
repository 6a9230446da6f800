/**
 * Benchmarks as library code: the calibration benchmark ({@link dev.facecal.bench.CalibrationBench}, with the Python
 * reference), the embedding benchmark ({@link dev.facecal.bench.EmbeddingBench}, with face-api's tfjs), the model's
 * operations from its ONNX graph ({@link dev.facecal.bench.OnnxFlops}), the machine ({@link dev.facecal.bench.CpuInfo},
 * {@link dev.facecal.bench.MachinePeak}, {@link dev.facecal.bench.ProcStat}, {@link dev.facecal.bench.HeapMonitor})
 * and their markdown reports. The {@code bench} and {@code bench-embed} commands only parse and print. Speed is
 * measured, never asserted.
 */
package dev.facecal.bench;
