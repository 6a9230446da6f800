package dev.facecal.face;

import dev.facecal.FacecalException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * The one decoder of photo files, for every path: with a detector ({@link FaceExtractor}) and without
 * ({@code --detector none}, the notebooks' face pictures). It is OpenCV's {@code imread(path, IMREAD_COLOR)}, as
 * DeepFace's {@code load_image} ({@code cv2.imread}), so the {@code opencv} and {@code yunet} backends see the pixels
 * DeepFace sees (libjpeg's IDCT, not Java ImageIO's, which differs by a few units on JPEG pixels), and a photo's
 * pixels no longer depend on the detector chosen. What it does with unusual files, decided here once:
 * <ul>
 *   <li>EXIF orientation (JPEG tag 0x0112, values 2-8): applied, the photo comes out upright
 *       ({@link #jpegOrientation} reads the tag, for reports and tests);</li>
 *   <li>grayscale: three equal channels;</li>
 *   <li>an alpha channel: dropped, not composited (as cv2);</li>
 *   <li>16-bit: scaled to 8-bit (as cv2);</li>
 *   <li>embedded colour profiles (ICC): not applied; the stored values are taken as sRGB (as cv2 and DeepFace).</li>
 * </ul>
 * An unreadable file is a {@link Result} with a reason naming the file, never an exception, so every path treats
 * it the same way (skipped and listed, or the end of a {@code --strict} run).
 */
public final class PhotoDecoder {
    private PhotoDecoder() {}

    /** A decoded photo (BGR, 8-bit, 3 channels; the caller releases it) or why it could not be decoded. */
    public record Result(Mat bgr, String failure) {
        public boolean ok() {
            return bgr != null;
        }
    }

    /** Decodes {@code file} to an OpenCV BGR image. */
    public static Result bgr(Path file) {
        if (!Files.isRegularFile(file)) return new Result(null, "image not found");
        OpenCvNative.load();
        Mat img;
        try {
            String name = file.toString();
            // a name that is not UTF-8 shows as U+FFFD and OpenCV could not open it by name: decode its bytes
            img = name.indexOf('\uFFFD') < 0 ? Imgcodecs.imread(name, Imgcodecs.IMREAD_COLOR)
                    : Imgcodecs.imdecode(new org.opencv.core.MatOfByte(Files.readAllBytes(file)), Imgcodecs.IMREAD_COLOR);
        } catch (java.io.IOException e) {
            return new Result(null, "cannot read the file: " + e.getMessage());
        } catch (RuntimeException e) {
            return new Result(null, "cannot decode the image: " + e.getMessage());
        }
        if (img == null || img.empty()) {
            return new Result(null, "not an image OpenCV can decode (empty, truncated or not a picture)");
        }
        return new Result(img, null);
    }

    /** Decodes {@code file} to RGB; an undecodable file is a {@link FacecalException} naming it and the reason. */
    public static RgbImage rgb(Path file) {
        Result r = bgr(file);
        if (!r.ok()) throw new FacecalException(file + ": " + r.failure());
        try {
            return toRgb(r.bgr());
        } finally {
            r.bgr().release();
        }
    }

    /** A BGR 8-bit 3-channel Mat as {@link RgbImage}. */
    public static RgbImage toRgb(Mat bgr) {
        Mat rgb = new Mat();
        Imgproc.cvtColor(bgr, rgb, Imgproc.COLOR_BGR2RGB);
        int w = rgb.cols(), h = rgb.rows();
        byte[] buf = new byte[w * h * 3];
        Mat cont = rgb.isContinuous() ? rgb : rgb.clone();
        cont.get(0, 0, buf);
        if (cont != rgb) cont.release();
        rgb.release();
        int[] px = new int[buf.length];
        for (int i = 0; i < buf.length; i++) px[i] = buf[i] & 0xff;
        return new RgbImage(w, h, px);
    }

    /**
     * The EXIF orientation of a JPEG file's bytes (tag 0x0112 of IFD0 in the first APP1 {@code Exif} segment), 1 when
     * the file is not a JPEG, has no such tag, or the tag is malformed. {@link #bgr} applies it (OpenCV does).
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
