package dev.facecal.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.Fixtures;
import dev.facecal.distance.DistanceMetric;
import dev.facecal.embed.FaceModel;
import dev.facecal.embed.Preprocess;
import dev.facecal.models.FaceApiTarball;
import dev.facecal.models.ModelStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * EXIF orientation and unusual pixel formats on a real photo: a JPEG stored sideways with an EXIF Orientation tag
 * (written here, byte by byte) decodes upright through the one decoder ({@link PhotoDecoder}, OpenCV's
 * {@code imread(IMREAD_COLOR)}, for the detectors and for {@code --detector none}), and gives the face and embedding
 * of the upright original; grayscale JPEG/PNG and RGBA PNG go through the detector path.
 */
public class ExifOrientationTest {
    @TempDir
    static Path tmp;

    private static Path img1;
    private static Mat upright;
    private static FaceExtractor extractor;

    @BeforeAll
    static void setUp() {
        OpenCvNative.load();
        img1 = Fixtures.shared().resolve("datasets/deepface-unit/img1.jpg");
        assertTrue(Files.isRegularFile(img1), "mirror photo missing: " + img1);
        upright = Imgcodecs.imread(img1.toString(), Imgcodecs.IMREAD_COLOR);
        extractor = new FaceExtractor(Haar.detector());
    }

