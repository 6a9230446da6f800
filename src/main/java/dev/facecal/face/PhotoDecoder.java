package dev.facecal.face;

import dev.facecal.FacecalException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
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

    /**
     * Photos up to this many pixels (4096 x 4096, 16.8 MP) are decoded at full resolution, so that every photo of
     * DeepFace's test set (the largest has 14 MP) gives DeepFace's pixels. A larger JPEG is decoded at 1/2, 1/4 or 1/8
     * scale by libjpeg's DCT scaling ({@code IMREAD_REDUCED_COLOR_*}: the full image is never in memory), the first
     * that fits; its crop then differs from DeepFace's, which decodes in full. A larger photo in another format, or
     * a JPEG that does not fit even at 1/8, is not decoded: the photo is skipped with its size and this limit. Why
     * a limit at all: DeepFace's detection runs on the photo with a border of half its size on each side (4 times the
     * pixels), and OpenCV's cascade keeps integral images of it, about 50 bytes per photo pixel, so a 144 MP photo
     * would need 7 GB (issue 11: 4.8 GB RSS for one 12000 x 12000 JPEG).
     */
    public static final long MAX_PIXELS = 4096L * 4096;

    /** The reduced decodings libjpeg offers, by scale denominator. */
    private static final int[][] REDUCED = {
        {1, Imgcodecs.IMREAD_COLOR}, {2, Imgcodecs.IMREAD_REDUCED_COLOR_2}, {4, Imgcodecs.IMREAD_REDUCED_COLOR_4},
        {8, Imgcodecs.IMREAD_REDUCED_COLOR_8}};

    /**
     * A decoded photo (BGR, 8-bit, 3 channels; the caller releases it) or why it could not be decoded.
     *
     * @param scale the scale denominator the photo was decoded at (1: full resolution; 2, 4, 8: JPEG DCT scaling)
     */
    public record Result(Mat bgr, String failure, int scale) {
        public Result(Mat bgr, String failure) {
            this(bgr, failure, 1);
        }

        public boolean ok() {
            return bgr != null;
        }
    }

    /** A photo's size as its header gives it, before any decoding. */
    public record Size(int width, int height) {
        public long pixels() {
            return (long) width * height;
        }

        @Override
        public String toString() {
            return width + " x " + height + " (" + String.format(java.util.Locale.ROOT, "%.1f", pixels() / 1e6) + " MP)";
        }
    }

    /** Decodes {@code file} to an OpenCV BGR image at full resolution (within {@link #MAX_PIXELS}). */
    public static Result bgr(Path file) {
        if (!Files.isRegularFile(file)) return new Result(null, "image not found");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (java.io.IOException | OutOfMemoryError e) {
            return new Result(null, "cannot read the file: " + e);
        }
        return bgr(bytes, 0);
    }

    /**
     * Decodes a photo file's bytes (read once by the caller, who also hashes them) to an OpenCV BGR image, with
     * {@code imdecode}: the decoder {@code imread} uses (EXIF orientation applied the same way). What is checked
     * first, so that no damaged file is silently embedded: an empty file; a JPEG whose data ends before its
     * end-of-image marker ({@link #jpegDefect}: libjpeg would fill the rest with gray and only print "Premature end
     * of JPEG file"); a photo larger than {@link #MAX_PIXELS} (decoded reduced, or skipped).
     *
     * @param minLongSide the longest side the caller needs: a JPEG is decoded at the smallest DCT scale (1/2, 1/4,
     *                    1/8) that keeps its longer side at least this long; 0 for full resolution (DeepFace's pixels)
     */
    public static Result bgr(byte[] bytes, int minLongSide) {
        if (bytes.length == 0) return new Result(null, "empty file (0 bytes): not an image; replace or remove it");
        long t = System.nanoTime();
        boolean jpeg = bytes.length >= 2 && (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xD8;
        if (jpeg) {
            String defect = jpegDefect(bytes);
            if (defect != null) return new Result(null, defect + "; re-copy or re-download the photo, or remove it");
        }
        Size size = size(bytes);
        int scale = 1;
        if (size != null) {
            scale = 0;
            for (int[] r : REDUCED) {
                if (!jpeg && r[0] > 1) break;
                long w = (size.width() + r[0] - 1) / r[0], h = (size.height() + r[0] - 1) / r[0];
                if (w * h > MAX_PIXELS) continue;
                if (minLongSide <= 0) { // the least reduction that fits
                    scale = r[0];
                    break;
                }
                if (scale != 0 && Math.max(w, h) < minLongSide) break; // too small: keep the previous scale
                scale = r[0];
            }
            if (scale == 0) {
                return new Result(null, "the photo is " + size + ", larger than facecal decodes ("
                        + String.format(java.util.Locale.ROOT, "%.1f MP", MAX_PIXELS / 1e6) + (jpeg ? ", or 64 times that for a JPEG at 1/8 scale" : "")
                        + "); downscale it first");
            }
        }
        t = StageClock.add(StageClock.Stage.CHECK, t);
        OpenCvNative.load();
        int flag = Imgcodecs.IMREAD_COLOR;
        for (int[] r : REDUCED) if (r[0] == scale) flag = r[1];
        Mat img;
        MatOfByte buf = new MatOfByte(bytes);
        try {
            img = Imgcodecs.imdecode(buf, flag);
        } catch (RuntimeException e) {
            return new Result(null, "cannot decode the image: " + e.getMessage());
        } finally {
            buf.release();
            StageClock.add(StageClock.Stage.DECODE, t);
        }
        if (img == null || img.empty()) {
            return new Result(null, "not an image OpenCV can decode (empty, truncated or not a picture)");
        }
        return new Result(img, null, scale);
    }

    /**
     * The size in the photo's header (JPEG, PNG, BMP, GIF, TIFF, WBMP: what Java ImageIO reads), without decoding
     * its pixels; {@code null} when the format is not one ImageIO knows (OpenCV may still decode it, at its own
     * limit of 2^30 pixels).
     */
    public static Size size(byte[] bytes) {
        Size jpeg = jpegSize(bytes);
        if (jpeg != null) return jpeg;
        try (var in = javax.imageio.ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(bytes))) {
            var readers = javax.imageio.ImageIO.getImageReaders(in);
            if (!readers.hasNext()) return null;
            var reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return new Size(reader.getWidth(0), reader.getHeight(0));
            } finally {
                reader.dispose();
            }
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The size in a JPEG's start-of-frame segment (any SOF marker: baseline, progressive, lossless), read by walking
     * the segments before the first scan: what ImageIO's JPEG reader reports, without its reader set-up (about a
     * millisecond a photo, twice per photo: once for the detection budget, once for the decode scale); {@code null}
     * when {@code bytes} is not a JPEG or has no frame header before its first scan.
     */
    static Size jpegSize(byte[] b) {
        int p = headerSegment(b, (marker, at, len) ->
                marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC);
        if (p < 0 || u16(b, p + 2, true) < 7) return null;
        int height = u16(b, p + 5, true), width = u16(b, p + 7, true);
        return width > 0 && height > 0 ? new Size(width, height) : null;
    }

    /** Which header segment {@link #headerSegment} looks for: its marker, its offset and its length field. */
    private interface SegmentTest {
        boolean test(int marker, int at, int len);
    }

    /**
     * The offset of the first segment before the first scan that passes {@code wanted} (its {@code 0xFF} byte), or
     * -1 when {@code b} is not a JPEG, a segment's length is out of bounds, or a scan or the end of the image comes
     * first. Markers without a length (start of image, restarts, TEM) and fill bytes are stepped over.
     */
    private static int headerSegment(byte[] b, SegmentTest wanted) {
        if (b.length < 4 || (b[0] & 0xff) != 0xFF || (b[1] & 0xff) != 0xD8) return -1;
        int p = 2;
        while (p + 4 <= b.length) {
            if ((b[p] & 0xff) != 0xFF) return -1;
            int marker = b[p + 1] & 0xff;
            if (marker == 0xFF) { // fill byte
                p++;
                continue;
            }
            if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
                p += 2;
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) return -1; // start of scan / end of image
            int len = u16(b, p + 2, true);
            if (len < 2 || p + 2 + len > b.length) return -1;
            if (wanted.test(marker, p, len)) return p;
            p += 2 + len;
        }
        return -1;
    }

    /**
     * What is wrong with a JPEG file's structure, or {@code null}: the markers are walked from start of image to end
     * of image, skipping each segment by its length and each scan's entropy-coded data to the next marker; a file
     * that ends before the end-of-image marker is truncated. Bytes after the end-of-image marker (camera trailers)
     * are allowed.
     */
    public static String jpegDefect(byte[] b) {
        int p = 2;
        while (true) {
            while (p < b.length && (b[p] & 0xff) != 0xFF) p++; // tolerate stray bytes between segments, as libjpeg
            while (p < b.length && (b[p] & 0xff) == 0xFF) p++; // fill bytes
            if (p >= b.length) break;
            int marker = b[p++] & 0xff;
            if (marker == 0xD9) return null;
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) continue;
            if (p + 2 > b.length) break;
            int len = ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
            if (len < 2) return "damaged JPEG (segment 0x" + Integer.toHexString(marker) + " of length " + len + ")";
            p += len;
            if (p > b.length) break;
            if (marker == 0xDA) { // entropy-coded data up to the next marker that is not a stuffed 0 or a restart
                while (p + 1 < b.length) {
                    if ((b[p] & 0xff) == 0xFF) {
                        int n = b[p + 1] & 0xff;
                        if (n != 0 && !(n >= 0xD0 && n <= 0xD7) && n != 0xFF) break;
                    }
                    p++;
                }
                if (p + 1 >= b.length) break;
            }
        }
        return "truncated JPEG (the file ends before the image does, " + b.length + " bytes)";
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
        int p = headerSegment(b, (marker, at, len) -> marker == 0xE1 && len >= 8 && b[at + 4] == 'E'
                && b[at + 5] == 'x' && b[at + 6] == 'i' && b[at + 7] == 'f' && b[at + 8] == 0 && b[at + 9] == 0);
        return p < 0 ? 1 : tiffOrientation(b, p + 10, p + 2 + u16(b, p + 2, true));
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
