package dev.facecal.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.FacecalException;
import dev.facecal.Fixtures;
import dev.facecal.embed.EmbeddingStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * {@link YuNetDetector}: DeepFace's reading of YuNet's rows, the model lookup and its messages, and OpenCV's
 * {@code FaceDetectorYN} end to end on {@link SyntheticYuNet} (always), and on the real opencv_zoo model when
 * {@value YuNetDetector#ENV} names it (skipped otherwise: facecal cannot download it).
 */
class YuNetDetectorTest {
    @TempDir
    Path tmp;

    private static final float[] ROW = {-3.7f, 12.9f, 100.6f, 120.2f, 30.9f, 40.1f, 70.2f, 40.8f, 50.5f, 60.5f, 35.2f,
        80.1f, 66.9f, 81.7f, 0.93f};

    @Test
    void resizeFactorIsDeepFaces() {
        assertEquals(1, YuNetDetector.resizeFactor(640, 640));
        assertEquals(1, YuNetDetector.resizeFactor(100, 640));
        assertEquals(640.0 / 641, YuNetDetector.resizeFactor(641, 10));
        assertEquals(640.0 / 1868, YuNetDetector.resizeFactor(1382, 1868));
        assertEquals(0.5, YuNetDetector.resizeFactor(1280, 960));
    }

    @Test
    void aRowIsReadAsDeepFaceReadsIt() {
        YuNetDetector.Face f = YuNetDetector.face(ROW, false, 1);
        // int() truncation, then x, y clamped at 0; w and h untouched
        assertEquals(new Box(0, 12, 100, 120), f.box());
        assertEquals(new Landmark(30, 40), f.rightEye());
        assertEquals(new Landmark(70, 40), f.leftEye());
        assertEquals(new Landmark(50, 60), f.nose());
        assertEquals(new Landmark(35, 80), f.mouthRight());
        assertEquals(new Landmark(66, 81), f.mouthLeft());
        assertEquals(0.93f, f.score(), 0);
        // DeepFace: left_eye = columns 6-7 (the person's left eye, on the observer's right), right_eye = columns 4-5
        Detection d = f.detection();
        assertEquals(new Landmark(70, 40), d.leftEye());
        assertEquals(new Landmark(30, 40), d.rightEye());
        assertEquals(f.box(), d.box());
    }

    @Test
    void aResizedRowIsScaledBackWithIntTruncation() {
        YuNetDetector.Face half = YuNetDetector.face(ROW, true, 0.5);
        // x: int(-3.7) = -3 -> max(., 0) = 0 -> int(0 / 0.5) = 0; y: 12 -> 24; w: 100 -> 200; eyes 30 -> 60, 40 -> 80
        assertEquals(new Box(0, 24, 200, 240), half.box());
        assertEquals(new Landmark(60, 80), half.rightEye());
        assertEquals(new Landmark(140, 80), half.leftEye());
        double r = 640.0 / 1868;
        YuNetDetector.Face f = YuNetDetector.face(new float[] {201.9f, 7, 33, 44, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0.95f}, true, r);
        assertEquals((int) (201 / r), f.box().x()); // 586, from the truncated 201, not 201.9
        assertEquals(586, f.box().x());
        assertEquals((int) (44 / r), f.box().h());
    }

    private static Mat black(int width, int height) {
        return Mat.zeros(height, width, CvType.CV_8UC3);
    }

    private static void white(Mat img, int x, int y, int size) {
        img.submat(new Rect(x, y, size, size)).setTo(new Scalar(255, 255, 255));
    }

    @Test
    void syntheticModelThroughOpenCvsFaceDetectorYN() throws Exception {
        YuNetDetector d = new YuNetDetector(SyntheticYuNet.write(tmp.resolve("synthetic.onnx")), null, null);
        Mat img = black(320, 256);
        white(img, 64, 96, 32); // stride-32 cell column 2, row 3
        List<YuNetDetector.Face> faces = d.faces(img);
        assertEquals(1, faces.size(), faces.toString());
        YuNetDetector.Face f = faces.getFirst();
        assertEquals(new Box(64, 96, 32, 32), f.box());
        assertEquals(new Landmark(72, 108), f.rightEye()); // ((0.25 + 2) * 32, (0.375 + 3) * 32)
        assertEquals(new Landmark(88, 108), f.leftEye());
        assertEquals(new Landmark(80, 112), f.nose());
        assertEquals(1.0, f.score(), 1e-6);
        assertEquals(List.of(f.detection()), d.detect(img));
        assertEquals(List.of(), d.detect(black(320, 256)));
        img.release();
    }

    @Test
    void largeImagesAreDetectedAt640AndScaledBack() throws Exception {
        YuNetDetector d = new YuNetDetector(SyntheticYuNet.write(tmp.resolve("synthetic.onnx")), null, null);
        Mat img = black(1280, 960);
        white(img, 640, 320, 64); // resized by 0.5 to 640x480: the 32x32 cell at column 10, row 5
        List<YuNetDetector.Face> faces = d.faces(img);
        assertEquals(1, faces.size(), faces.toString());
        YuNetDetector.Face f = faces.getFirst();
        assertEquals(new Box(640, 320, 64, 64), f.box());
        assertEquals(new Landmark(656, 344), f.rightEye()); // (328, 172) in the resized image
        assertEquals(new Landmark(688, 344), f.leftEye());
        img.release();
    }

    @Test
    void syntheticFaceGoesThroughTheExtractor() throws Exception {
        YuNetDetector d = new YuNetDetector(SyntheticYuNet.write(tmp.resolve("synthetic.onnx")), null, null);
        Mat img = black(320, 256);
        white(img, 64, 96, 32);
        Extraction plain = new FaceExtractor(d, MultiFacePolicy.DEFAULT, false).extract(img, "synthetic");
        assertTrue(plain.ok(), plain.failure());
        assertEquals(new Box(64, 96, 32, 32), plain.crop().box());
        assertEquals(32, plain.crop().pixels().width());
        // with DeepFace's border (640x512, not resized) and alignment: level eyes, angle 0, the same box back
        Extraction aligned = new FaceExtractor(d).extract(img, "synthetic");
        assertTrue(aligned.ok(), aligned.failure());
        assertEquals(new Box(64, 96, 32, 32), aligned.crop().box());
        assertEquals(new Landmark(88, 108), aligned.crop().leftEye());
        assertEquals(0, aligned.crop().angle());
        img.release();
    }

    @Test
    void configurationHasTheModelHashAndThreshold() throws Exception {
        Path a = SyntheticYuNet.write(tmp.resolve("a.onnx"));
        Path b = tmp.resolve("b.onnx");
        Files.write(b, (new String(Files.readAllBytes(a), java.nio.charset.StandardCharsets.ISO_8859_1) + "")
                .replace("facecal-test", "facecal-tesT").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        YuNetDetector da = new YuNetDetector(a, null, null), db = new YuNetDetector(b, null, 0.5);
        String sha = EmbeddingStore.sha256(Files.readAllBytes(a));
        assertEquals(sha, da.modelSha256());
        assertTrue(da.configuration().startsWith("yunet;sha256=" + sha + ";score=0.9;"), da.configuration());
        assertTrue(db.configuration().contains(";score=0.5;"), db.configuration());
        assertNotEquals(da.modelSha256(), db.modelSha256());
        assertEquals("detector=" + da.configuration(), Detector.cacheKey(da));
        assertNotEquals(EmbeddingStore.of(tmp, "dlib", Detector.cacheKey(da)).dir(),
                EmbeddingStore.of(tmp, "dlib", Detector.cacheKey(new YuNetDetector(b, null, null))).dir());
        // not opencv_zoo's file: a warning, not an error
        assertNotNull(da.warning());
        assertTrue(da.warning().contains(YuNetDetector.OPENCV_ZOO_SHA256), da.warning());
        // an expected hash is enforced when given (any case)
        assertEquals(sha, new YuNetDetector(a, sha.toUpperCase(Locale.ROOT), null).modelSha256());
        FacecalException e = assertThrows(FacecalException.class, () -> new YuNetDetector(a, "00ff", null));
        assertTrue(e.getMessage().contains(sha) && e.getMessage().contains("--yunet-sha256"), e.getMessage());
        assertTrue(e.getMessage().contains(YuNetDetector.URL), e.getMessage());
    }

    @Test
    void aFileThatIsNotAnOnnxModelIsAClearError() throws Exception {
        Path junk = Files.writeString(tmp.resolve(YuNetDetector.FILE_NAME), "<!DOCTYPE html><html>not a model</html>");
        FacecalException e = assertThrows(FacecalException.class, () -> new YuNetDetector(junk, null, null));
        assertTrue(e.getMessage().contains("cannot load") && e.getMessage().contains(YuNetDetector.URL), e.getMessage());
    }

    @Test
    void aMissingModelSaysWhereToGetIt() throws Exception {
        Map<String, String> noEnv = Map.of("DEEPFACE_HOME", tmp.toString());
        for (FacecalException e : List.of(
                assertThrows(FacecalException.class, () -> YuNetDetector.resolveModel(tmp.resolve("nope.onnx"), noEnv)),
                assertThrows(FacecalException.class, () -> YuNetDetector.resolveModel(null,
                        Map.of(YuNetDetector.ENV, tmp.resolve("gone.onnx").toString()))),
                assertThrows(FacecalException.class, () -> YuNetDetector.resolveModel(null, noEnv)),
                assertThrows(FacecalException.class, () -> new YuNetDetector(tmp.resolve("nope.onnx"), null, null)))) {
            String m = e.getMessage();
            assertTrue(m.contains(YuNetDetector.URL), m);
            assertTrue(m.contains("--yunet-model") && m.contains(YuNetDetector.ENV), m);
            assertTrue(m.contains("--yunet-sha256"), m);
        }
        String m = assertThrows(FacecalException.class, () -> YuNetDetector.resolveModel(null, noEnv)).getMessage();
        assertTrue(m.contains(tmp.resolve(".deepface/weights").resolve(YuNetDetector.FILE_NAME).toString()), m);
        // found: the option, then the environment, then DeepFace's weights folder
        Path weights = Files.createDirectories(tmp.resolve(".deepface/weights")).resolve(YuNetDetector.FILE_NAME);
        Files.writeString(weights, "x");
        Path other = Files.writeString(tmp.resolve("other.onnx"), "y");
        assertEquals(weights, YuNetDetector.resolveModel(null, noEnv));
        assertEquals(other, YuNetDetector.resolveModel(null, Map.of(YuNetDetector.ENV, other.toString(),
                "DEEPFACE_HOME", tmp.toString())));
        assertEquals(weights, YuNetDetector.resolveModel(weights, Map.of(YuNetDetector.ENV, other.toString())));
    }

    @Test
    void scoreThresholdAsDeepFaceReadsIt() {
        assertEquals(0.9, YuNetDetector.resolveScoreThreshold(null, Map.of()));
        assertEquals(0.75, YuNetDetector.resolveScoreThreshold(null, Map.of(YuNetDetector.SCORE_ENV, "0.75")));
        assertEquals(0.5, YuNetDetector.resolveScoreThreshold(0.5, Map.of(YuNetDetector.SCORE_ENV, "0.75")));
        assertThrows(FacecalException.class, () -> YuNetDetector.resolveScoreThreshold(null, Map.of(YuNetDetector.SCORE_ENV, "high")));
        assertThrows(FacecalException.class, () -> YuNetDetector.resolveScoreThreshold(1.5, Map.of()));
    }

    @Test
    void detectorNamesAndCacheKeys() {
        FacecalException e = assertThrows(FacecalException.class, () -> Detector.parse("mtcnn"));
        assertTrue(e.getMessage().contains("opencv, opencv-fast, yunet or none"), e.getMessage());
        assertNull(Detector.parse("none").open(null, null));
        // photos without a detector are decoded by OpenCV now (ImageIO before): a cache of their own
        assertEquals("detector=none,decoder=opencv", Detector.cacheKey(null));
        // unchanged from before yunet, so existing caches stay valid
        assertEquals("detector=opencv", Detector.cacheKey(Haar.detector()));
        assertEquals(MultiFacePolicy.LARGEST, MultiFacePolicy.parse("Largest"));
        assertThrows(FacecalException.class, () -> MultiFacePolicy.parse("all"));
    }
}
