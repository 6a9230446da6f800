package dev.facecal.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.Fixtures;
import dev.facecal.embed.EmbeddingStore;
import dev.facecal.embed.FaceMeshLandmarks;
import dev.facecal.embed.ModelSpec;
import dev.facecal.face.ArcFaceAlignment;
import dev.facecal.face.Box;
import dev.facecal.face.FaceExtractor;
import dev.facecal.face.Haar;
import dev.facecal.face.RgbImage;
import dev.facecal.models.HumanModelsTarball;
import dev.facecal.models.ModelStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mobileface's ArcFace 5-point alignment on DeepFace's real photos: {@code model install mobileface} installs the
 * landmark model too; FaceMesh's five points from the Haar box are where a face's points are (eyes in the upper
 * half of the box, nose between eyes and mouth, left before right) and the similarity brings them close to
 * InsightFace's template; the embeddings stage and {@link PhotoEmbedder} give the same bits; the cache key says the
 * alignment.
 */
class ArcFaceAlignedEmbeddingTest {
    @TempDir
    static Path dir;
    static ModelStore store;

    @BeforeAll
    static void install() {
        store = new ModelStore(dir.resolve("models"));
        store.install("mobileface", HumanModelsTarball.get(), null, false, new PrintWriter(new StringWriter()));
    }

    static List<Path> photos() {
        Path unit = Fixtures.shared().resolve("datasets/deepface-unit");
        List<Path> out = new ArrayList<>();
        for (String f : List.of("img1.jpg", "img2.jpg", "img18.jpg", "img27.jpg", "img40.jpg")) out.add(unit.resolve(f));
        return out;
    }

    @Test
    void installingMobilefaceInstallsFacemeshAndRecordsTheAlignment() {
        assertEquals(ModelStore.State.INSTALLED, store.check(FaceMeshLandmarks.MODEL).state());
        ModelSpec spec = store.installed("mobileface").orElseThrow().spec();
        assertEquals(ModelSpec.Alignment.ARCFACE_5POINT, spec.alignment());
        assertEquals(112, spec.width());
        assertEquals(1.0, spec.scale());
        assertEquals("RGB", spec.channelOrder());
        assertEquals(256, spec.dimension());
    }

    @Test
    void fivePointsOnRealPhotosAreAFacesPointsAndFitTheTemplate() throws Exception {
        FaceExtractor extractor = FaceStage.open(FaceOptions.opencv(Haar.cascades()), w -> { });
        try (FaceMeshLandmarks landmarks = new FaceMeshLandmarks(store.open(FaceMeshLandmarks.MODEL, 1))) {
            double[] t = ArcFaceAlignment.template();
            for (Path photo : photos()) {
                FaceExtractor.WithPhoto ex = extractor.extractWithPhoto(Files.readAllBytes(photo), photo.toString());
                assertTrue(ex.extraction().ok(), photo + ": " + ex.extraction().failure());
                Box b = ex.extraction().crop().box();
                double[] p = landmarks.fivePoints(ex.photo(), b);
                String at = photo.getFileName() + " box " + b + " points " + java.util.Arrays.toString(p);
                // eyes inside the box's upper 60 %, left of right; nose below the eyes, mouth below the nose
                for (int e = 0; e < 2; e++) {
                    assertTrue(p[2 * e] > b.x() && p[2 * e] < b.x() + b.w(), at);
                    assertTrue(p[2 * e + 1] > b.y() && p[2 * e + 1] < b.y() + 0.6 * b.h(), at);
                }
                assertTrue(p[0] < p[2], at);
                double eyeY = (p[1] + p[3]) / 2, mouthY = (p[7] + p[9]) / 2;
                assertTrue(p[5] > eyeY && p[5] < mouthY, at);
                assertTrue(p[4] > p[0] && p[4] < p[2], at);
                // after the similarity every point is within 10 px of its template point (of 112; a smile widens the
                // mouth by a few px, a point off the face would be tens of px away), 5 px root-mean-square
                double[] onTemplate = ArcFaceAlignment.apply(ArcFaceAlignment.similarity(p, t), p);
                double ss = 0;
                for (int k = 0; k < 5; k++) {
                    double d = Math.hypot(onTemplate[2 * k] - t[2 * k], onTemplate[2 * k + 1] - t[2 * k + 1]);
                    ss += d * d;
                    assertTrue(d < 10, at + ": point " + k + " lands " + d + " px from the template");
                }
                System.out.printf(java.util.Locale.ROOT, "%s: five points %.2f px RMS from the template%n",
                        photo.getFileName(), Math.sqrt(ss / 5));
                assertTrue(Math.sqrt(ss / 5) < 5, at);
                // the aligned face has the face in the middle: its centre is not the black border
                RgbImage face = landmarks.align(ex.photo(), b);
                int centre = (56 * 112 + 56) * 3;
                assertTrue(face.rgb()[centre] + face.rgb()[centre + 1] + face.rgb()[centre + 2] > 30, at);
            }
        }
    }

    @Test
    void embeddingsStageAndPhotoEmbedderAgreeAndTheCacheKeySaysTheAlignment() throws Exception {
        EmbeddingOptions options = new EmbeddingOptions(store, "mobileface", FaceOptions.opencv(Haar.cascades()),
                dir.resolve("cache"), 4, 1, false);
        List<Path> photos = photos();
        PhotoEmbeddings stage = EmbeddingStage.run(photos, options, Progress.NONE);
        try (PhotoEmbedder embedder = PhotoEmbedder.open(options)) {
            for (Path p : photos) {
                PhotoResult want = stage.get(p);
                assertTrue(want.ok(), p + ": " + want.failure());
                assertEquals(256, want.embedding().length);
                float[] got = embedder.embed(p.toString(), Files.readAllBytes(p)).embedding();
                assertArrayEquals(want.embedding(), got, 0f, p.toString());
            }
        }
        String key = EmbeddingStage.alignmentKey(options);
        assertEquals("alignment=arcface-5point,enlarge=1.4,eyes=contour-mean,facemesh="
                + store.installed(FaceMeshLandmarks.MODEL).orElseThrow().onnxSha256(), key);
        var detector = FaceStage.open(options.faces(), w -> { }).detector();
        String sha = store.installed("mobileface").orElseThrow().onnxSha256();
        assertNotEquals(EmbeddingStore.of(dir.resolve("cache"), "mobileface", EmbeddingStage.cacheConfiguration(sha,
                        detector, options.faces().policy(), true)).dir(),
                EmbeddingStore.of(dir.resolve("cache"), "mobileface", EmbeddingStage.cacheConfiguration(sha,
                        detector, options.faces().policy(), true, key)).dir(), "aligned and cropped faces never share a cache");
        assertTrue(stage.provenance().toJson().contains("arcface-5point"), stage.provenance().toJson());
    }
}
