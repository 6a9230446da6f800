package dev.facecal.models;

import dev.facecal.embed.ModelSpec;

/**
 * The sidecar of an installed model ({@code <name>.json} beside {@code <name>.onnx}): where it came from and how
 * to feed it. Its presence marks a complete install: it is written after the ONNX file has been moved into place.
 *
 * @param name          model name
 * @param source        what it was made from (package and version, file name)
 * @param sourceSha256  SHA-256 of the source file (tarball, HDF5 or ONNX)
 * @param onnxSha256    SHA-256 of the installed ONNX file
 * @param spec          input/output conventions
 * @param converter     what produced the ONNX file ({@code facecal 0.1.0 DlibConverter}, {@code copy})
 */
public record InstalledModel(String name, String source, String sourceSha256, String onnxSha256, ModelSpec spec,
                             String converter) {}
