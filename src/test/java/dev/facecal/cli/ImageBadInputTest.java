package dev.facecal.cli;

import static dev.facecal.cli.BadInputSuiteTest.PREVIOUS;
import static dev.facecal.cli.BadInputSuiteTest.assertNoTrace;
import static dev.facecal.cli.BadInputSuiteTest.photo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.face.ExifOrientationTest;
import dev.facecal.face.PhotoDecoder;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * The image part of the bad-input suite (issue 11, item 2; docs/reliability.md lists each case): every unusual photo
 * is made here from DeepFace's img1.jpg (grayscale, 16-bit, alpha, CMYK, EXIF-rotated, 1 x 1, oversized, faceless,
 * two faces, a duplicate, a vanished file, a folder named like a photo), then the real command line embeds them with
 * the dlib model and the checks are the suite's: exit status, each failing photo named with its reason, no stack
 * trace, and nothing finished lost (good pairs written, cache entries kept, an earlier output intact when nothing is
 * written). One model install and one set of photos for the class.
 */
class ImageBadInputTest {
    @TempDir
    static Path dir;

    private static Path models;
    private static Path photos;

    /**
     * Bound on the dlib euclidean distance between img1 and a re-encoding of it (grayscale, CMYK, sideways JPEG;
     * measured 0.07 to 0.11): a third of DeepFace's threshold for dlib (0.6), half the distance between two photos
     * of one person (img1 to img2: 0.41).
     */
    private static final double SAME_PHOTO = 0.2;

