package dev.facecal.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.Fixtures;
import dev.facecal.dataset.PairTable;
import dev.facecal.dataset.PairTableReader;
import dev.facecal.models.FaceApiTarball;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Checks with opencv_zoo's real YuNet model ({@code face_detection_yunet_2023mar.onnx}), which cannot be
 * downloaded here. Not part of {@code mvn test} (the class name matches no test pattern), so the suite neither
 * skips nor fakes them; run them when you have the file:
 *
 * <pre>FACECAL_YUNET_MODEL=/path/face_detection_yunet_2023mar.onnx mvn test -Dtest=YuNetRealModelCheck</pre>
 *
 * Without the variable every check fails and says so. The YuNet code paths themselves are covered in the suite
 * by {@code YuNetDetectorTest} with a synthetic model of YuNet's inputs and outputs run through OpenCV's
 * {@code FaceDetectorYN}.
 */
class YuNetRealModelCheck {
    @TempDir
    Path dir;

    private static final Path PHOTOS = Fixtures.shared().resolve("datasets/deepface-unit");

    private Path models() {
        Path m = dir.resolve("models");
        assertEquals(0, dev.facecal.cli.CliTest.run("model", "install", "dlib", "--from", FaceApiTarball.get().toString(),
                "--models", m.toString()).status());
        return m;
    }

    /** The real model, when {@value YuNetDetector#ENV} names it. */
    private static YuNetDetector real() {
        String env = System.getenv(YuNetDetector.ENV);
        assertTrue(env != null && Files.isRegularFile(Path.of(env)), YuNetDetector.ENV
                + " must name opencv_zoo's face_detection_yunet_2023mar.onnx for these checks");
        return new YuNetDetector(Path.of(env), null, null);
    }

    @Test
    void realModelFindsImg1WithItsEyes() {
        FaceExtractor ex = new FaceExtractor(real());
        Extraction e = ex.extract(Fixtures.shared().resolve("datasets/deepface-unit/img1.jpg"));
        assertTrue(e.ok(), e.failure());
        assertEquals(1, e.facesFound());
        FaceCrop c = e.crop();
        assertTrue(c.confidence() >= 0.9, "score " + c.confidence());
        assertTrue(c.leftEye().x() > c.rightEye().x(), "the person's left eye is on the observer's right");
        assertTrue(Math.abs(c.angle()) < 20, "angle " + c.angle());
        Box b = c.box();
        for (Landmark eye : List.of(c.leftEye(), c.rightEye())) {
            assertTrue(eye.x() > b.x() && eye.x() < b.x() + b.w() && eye.y() > b.y() && eye.y() < b.y() + b.h() / 2,
                    eye + " in " + b);
        }
    }

    @Test
    void realModelOnTheMirror() throws Exception {
        YuNetDetector d = real();
        FaceExtractor ex = new FaceExtractor(d);
        Path dir = Fixtures.shared().resolve("datasets/deepface-unit");
        List<Path> photos;
        try (Stream<Path> s = Files.list(dir)) {
            photos = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        int single = 0;
        for (Path p : photos) {
            Mat img = Imgcodecs.imread(p.toString(), Imgcodecs.IMREAD_COLOR);
            List<Detection> faces = ex.detectAll(img);
            img.release();
            String name = p.getFileName().toString();
            if (name.equals("couple.jpg")) assertEquals(2, faces.size(), name);
            else if (name.startsWith("selfie")) assertTrue(faces.size() >= 3, name + ": " + faces.size());
            else if (faces.size() == 1) single++;
            for (Detection f : faces) assertTrue(f.hasEyes() && f.leftEye().x() > f.rightEye().x(), name + ": " + f);
        }
        assertEquals(62, single, "one face in each one-person photo");
    }

    /** {@code facecal distances --detector yunet} with the real model. */
    @Test
    void distancesWithRealYuNet() throws Exception {
        String env = System.getenv(YuNetDetector.ENV);
        assertTrue(env != null && Files.isRegularFile(Path.of(env)), YuNetDetector.ENV + " must name the YuNet model");
        Path models = models();
        Path pairs = Files.writeString(dir.resolve("pairs.csv"), """
                file_x,file_y,Decision
                img1.jpg,img2.jpg,Yes
                img1.jpg,img4.jpg,Yes
                img16.jpg,img17.jpg,Yes
                img1.jpg,img16.jpg,No
                img2.jpg,img17.jpg,No
                img4.jpg,couple.jpg,No
                """);
        Path out = dir.resolve("yunet.csv"), cache = dir.resolve("cache");
        String[] args = {"distances", "--dataset", PHOTOS.toString(), "--pairs", pairs.toString(), "--detector", "yunet",
            "--models", models.toString(), "--cache", cache.toString(), "--out", out.toString()};
        dev.facecal.cli.CliTest.Result r = dev.facecal.cli.CliTest.run(args);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("5 pairs, 1 skipped") && r.err().contains("couple.jpg: 2 faces"), r.err());
        PairTable t = PairTableReader.read(out);
        double[] eu = t.column("euclidean");
        for (int i = 0; i < t.size(); i++) assertEquals(t.positive()[i], eu[i] < 0.6, "pair " + i + ": " + eu[i]);
        // the Haar run does not reuse the YuNet embeddings
        dev.facecal.cli.CliTest.Result haar = dev.facecal.cli.CliTest.run("distances", "--dataset", PHOTOS.toString(), "--pairs", pairs.toString(),
                "--models", models.toString(), "--cache", cache.toString(), "--out", dir.resolve("haar.csv").toString());
        assertEquals(0, haar.status(), haar.err());
        assertTrue(haar.err().contains("(0 from the cache)"), haar.err());
        assertTrue(dev.facecal.cli.CliTest.run(args).err().contains("(6 from the cache)"));
    }
}
