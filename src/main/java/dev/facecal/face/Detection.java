package dev.facecal.face;

/**
 * One face found by a {@link FaceDetector}, in the coordinates of the image it was given.
 *
 * @param box        the face rectangle
 * @param leftEye    the person's left eye (the one on the observer's right), or {@code null} when not found
 * @param rightEye   the person's right eye (on the observer's left), or {@code null} when not found
 * @param confidence the detector's score; for {@link HaarDetector} DeepFace's {@code (100 - levelWeight) / 100},
 *                   which is not a probability (it can be negative or above 1); for {@link YuNetDetector} YuNet's
 *                   score in {@code [0, 1]}
 */
public record Detection(Box box, Landmark leftEye, Landmark rightEye, double confidence) {
    public boolean hasEyes() {
        return leftEye != null && rightEye != null;
    }
}