    /**
     * An APP1 segment holding a big-endian TIFF header and IFD0 with a single entry, Orientation (0x0112, SHORT) =
     * {@code orientation}.
     */
    static byte[] exifApp1(int orientation) {
        byte[] tiff = {
            'M', 'M', 0, 42, 0, 0, 0, 8, // big-endian, magic 42, IFD0 at offset 8
            0, 1, // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, // Orientation, SHORT, count 1, value
            0, 0, 0, 0 // no next IFD
        };
        int len = 2 + 6 + tiff.length;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0xFF);
        b.write(0xE1);
        b.write(len >> 8);
        b.write(len & 0xff);
        b.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
        b.writeBytes(tiff);
        return b.toByteArray();
    }

    /** {@code stored} encoded as JPEG (quality 95) with the EXIF segment inserted after the JFIF APP0 segment. */
    public static Path jpegWithOrientation(Mat stored, int orientation, Path file) throws Exception {
        MatOfByte buf = new MatOfByte();
        assertTrue(Imgcodecs.imencode(".jpg", stored, buf, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 95)));
        byte[] jpg = buf.toArray();
        buf.release();
        assertEquals(0xD8, jpg[1] & 0xff);
        int at = 2;
        if ((jpg[2] & 0xff) == 0xFF && (jpg[3] & 0xff) == 0xE0) at = 4 + (((jpg[4] & 0xff) << 8) | (jpg[5] & 0xff));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpg, 0, at);
        out.writeBytes(exifApp1(orientation));
        out.write(jpg, at, jpg.length - at);
        Files.write(file, out.toByteArray());
        return file;
    }

    private static double meanAbsDiff(Mat a, Mat b) {
        Mat d = new Mat();
        Core.absdiff(a, b, d);
        double m = (Core.mean(d).val[0] + Core.mean(d).val[1] + Core.mean(d).val[2]) / 3;
        d.release();
        return m;
    }

    private static Mat rgbMat(RgbImage img) {
        Mat m = new Mat(img.height(), img.width(), org.opencv.core.CvType.CV_8UC3);
        byte[] px = new byte[img.rgb().length];
        for (int i = 0; i < px.length; i++) px[i] = (byte) img.rgb()[i];
        m.put(0, 0, px);
        Imgproc.cvtColor(m, m, Imgproc.COLOR_RGB2BGR);
        return m;
    }

    @Test
    void sidewaysJpegWithOrientationTagDecodesUprightAndGivesTheSameFace() throws Exception {
        Path models = tmp.resolve("models");
        ModelStore store = new ModelStore(models);
        store.install("dlib", FaceApiTarball.get(), null, false, new PrintWriter(new StringWriter()));
        Extraction original = extractor.extract(img1);
        assertTrue(original.ok(), original.failure());
        // control: the upright photo re-encoded the same way, without EXIF (JPEG noise + Haar box jitter alone)
        Extraction reencoded = extractor.extract(jpegWithOrientation(upright, 1, tmp.resolve("upright.jpg")));
        assertTrue(reencoded.ok(), reencoded.failure());
        try (FaceModel m = store.open("dlib", 1)) {
            float[][] emb = m.embed(List.of(tensor(original, m), tensor(reencoded, m)));
            System.out.printf("EXIF control (re-encoded upright): box %s, dlib euclidean to the original %.4f%n",
                    reencoded.crop().box(), DistanceMetric.EUCLIDEAN.of(emb[0], emb[1]));
        }
        // orientation 6: stored rotated 90 degrees counter-clockwise, shown rotated clockwise; 8: the other way
        for (int[] c : new int[][] {{6, Core.ROTATE_90_COUNTERCLOCKWISE}, {8, Core.ROTATE_90_CLOCKWISE}}) {
            Mat stored = new Mat();
            Core.rotate(upright, stored, c[1]);
            Path file = jpegWithOrientation(stored, c[0], tmp.resolve("sideways-" + c[0] + ".jpg"));
            assertEquals(c[0], PhotoDecoder.jpegOrientation(Files.readAllBytes(file)));

            Mat raw = Imgcodecs.imread(file.toString(), Imgcodecs.IMREAD_COLOR | Imgcodecs.IMREAD_IGNORE_ORIENTATION);
            assertEquals(upright.rows(), raw.cols(), "stored sideways");
            Mat decoded = Imgcodecs.imread(file.toString(), Imgcodecs.IMREAD_COLOR);
            assertEquals(upright.cols(), decoded.cols(), "orientation " + c[0] + ": upright width");
            assertEquals(upright.rows(), decoded.rows(), "orientation " + c[0] + ": upright height");
            double diff = meanAbsDiff(upright, decoded);
            assertTrue(diff < 3, "orientation " + c[0] + ": mean |diff| vs the original " + diff);

            RgbImage java = PhotoDecoder.rgb(file);
            assertEquals(upright.cols(), java.width(), "ImageIO path: upright width");
            assertEquals(upright.rows(), java.height(), "ImageIO path: upright height");
            Mat javaMat = rgbMat(java);
            double diffJava = meanAbsDiff(upright, javaMat);
            assertTrue(diffJava < 3, "orientation " + c[0] + ": ImageIO path, mean |diff| vs the original " + diffJava);

            Extraction e = extractor.extract(file);
            assertTrue(e.ok(), e.failure());
            Box a = original.crop().box(), b = e.crop().box();
            assertTrue(Math.abs(a.x() - b.x()) <= 8 && Math.abs(a.y() - b.y()) <= 8 && Math.abs(a.w() - b.w()) <= 16,
                    a + " vs " + b);
            try (FaceModel m = store.open("dlib", 1)) {
                float[][] emb = m.embed(List.of(tensor(original, m), tensor(e, m)));
                double d = DistanceMetric.EUCLIDEAN.of(emb[0], emb[1]);
                System.out.printf("EXIF orientation %d: box %s vs %s, dlib euclidean to the original %.4f, "
                        + "decode mean |diff| %.3f (OpenCV) %.3f (ImageIO)%n", c[0], a, b, d, diff, diffJava);
                assertTrue(d < 0.15, "orientation " + c[0] + ": dlib euclidean distance to the original " + d);
            }
            for (Mat x : List.of(stored, raw, decoded, javaMat)) x.release();
        }
    }

    private static float[] tensor(Extraction e, FaceModel m) {
        RgbImage p = e.crop().pixels();
        return Preprocess.tensor(p.rgb(), p.width(), p.height(), m.spec());
    }

    @Test
    void everyOrientationMatchesOpenCv() throws Exception {
        Mat small = new Mat();
        Imgproc.resize(upright, small, new org.opencv.core.Size(97, 131)); // odd, non-square: catches axis mix-ups
        for (int o = 1; o <= 8; o++) {
            Path file = jpegWithOrientation(small, o, tmp.resolve("o" + o + ".jpg"));
            Mat cv = Imgcodecs.imread(file.toString(), Imgcodecs.IMREAD_COLOR);
            RgbImage java = PhotoDecoder.rgb(file);
            assertEquals(cv.cols(), java.width(), "orientation " + o);
            assertEquals(cv.rows(), java.height(), "orientation " + o);
            assertEquals(o >= 5 ? 131 : 97, java.width(), "orientation " + o);
            Mat j = rgbMat(java);
            double diff = meanAbsDiff(cv, j);
            assertTrue(diff < 3, "orientation " + o + ": mean |diff| ImageIO vs OpenCV " + diff);
            cv.release();
            j.release();
        }
        small.release();
    }

    @Test
    void noOrAbsentOrientationIsOne() throws Exception {
        assertEquals(1, PhotoDecoder.jpegOrientation(Files.readAllBytes(img1)));
        assertEquals(1, PhotoDecoder.jpegOrientation(new byte[] {(byte) 0x89, 'P', 'N', 'G'}));
        assertEquals(1, PhotoDecoder.jpegOrientation(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1, 0}));
        byte[] bad = exifApp1(9);
        byte[] jpeg = new byte[2 + bad.length + 2];
        jpeg[0] = (byte) 0xFF;
        jpeg[1] = (byte) 0xD8;
        System.arraycopy(bad, 0, jpeg, 2, bad.length);
        jpeg[jpeg.length - 2] = (byte) 0xFF;
        jpeg[jpeg.length - 1] = (byte) 0xD9;
        assertEquals(1, PhotoDecoder.jpegOrientation(jpeg), "out-of-range value");
        System.arraycopy(exifApp1(3), 0, jpeg, 2, bad.length);
        assertEquals(3, PhotoDecoder.jpegOrientation(jpeg));
    }

    @Test
    void grayscaleAndRgbaInputsGoThroughTheDetector() throws Exception {
        Mat gray = new Mat();
        Imgproc.cvtColor(upright, gray, Imgproc.COLOR_BGR2GRAY);
        Mat rgba = new Mat();
        Imgproc.cvtColor(upright, rgba, Imgproc.COLOR_BGR2BGRA);
        Path grayJpg = tmp.resolve("gray.jpg"), grayPng = tmp.resolve("gray.png"), rgbaPng = tmp.resolve("rgba.png");
        assertTrue(Imgcodecs.imwrite(grayJpg.toString(), gray));
        assertTrue(Imgcodecs.imwrite(grayPng.toString(), gray));
        assertTrue(Imgcodecs.imwrite(rgbaPng.toString(), rgba));
        assertEquals(1, Imgcodecs.imread(grayJpg.toString(), Imgcodecs.IMREAD_UNCHANGED).channels());
        assertEquals(4, Imgcodecs.imread(rgbaPng.toString(), Imgcodecs.IMREAD_UNCHANGED).channels());
        Box ref = extractor.extract(img1).crop().box();
        for (Path p : List.of(grayJpg, grayPng, rgbaPng)) {
            Extraction e = extractor.extract(p);
            assertTrue(e.ok(), p + ": " + e.failure());
            RgbImage px = e.crop().pixels();
            assertEquals(px.width() * px.height() * 3, px.rgb().length);
            Box b = e.crop().box();
            assertTrue(Math.abs(ref.x() - b.x()) <= 12 && Math.abs(ref.w() - b.w()) <= 24, p + ": " + b + " vs " + ref);
            if (!p.equals(rgbaPng)) { // gray: three equal channels
                for (int i = 0; i < px.rgb().length; i += 3 * 101) {
                    assertEquals(px.rgb()[i], px.rgb()[i + 1], p.toString());
                    assertEquals(px.rgb()[i], px.rgb()[i + 2], p.toString());
                }
            }
            // the ImageIO path reads them too, at the same size
            RgbImage java = PhotoDecoder.rgb(p);
            assertEquals(upright.cols(), java.width(), p.toString());
            assertEquals(upright.rows(), java.height(), p.toString());
        }
        gray.release();
        rgba.release();
    }
}