    /**
     * The photos, all made from img1.jpg at half size (691 x 934, so that detection is quick): {@code face.png}
     * (8-bit colour, lossless: the reference), {@code copy.png} (its bytes under another name), {@code gray.jpg},
     * {@code face16.png}, {@code rgba.png}, {@code cmyk.jpg}, {@code sideways.jpg}, {@code two.jpg},
     * {@code big-small.jpg}; and {@code tiny.png} (1 x 1), {@code huge.png} (6000 x 4000), {@code grey.png} (flat),
     * {@code folder.jpg} (a folder), img1.jpg and img2.jpg as they are.
     */
    @BeforeAll
    static void setUp() throws Exception {
        models = BadInputSuiteTest.installDlib(dir);
        photos = Files.createDirectories(dir.resolve("photos"));
        for (String p : new String[] {"img1.jpg", "img2.jpg"}) Files.copy(photo(p), photos.resolve(p));
        // img1 as facecal decodes it (this also loads OpenCV the way facecal does)
        PhotoDecoder.Result decoded = PhotoDecoder.bgr(Files.readAllBytes(photo("img1.jpg")), 0);
        assertTrue(decoded.ok(), decoded.failure());
        Mat face = new Mat(), quarter = new Mat();
        Imgproc.resize(decoded.bgr(), face, new Size(decoded.bgr().cols() / 2, decoded.bgr().rows() / 2), 0, 0,
                Imgproc.INTER_AREA);
        Imgproc.resize(decoded.bgr(), quarter, new Size(decoded.bgr().cols() / 4, decoded.bgr().rows() / 4), 0, 0,
                Imgproc.INTER_AREA);
        decoded.bgr().release();
        write("face.png", face);
        Files.copy(photos.resolve("face.png"), photos.resolve("copy.png")); // the same content under another name

        Mat gray = new Mat();
        Imgproc.cvtColor(face, gray, Imgproc.COLOR_BGR2GRAY);
        write("gray.jpg", gray);
        assertEquals(1, Imgcodecs.imread(photos.resolve("gray.jpg").toString(), Imgcodecs.IMREAD_UNCHANGED).channels());

        Mat deep = new Mat();
        face.convertTo(deep, CvType.CV_16UC3, 257); // 0..255 -> 0..65535
        write("face16.png", deep);
        assertEquals(CvType.CV_16UC3, Imgcodecs.imread(photos.resolve("face16.png").toString(),
                Imgcodecs.IMREAD_UNCHANGED).type());

        Mat rgba = new Mat();
        Imgproc.cvtColor(face, rgba, Imgproc.COLOR_BGR2BGRA);
        Mat alpha = new Mat(face.size(), CvType.CV_8UC1, new Scalar(0));
        alpha.submat(0, face.rows() / 2, 0, face.cols()).setTo(new Scalar(255)); // top opaque, bottom transparent
        Core.insertChannel(alpha, rgba, 3);
        write("rgba.png", rgba);
        assertEquals(4, Imgcodecs.imread(photos.resolve("rgba.png").toString(), Imgcodecs.IMREAD_UNCHANGED).channels());

        Files.write(photos.resolve("cmyk.jpg"), adobeCmykJpeg(face));
        Mat cmyk = Imgcodecs.imread(photos.resolve("cmyk.jpg").toString(), Imgcodecs.IMREAD_UNCHANGED);
        Mat diff = new Mat();
        Core.absdiff(cmyk, face, diff); // OpenCV 4.9 reads it as inverted CMYK, to BGR: the colours come back
        double mean = (Core.mean(diff).val[0] + Core.mean(diff).val[1] + Core.mean(diff).val[2]) / 3;
        assertTrue(cmyk.channels() == 3 && mean < 4, "CMYK decoded to " + cmyk + ", mean |diff| " + mean);

        Mat stored = new Mat();
        Core.rotate(face, stored, Core.ROTATE_90_COUNTERCLOCKWISE); // orientation 6: shown rotated clockwise
        ExifOrientationTest.jpegWithOrientation(stored, 6, photos.resolve("sideways.jpg"));
        assertEquals(6, PhotoDecoder.jpegOrientation(Files.readAllBytes(photos.resolve("sideways.jpg"))));
        assertEquals(face.rows(), Imgcodecs.imread(photos.resolve("sideways.jpg").toString(),
                Imgcodecs.IMREAD_COLOR | Imgcodecs.IMREAD_IGNORE_ORIENTATION).cols(), "stored sideways");

        write("tiny.png", new Mat(1, 1, CvType.CV_8UC3, new Scalar(120, 150, 200)));
        write("huge.png", new Mat(4000, 6000, CvType.CV_8UC1, new Scalar(0))); // 24 MP in a few KB
        write("grey.png", new Mat(300, 240, CvType.CV_8UC3, new Scalar(128, 128, 128)));

        Mat two = new Mat();
        Core.hconcat(List.of(face, face), two); // two equal faces side by side
        write("two.jpg", two);
        Mat bigSmall = new Mat(face.rows(), face.cols() + quarter.cols(), CvType.CV_8UC3, new Scalar(128, 128, 128));
        face.copyTo(bigSmall.submat(new Rect(0, 0, face.cols(), face.rows())));
        quarter.copyTo(bigSmall.submat(new Rect(face.cols(), 0, quarter.cols(), quarter.rows())));
        write("big-small.jpg", bigSmall); // a face and a second one of a quarter its area

        Files.createDirectories(photos.resolve("folder.jpg")); // a folder named like a photo
        for (Mat m : List.of(face, quarter, gray, deep, rgba, alpha, cmyk, diff, stored, two, bigSmall)) m.release();
    }

    private static void write(String name, Mat m) {
        assertTrue(Imgcodecs.imwrite(photos.resolve(name).toString(), m), name);
    }

