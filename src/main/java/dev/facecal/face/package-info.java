/**
 * Photo to face: the one decoder ({@link dev.facecal.face.PhotoDecoder}, OpenCV's {@code imread} as DeepFace), the
 * detectors ({@link dev.facecal.face.Detector}: Haar cascades, YuNet, none), the multi-face policy, DeepFace's eye
 * alignment and the crop ({@link dev.facecal.face.FaceExtractor}). A new detector: a {@link dev.facecal.face.FaceDetector}
 * implementation and a constant of {@link dev.facecal.face.Detector}. Bottom layer: depends on nothing above it, not
 * even {@code embed}.
 */
package dev.facecal.face;
