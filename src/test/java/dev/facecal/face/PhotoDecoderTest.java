package dev.facecal.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Damaged and oversized photos, made here from DeepFace's img1.jpg and from generated images: the one decoder names
 * the defect for every path (with a detector and without), and decodes a large JPEG reduced instead of in full.
 */
class PhotoDecoderTest {
    private static final Path IMG1 = Fixtures.shared().resolve("datasets/deepface-unit/img1.jpg");

    static byte[] truncated() throws Exception {
        byte[] all = Files.readAllBytes(IMG1);
        return Arrays.copyOf(all, 60_000); // issue 11: the first 60 KB of a photo embedded silently
    }

    @Test
    void aWholeJpegHasNoDefectAndDecodesAsImread() throws Exception {
        byte[] all = Files.readAllBytes(IMG1);
        assertNull(PhotoDecoder.jpegDefect(all));
        PhotoDecoder.Result r = PhotoDecoder.bgr(all, 0);
        Mat imread = Imgcodecs.imread(IMG1.toString(), Imgcodecs.IMREAD_COLOR);
        assertEquals(1, r.scale());
        byte[] a = new byte[(int) (r.bgr().total() * 3)], b = new byte[(int) (imread.total() * 3)];
        r.bgr().get(0, 0, a);
        imread.get(0, 0, b);
        assertTrue(Arrays.equals(a, b), "imdecode of the bytes gives imread's pixels");
        byte[] trailer = Arrays.copyOf(all, all.length + 5); // bytes after the end-of-image marker are allowed
        assertNull(PhotoDecoder.jpegDefect(trailer));
    }

    @Test
    void truncatedEmptyAndTextFilesFailWithTheSameReasonWithAndWithoutADetector(@TempDir Path tmp) throws Exception {
        Path cut = Files.write(tmp.resolve("cut.jpg"), truncated());
        Path empty = Files.write(tmp.resolve("empty.jpg"), new byte[0]);
        Path text = Files.writeString(tmp.resolve("text.jpg"), "not a photo\n", StandardCharsets.UTF_8);
        List<FaceExtractor> paths = List.of(new FaceExtractor(null, MultiFacePolicy.DEFAULT, true),
                new FaceExtractor(Haar.detector()), new FaceExtractor(new FastHaarDetector(Haar.cascades())));
        for (FaceExtractor ex : paths) {
            String d = ex.detector() == null ? "none" : ex.detector().name();
            Extraction c = ex.extract(Files.readAllBytes(cut), cut.toString());
            assertFalse(c.ok(), d);
            assertTrue(c.failure().startsWith("truncated JPEG") && c.failure().contains("re-copy"), d + ": " + c.failure());
            assertEquals(c.failure(), ex.extract(cut).failure(), d + ": the file path and the bytes path agree");
            assertTrue(ex.extract(empty).failure().startsWith("empty file (0 bytes)"), d);
            assertTrue(ex.extract(text).failure().startsWith("not an image"), d);
        }
    }

    @Test
    void aLargeJpegIsDecodedAtHalfScaleAndALargePngIsSkippedWithTheLimit() throws Exception {
        Mat big = new Mat(8192, 8192, CvType.CV_8UC3, new Scalar(40, 90, 160)); // 67 MP, 4 times the limit
        MatOfByte jpg = new MatOfByte();
        Imgcodecs.imencode(".jpg", big, jpg, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 50));
        big.release();
        byte[] bytes = jpg.toArray();
        assertEquals(new PhotoDecoder.Size(8192, 8192), PhotoDecoder.size(bytes));
        PhotoDecoder.Result r = PhotoDecoder.bgr(bytes, 0);
        assertTrue(r.ok(), r.failure());
        assertEquals(2, r.scale());
        assertEquals(4096, r.bgr().cols());
        r.bgr().release();
        PhotoDecoder.Result fast = PhotoDecoder.bgr(bytes, FastHaarDetector.DECODE_LONG_SIDE);
        assertEquals(8, fast.scale(), "the fast detector needs 640 px: the smallest DCT scale");
        fast.bgr().release();

        Mat png = new Mat(4100, 4100, CvType.CV_8UC3, new Scalar(1, 2, 3));
        MatOfByte enc = new MatOfByte();
        Imgcodecs.imencode(".png", png, enc);
        png.release();
        PhotoDecoder.Result skipped = PhotoDecoder.bgr(enc.toArray(), 0);
        assertFalse(skipped.ok());
        assertTrue(skipped.failure().contains("4100 x 4100 (16.8 MP)") && skipped.failure().contains("larger than facecal decodes (16.8 MP)"),
                skipped.failure());
    }

    /** The size read from a JPEG's frame header is ImageIO's, for every photo of DeepFace's test set that is a JPEG. */
    @Test
    void theJpegFrameHeaderSizeIsImageIosSize() throws Exception {
        int jpegs = 0;
        try (var files = Files.list(IMG1.getParent())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList()) {
                byte[] b = Files.readAllBytes(f);
                PhotoDecoder.Size header = PhotoDecoder.jpegSize(b);
                if (header == null) continue; // not a JPEG inside
                var image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(b));
                if (image == null) continue; // a JPEG ImageIO cannot read (CMYK): its size then comes from OpenCV
                assertEquals(new PhotoDecoder.Size(image.getWidth(), image.getHeight()), header, f.toString());
                jpegs++;
            }
        }
        assertTrue(jpegs >= 50, jpegs + " JPEGs compared");
        assertNull(PhotoDecoder.jpegSize("not a photo".getBytes(StandardCharsets.UTF_8)));
        assertNull(PhotoDecoder.jpegSize(Arrays.copyOf(Files.readAllBytes(IMG1), 3)));
    }
}