    /**
     * img1 as a CMYK JPEG the way Photoshop writes one: four components, stored inverted (255 = no ink), and an Adobe
     * APP14 marker with transform 0 (no YCCK colour transform). Java's JPEG writer writes the four channels of a
     * {@link Raster} as they are; the APP14 segment is inserted after the start-of-image marker.
     */
    static byte[] adobeCmykJpeg(Mat bgr) throws Exception {
        int w = bgr.cols(), h = bgr.rows();
        byte[] px = new byte[w * h * 3];
        bgr.get(0, 0, px);
        WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
        byte[] cmyk = ((DataBufferByte) r.getDataBuffer()).getData();
        for (int i = 0; i < w * h; i++) {
            int b = px[3 * i] & 0xff, g = px[3 * i + 1] & 0xff, red = px[3 * i + 2] & 0xff;
            int k = 255 - Math.max(red, Math.max(g, b));
            int c = k == 255 ? 0 : (255 - red - k) * 255 / (255 - k);
            int m = k == 255 ? 0 : (255 - g - k) * 255 / (255 - k);
            int y = k == 255 ? 0 : (255 - b - k) * 255 / (255 - k);
            cmyk[4 * i] = (byte) (255 - c);
            cmyk[4 * i + 1] = (byte) (255 - m);
            cmyk[4 * i + 2] = (byte) (255 - y);
            cmyk[4 * i + 3] = (byte) (255 - k);
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        assertTrue(writer.canWriteRasters());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream o = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(o);
            writer.write(null, new IIOImage(r, null, null), writer.getDefaultWriteParam());
        } finally {
            writer.dispose();
        }
        byte[] raw = out.toByteArray();
        byte[] app14 = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
        byte[] jpg = new byte[raw.length + app14.length];
        System.arraycopy(raw, 0, jpg, 0, 2);
        System.arraycopy(app14, 0, jpg, 2, app14.length);
        System.arraycopy(raw, 2, jpg, 2 + app14.length, raw.length - 2);
        // what was made: Adobe APP14 (transform 0) first, a baseline frame of 4 components
        assertEquals(0xEE, jpg[3] & 0xff);
        int p = 2;
        while ((jpg[p + 1] & 0xff) != 0xC0) p += 2 + (((jpg[p + 2] & 0xff) << 8) | (jpg[p + 3] & 0xff));
        assertEquals(4, jpg[p + 9], "components");
        return jpg;
    }

    private static CliTest.Result distances(String pairList, Path cache, Path out, String... extra) throws Exception {
        Path pairs = Files.writeString(dir.resolve("pairs-" + out.getFileName()), "file_x,file_y,decision\n" + pairList);
        String[] base = {"distances", "--dataset", photos.toString(), "--pairs", pairs.toString(), "--models",
                models.toString(), "--cache", cache.toString(), "--out", out.toString()};
        String[] args = Stream.concat(Stream.of(base), Stream.of(extra)).toArray(String[]::new);
        CliTest.Result r = CliTest.run(args);
        System.out.println("---- distances " + String.join(" ", extra) + " -> " + r.status() + "\n" + r.err());
        return r;
    }

