package dev.facecal.face;

/**
 * An extracted face.
 *
 * @param pixels     the aligned, cropped face, RGB 0-255 (DeepFace's {@code face} before its division by 255)
 * @param box        the detected face rectangle in the original image, clamped as DeepFace reports it
 *                   ({@code x, y >= 0}, {@code w <= width - x - 1}, {@code h <= height - y - 1})
 * @param leftEye    the person's left eye in the original image, or {@code null} (not found, or outside the image)
 * @param rightEye   the person's right eye in the original image, or {@code null}
 * @param angle      the rotation applied to level the eyes, degrees (0 when not aligned)
 * @param confidence the detector's score (see {@link Detection#confidence()})
 */
public record FaceCrop(RgbImage pixels, Box box, Landmark leftEye, Landmark rightEye, double angle, double confidence) {}
