package dev.facecal.embed;

import dev.facecal.FacecalException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Decodes image files to RGB pixels (Java ImageIO: JPEG, PNG, BMP, GIF), for the paths that take an image as the face
 * itself ({@code --detector none}). A JPEG's EXIF orientation (tag 0x0112 in the APP1 segment, values 2 to 8) is
 * applied after decoding, as OpenCV's {@code imread(IMREAD_COLOR)} does in the detector path ({@code
 * dev.facecal.face.FaceExtractor}) and in DeepFace's {@code load_image}; the two paths then agree on the image's
 * orientation and size, though not to the last bit on JPEG pixel values (ImageIO's and libjpeg's decoders differ
 * slightly). Other formats are taken as stored. Grayscale images come out as three equal channels; an alpha channel
 * is dropped (not composited), as with OpenCV.
 */
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

        /**
         * This image as displayed under EXIF orientation {@code o} (1 to 8; 1 and unknown values: unchanged), with
         * OpenCV's transforms: 2 mirror, 3 rotate 180, 4 flip vertically, 5 transpose, 6 rotate 90 clockwise,
         * 7 transverse, 8 rotate 90 counter-clockwise.
         */
        public Rgb oriented(int o) {
            if (o < 2 || o > 8) return this;
            boolean transpose = o >= 5;
            boolean flipH = o == 2 || o == 3 || o == 6 || o == 7;
            boolean flipV = o == 3 || o == 4 || o == 7 || o == 8;
            int ow = transpose ? height : width, oh = transpose ? width : height;
            int[] out = new int[rgb.length];
            for (int y = 0; y < oh; y++) {
                int fy = flipV ? oh - 1 - y : y;
                for (int x = 0; x < ow; x++) {
                    int fx = flipH ? ow - 1 - x : x;
                    int sx = transpose ? fy : fx, sy = transpose ? fx : fy;
                    System.arraycopy(rgb, (sy * width + sx) * 3, out, (y * ow + x) * 3, 3);
                }
            }
            return new Rgb(ow, oh, out);
        }
    }

    /** Reads an image file; a missing or undecodable file is a {@link FacecalException} naming it. */
    public static Rgb read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new FacecalException(file + ": image not found");
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
            if (img == null) {
                throw new FacecalException(file + ": not an image facecal can decode (JPEG, PNG, BMP or GIF)");
            }
            return Rgb.of(img).oriented(jpegOrientation(bytes));
        } catch (IOException e) {
            throw new FacecalException(file + ": cannot decode the image (" + e.getMessage() + "); is it truncated?", e);
        }
    }

    /**
     * The EXIF orientation of a JPEG file's bytes (tag 0x0112 of IFD0 in the first APP1 {@code Exif} segment), 1 when
     * the file is not a JPEG, has no such tag, or the tag is malformed.
     */
    public static int jpegOrientation(byte[] b) {
        if (b.length < 4 || (b[0] & 0xff) != 0xFF || (b[1] & 0xff) != 0xD8) return 1;
        int p = 2;
        while (p + 4 <= b.length) {
            if ((b[p] & 0xff) != 0xFF) return 1;
            int marker = b[p + 1] & 0xff;
            if (marker == 0xFF) { // fill byte
                p++;
                continue;
            }
            if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
                p += 2;
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) return 1; // start of scan / end of image: no EXIF before
            int len = u16(b, p + 2, true);
            if (len < 2 || p + 2 + len > b.length) return 1;
            if (marker == 0xE1 && len >= 8 && b[p + 4] == 'E' && b[p + 5] == 'x' && b[p + 6] == 'i' && b[p + 7] == 'f'
                    && b[p + 8] == 0 && b[p + 9] == 0) {
                return tiffOrientation(b, p + 10, p + 2 + len);
            }
            p += 2 + len;
        }
        return 1;
    }

    private static int tiffOrientation(byte[] b, int tiff, int end) {
        if (tiff + 8 > end) return 1;
        boolean big;
        if (b[tiff] == 'M' && b[tiff + 1] == 'M') big = true;
        else if (b[tiff] == 'I' && b[tiff + 1] == 'I') big = false;
        else return 1;
        if (u16(b, tiff + 2, big) != 42) return 1;
        long ifd = u32(b, tiff + 4, big);
        if (ifd < 8 || tiff + ifd + 2 > end) return 1;
        int q = (int) (tiff + ifd);
        int n = u16(b, q, big);
        for (int i = 0; i < n; i++) {
            int e = q + 2 + 12 * i;
            if (e + 12 > end) return 1;
            if (u16(b, e, big) == 0x0112) {
                int type = u16(b, e + 2, big);
                int v = type == 3 ? u16(b, e + 8, big) : type == 4 ? (int) u32(b, e + 8, big) : 1;
                return v >= 1 && v <= 8 ? v : 1;
            }
        }
        return 1;
    }

    private static int u16(byte[] b, int p, boolean big) {
        int a = b[p] & 0xff, c = b[p + 1] & 0xff;
        return big ? (a << 8) | c : (c << 8) | a;
    }

    private static long u32(byte[] b, int p, boolean big) {
        long v = 0;
        for (int i = 0; i < 4; i++) v |= (long) (b[p + (big ? i : 3 - i)] & 0xff) << (8 * (3 - i));
        return v;
    }
}