    /** {@code file_x,file_y} to the euclidean distance, from a distances CSV. */
    private static Map<String, Double> euclidean(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.getFirst().split(","));
        int e = header.indexOf("euclidean");
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            out.put(f[0] + "," + f[1], Double.parseDouble(f[e]));
        }
        return out;
    }

    private static long cacheFiles(Path cache, String suffix) throws Exception {
        try (Stream<Path> s = Files.walk(cache)) {
            return s.filter(p -> p.toString().endsWith(suffix)).count();
        }
    }

    @Test
    void unusualButReadablePhotosAreEmbeddedAsDeepFaceDecodesThem() throws Exception {
        Path out = Files.writeString(dir.resolve("readable.csv"), PREVIOUS);
        Path cache = dir.resolve("cache-readable");
        // face.png and copy.png are the first two photos of the run, so two workers prepare them side by side
        CliTest.Result r = distances("""
                face.png,gray.jpg,1
                copy.png,rgba.png,1
                face.png,face16.png,1
                face.png,cmyk.jpg,1
                face.png,sideways.jpg,1
                face.png,copy.png,1
                """, cache, out);
        assertEquals(0, r.status(), r.err());
        assertNoTrace(r);
        assertFalse(r.err().contains("failed") || r.err().contains("skipped"), r.err());
        assertTrue(r.err().contains("wrote " + out + ": 6 pairs"), r.err());
        Map<String, Double> d = euclidean(out);
        // 1. grayscale JPEG: three equal channels (as cv2.imread), the same face
        assertTrue(d.get("face.png,gray.jpg") < SAME_PHOTO, d.toString());
        // 2. 16-bit PNG: scaled to 8 bits (v * 257 >> 8 = v), so the very pixels of the 8-bit PNG
        assertEquals(0.0, d.get("face.png,face16.png"), 0.0, d.toString());
        // 3. alpha: dropped, not composited (the transparent half keeps its colours), so face.png's pixels
        assertEquals(0.0, d.get("copy.png,rgba.png"), 0.0, d.toString());
        // 4. CMYK with an Adobe APP14 marker: libjpeg reads it as inverted CMYK, OpenCV converts it to BGR
        assertTrue(d.get("face.png,cmyk.jpg") < SAME_PHOTO, d.toString());
        // 5. stored sideways with EXIF orientation 6: decoded upright
        assertTrue(d.get("face.png,sideways.jpg") < SAME_PHOTO, d.toString());
        // 10. one content under two names: embedded once, the copy takes the embedding ("from the cache")
        assertEquals(0.0, d.get("face.png,copy.png"), 0.0, d.toString());
        assertTrue(r.err().contains("embedded 7 photos") && r.err().contains("(1 from the cache)"), r.err());
        assertEquals(6, cacheFiles(cache, ".f32"), "one cache entry per content");
        System.out.println("dlib euclidean to face.png: " + d);
    }

    @Test
    void photosWithoutAnAcceptableFaceAreNamedCachedAndTheRestWritten() throws Exception {
        Path out = Files.writeString(dir.resolve("faces.csv"), PREVIOUS);
        Path cache = dir.resolve("cache-faces");
        Path gone = Files.copy(photo("img3.jpg"), photos.resolve("gone.jpg"));
        String list = """
                img1.jpg,img2.jpg,1
                img1.jpg,big-small.jpg,1
                img1.jpg,tiny.png,1
                img2.jpg,huge.png,1
                img1.jpg,grey.png,1
                img2.jpg,two.jpg,1
                img1.jpg,gone.jpg,1
                img2.jpg,folder.jpg,1
                """;
        Files.delete(gone); // listed, then deleted before the run
        CliTest.Result r = distances(list, cache, out);
        // decided facts about photos: the good pairs are written, exit 0, each photo named with its reason
        assertEquals(0, r.status(), r.err());
        assertNoTrace(r);
        assertTrue(r.err().contains("wrote " + out + ": 2 pairs, 6 skipped"), r.err());
        assertTrue(r.err().contains("6 photo(s) failed:"), r.err());
        // 6. 1 x 1: no face, like a flat photo
        assertTrue(r.err().contains("  tiny.png: no face detected\n"), r.err());
        // 7. over the decoder's limit: its size and the limit, not decoded
        assertTrue(r.err().contains("  huge.png: the photo is 6000 x 4000 (24.0 MP), larger than facecal decodes "
                + "(16.8 MP); downscale it first"), r.err());
        // 8. no face
        assertTrue(r.err().contains("  grey.png: no face detected\n"), r.err());
        // 9. two faces of one size: the default policy (dominant) keeps none; one face a quarter the size of the
        // other: kept (big-small.jpg scored below)
        assertTrue(r.err().contains("  two.jpg: 2 faces detected and the largest is only 1.0"), r.err());
        assertTrue(r.err().contains("(policy DOMINANT needs 1.5)"), r.err());
        // 11. listed, then deleted
        assertTrue(r.err().contains("  gone.jpg: file not found\n"), r.err());
        // 12. a folder named like a photo: said so, not "not found"
        assertTrue(r.err().contains("  folder.jpg: a folder, not a photo file\n"), r.err());
        assertTrue(r.err().contains("  their pairs are left out; replace or remove these photos and run again (a "
                + "photo of several people: --policy largest keeps the largest face)"), r.err());
        Map<String, Double> d = euclidean(out);
        assertEquals(List.of("img1.jpg,img2.jpg", "img1.jpg,big-small.jpg"), List.copyOf(d.keySet()));
        assertTrue(d.get("img1.jpg,big-small.jpg") < SAME_PHOTO, "the larger face was kept: " + d);
        // the decided failures are cached (tiny, huge, grey, two); the good photos too; missing files are not
        assertEquals(4, cacheFiles(cache, ".fail"));
        assertEquals(3, cacheFiles(cache, ".f32"));
        String written = Files.readString(out);

        CliTest.Result again = distances(list, cache, out);
        assertEquals(0, again.status(), again.err());
        assertTrue(again.err().contains("(7 from the cache)"), again.err());
        assertEquals(r.err().lines().filter(l -> l.startsWith("  ")).toList(),
                again.err().lines().filter(l -> l.startsWith("  ")).toList(), "the same reasons from the cache");
        assertEquals(written, Files.readString(out));

        // 9. --policy fail: a decided failure for both photos with two faces; earlier entries stay
        Path strict = Files.writeString(dir.resolve("fail.csv"), PREVIOUS);
        CliTest.Result fail = distances("""
                face.png,big-small.jpg,1
                face.png,two.jpg,1
                """, cache, strict, "--policy", "fail");
        BadInputSuiteTest.refused(fail, "big-small.jpg: 2 faces detected (policy FAIL keeps only single faces)",
                "two.jpg: 2 faces detected (policy FAIL keeps only single faces)", "none of the 2 pairs",
                "nothing written");
        assertEquals(PREVIOUS, Files.readString(strict), "the earlier output is intact");
        assertEquals(2, cacheFiles(cache, ".fail") - 4, "cached as decided failures, beside the default policy's");
        assertEquals(3 + 1, cacheFiles(cache, ".f32"), "the default policy's entries are kept");
    }

    @Test
    void embedNamesEachImageAndKeepsTheEarlierOutputWhenNoneIsEmbedded() throws Exception {
        Path out = Files.writeString(dir.resolve("emb.csv"), PREVIOUS);
        CliTest.Result r = CliTest.run("embed", "--model", "dlib", "--models", models.toString(), "--detector",
                "opencv", "--out", out.toString(), photos.resolve("tiny.png").toString(),
                photos.resolve("grey.png").toString(), photos.resolve("huge.png").toString());
        System.out.println("---- embed -> " + r.status() + "\n" + r.err());
        BadInputSuiteTest.refused(r, "tiny.png: no face detected", "grey.png: no face detected",
                "huge.png: the photo is 6000 x 4000 (24.0 MP)", "replace or remove these images",
                "none of the 3 image(s) could be embedded", "nothing written to " + out);
        assertEquals(PREVIOUS, Files.readString(out));
        // --detector none: each image is taken as a face crop as it is (DeepFace's 'skip'), a 1 x 1 image too
        CliTest.Result none = CliTest.run("embed", "--model", "dlib", "--models", models.toString(), "--detector",
                "none", "--out", out.toString(), photos.resolve("tiny.png").toString(),
                photos.resolve("face16.png").toString(), photos.resolve("face.png").toString());
        System.out.println("---- embed --detector none -> " + none.status() + "\n" + none.err());
        assertEquals(0, none.status(), none.err());
        List<String> rows = Files.readAllLines(out);
        assertEquals(4, rows.size(), rows.toString());
        assertEquals(rows.get(2).substring(rows.get(2).indexOf(',')), rows.get(3).substring(rows.get(3).indexOf(',')),
                "the 16-bit PNG's embedding is the 8-bit PNG's");
    }
}
