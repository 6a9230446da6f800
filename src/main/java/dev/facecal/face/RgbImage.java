package dev.facecal.face;

import java.awt.image.BufferedImage;

/**
 * A decoded RGB image: {@code rgb[(y * width + x) * 3 + c]}, 0-255, the photo (or face crop) as the model's
 * preprocessing reads it.
 *
 * @param width  pixels per row
 * @param height rows
 * @param rgb    3 values per pixel, row-major
 */
public record RgbImage(int width, int height, int[] rgb) {
    public RgbImage {
        if (width <= 0 || height <= 0 || rgb.length != width * height * 3) {
            throw new IllegalArgumentException("RGB buffer of " + rgb.length + " values for " + width + "x" + height);
        }
    }

    /** The pixels of a Java image (its colour model converted to sRGB 8-bit by {@link BufferedImage#getRGB}). */
    public static RgbImage of(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        int[] rgb = new int[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            rgb[i * 3] = (argb[i] >> 16) & 0xff;
            rgb[i * 3 + 1] = (argb[i] >> 8) & 0xff;
            rgb[i * 3 + 2] = argb[i] & 0xff;
        }
        return new RgbImage(w, h, rgb);
    }

    /** This image as a Java image (for display). */
    public BufferedImage toBufferedImage() {
        int[] argb = new int[width * height];
        for (int i = 0; i < argb.length; i++) {
            argb[i] = (rgb[3 * i] << 16) | (rgb[3 * i + 1] << 8) | rgb[3 * i + 2];
        }
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, width, height, argb, 0, width);
        return img;
    }
}
