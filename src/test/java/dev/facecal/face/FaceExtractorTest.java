package dev.facecal.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.FacecalException;
import dev.facecal.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

class FaceExtractorTest {
    private static HaarDetector detector;
    private static FaceExtractor extractor;
    private static Path photos;

    @BeforeAll
    static void setUp() {
        Path dir = Haar.cascades();
        assertTrue(Files.isRegularFile(dir.resolve(HaarDetector.FACE_CASCADE)),
                "Haar cascades missing from " + dir);
        detector = Haar.detector();
        extractor = new FaceExtractor(detector);
        photos = Fixtures.shared().resolve("datasets/deepface-unit");
    }

    private static Path photo(String name) {
        Path p = photos.resolve(name);
        assertTrue(Files.isRegularFile(p), "mirror photo missing: " + p);
        return p;
    }

    @Test
    void img1HasOneAlignedFaceWithEyes() {
        Extraction e = extractor.extract(photo("img1.jpg"));
        assertTrue(e.ok(), e.failure());
        assertEquals(1, e.facesFound());
        FaceCrop c = e.crop();
        assertNotNull(c.leftEye());
        assertNotNull(c.rightEye());
        // the person's left eye is on the observer's right
        assertTrue(c.leftEye().x() > c.rightEye().x());
        assertEquals(Aligner.angle(c.leftEye(), c.rightEye()), c.angle(), 1e-12);
        assertTrue(Math.abs(c.angle()) < 20, "angle " + c.angle());
        // eyes inside the box, in its upper half
        Box b = c.box();
        for (Landmark eye : List.of(c.leftEye(), c.rightEye())) {
            assertTrue(eye.x() > b.x() && eye.x() < b.x() + b.w(), eye + " in " + b);
            assertTrue(eye.y() > b.y() && eye.y() < b.y() + b.h() / 2 + b.h() / 10, eye + " in " + b);
        }
        // the crop is about the size of the box (the rotation keeps w and h; clamping may trim)
        int w = c.pixels().width(), h = c.pixels().height();
        assertTrue(w >= b.w() - 2 && w <= b.w() + 1 && h >= b.h() - 2 && h <= b.h() + 1, w + "x" + h + " vs " + b);
        assertTrue(w >= 100, "face of " + w + " px");
    }

    @Test
    void groupPhotosAreRejectedByTheDefaultPolicy() {
        for (String name : List.of("couple.jpg", "selfie-many-people.jpg")) {
            Extraction e = extractor.extract(photo(name));
            assertFalse(e.ok(), name);
            assertTrue(e.facesFound() >= 2, name + ": " + e.facesFound());
            assertTrue(e.failure().contains("faces detected"), e.failure());
        }
    }

    @Test
    void defaultPolicyKeepsOnePersonPhotosWithFalsePositives() {
        // img1: one detection; img8, img26, img44: the person plus Haar false positives (see MultiFacePolicy)
        for (String name : List.of("img1.jpg", "img8.jpg", "img26.jpg", "img44.jpg")) {
            Mat img = Imgcodecs.imread(photo(name).toString(), Imgcodecs.IMREAD_COLOR);
            List<Detection> faces = extractor.detectAll(img);
            img.release();
            MultiFacePolicy.Choice c = MultiFacePolicy.DEFAULT.choose(faces);
            assertTrue(c.ok(), name + ": " + c.failure());
            long largest = faces.stream().mapToLong(d -> d.box().area()).max().orElseThrow();
            assertEquals(largest, c.face().box().area(), name);
        }
    }

    @Test
    void aTextFileNamedJpgIsAFailureNotAnException() {
        Extraction e = extractor.extract(Fixtures.resource("face/not-an-image.jpg"));
        assertFalse(e.ok());
        assertNull(e.crop());
        assertTrue(e.failure().contains("not an image"), e.failure());
        assertEquals(0, e.facesFound());
    }

    @Test
    void aMissingFileIsAFailure(@TempDir Path tmp) {
        Extraction e = extractor.extract(tmp.resolve("nope.jpg"));
        assertFalse(e.ok());
        assertTrue(e.failure().contains("not found"), e.failure());
    }

    @Test
    void aBlankImageHasNoFace() {
        Mat black = Mat.zeros(200, 300, org.opencv.core.CvType.CV_8UC3);
        Extraction e = extractor.extract(black, "black");
        assertFalse(e.ok());
        assertEquals("no face detected", e.failure());
    }

    @Test
    void grayscaleAndAlphaPhotosAreDecoded(@TempDir Path tmp) {
        Mat img = Imgcodecs.imread(photo("img1.jpg").toString(), Imgcodecs.IMREAD_GRAYSCALE);
        Path gray = tmp.resolve("gray.png");
        assertTrue(Imgcodecs.imwrite(gray.toString(), img));
        Mat bgra = new Mat();
        Mat color = Imgcodecs.imread(photo("img1.jpg").toString(), Imgcodecs.IMREAD_COLOR);
        org.opencv.imgproc.Imgproc.cvtColor(color, bgra, org.opencv.imgproc.Imgproc.COLOR_BGR2BGRA);
        Path alpha = tmp.resolve("alpha.png");
        assertTrue(Imgcodecs.imwrite(alpha.toString(), bgra));
        for (Path p : List.of(gray, alpha)) {
            Extraction e = extractor.extract(p);
            assertTrue(e.ok(), p + ": " + e.failure());
            assertEquals(e.crop().pixels().rgb().length, e.crop().pixels().width() * e.crop().pixels().height() * 3);
        }
    }

    @Test
    void missingCascadesNameTheFolderAndTheSetting(@TempDir Path tmp) {
        FacecalException e = assertThrows(FacecalException.class, () -> new HaarDetector(tmp));
        assertTrue(e.getMessage().contains(tmp.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(HaarDetector.ENV), e.getMessage());
    }

    @Test
    void bundledCascadesAreOpenCvsAndADamagedCopyIsReplaced(@TempDir Path cache) throws Exception {
        Path dir = HaarCascades.folder(cache);
        for (var e : HaarCascades.SHA256.entrySet()) {
            assertEquals(e.getValue(), HaarCascades.sha256(dir.resolve(e.getKey())), e.getKey());
        }
        Files.writeString(dir.resolve(HaarDetector.EYE_CASCADE), "<damaged/>");
        assertEquals(dir, HaarCascades.folder(cache));
        assertEquals(HaarCascades.SHA256.get(HaarDetector.EYE_CASCADE),
                HaarCascades.sha256(dir.resolve(HaarDetector.EYE_CASCADE)));
        assertTrue(new HaarDetector(dir).detect(Imgcodecs.imread(photos.resolve("img1.jpg").toString())).size() >= 1);
    }
}
