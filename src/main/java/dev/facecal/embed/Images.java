package dev.facecal.embed;

import dev.facecal.FacecalException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Decodes image files to RGB pixels (Java ImageIO: JPEG, PNG, BMP, GIF). */
public final class Images {
    private Images() {}

    /** An RGB image: {@code rgb[(y * width + x) * 3 + c]}, 0-255. */
    public record Rgb(int width, int height, int[] rgb) {
        public Rgb {
            if (rgb.length != width * height * 3) {
                throw new IllegalArgumentException("RGB buffer of " + rgb.length + " values for " + width + "x" + height);
            }
        }

        public static Rgb of(BufferedImage img) {
            int w = img.getWidth(), h = img.getHeight();
            int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
            int[] rgb = new int[w * h * 3];
            for (int i = 0; i < argb.length; i++) {
                rgb[i * 3] = (argb[i] >> 16) & 0xff;
                rgb[i * 3 + 1] = (argb[i] >> 8) & 0xff;
                rgb[i * 3 + 2] = argb[i] & 0xff;
            }
            return new Rgb(w, h, rgb);
        }
    }

    /** Reads an image file; a missing or undecodable file is a {@link FacecalException} naming it. */
    public static Rgb read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new FacecalException(file + ": image not found");
        }
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) {
                throw new FacecalException(file + ": not an image facecal can decode (JPEG, PNG, BMP or GIF)");
            }
            return Rgb.of(img);
        } catch (IOException e) {
            throw new FacecalException(file + ": cannot decode the image (" + e.getMessage() + "); is it truncated?", e);
        }
    }
}
