package dev.facecal.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * {@link RegionAligner} against {@link Aligner} (DeepFace's alignment) on DeepFace's img1.jpg: at full resolution the
 * same crop (size equal, pixels equal without rotation, within a unit or two on average with it), near the photo's
 * edge too (black where the sub-image leaves the photo); with a bound, the crop shrinks to it.
 */
class RegionAlignerTest {
    private static Mat photo;

    @BeforeAll
    static void load() {
        OpenCvNative.load();
        photo = Imgcodecs.imread(Fixtures.shared().resolve("datasets/deepface-unit/img1.jpg").toString());
    }

    private static double meanAbsDiff(Mat a, Mat b) {
        Mat d = new Mat();
        Core.absdiff(a, b, d);
        double[] m = Core.mean(d).val;
        d.release();
        return (m[0] + m[1] + m[2]) / 3;
    }

    @Test
    void withoutRotationTheCropIsDeepFacesPixelForPixel() {
        for (Box box : new Box[] {new Box(400, 500, 300, 320), new Box(10, 20, 300, 300),
                new Box(photo.cols() - 200, photo.rows() - 150, 180, 140)}) {
            Detection d = new Detection(box, null, null, 1);
            Mat exact = Aligner.align(photo, d).face(), region = RegionAligner.align(photo, d, 10_000).face();
            assertEquals(exact.size(), region.size(), box.toString());
            assertEquals(0.0, meanAbsDiff(exact, region), 0, box.toString());
        }
    }

    @Test
    void withRotationTheCropIsDeepFacesUpToInterpolationRounding() {
        for (Box box : new Box[] {new Box(400, 500, 300, 320), new Box(10, 20, 300, 300)}) {
            Detection d = new Detection(box, new Landmark(box.x() + 220, box.y() + 140),
                    new Landmark(box.x() + 80, box.y() + 110), 1);
            Mat exact = Aligner.align(photo, d).face(), region = RegionAligner.align(photo, d, 10_000).face();
            assertEquals(exact.size(), region.size(), box.toString());
            double diff = meanAbsDiff(exact, region);
            assertTrue(diff < 1.0, box + ": mean |difference| " + diff);
        }
    }

    @Test
    void aBoundShrinksTheCropToIt() {
        Detection d = new Detection(new Box(400, 500, 400, 400), new Landmark(700, 650), new Landmark(500, 620), 1);
        Aligner.Aligned a = RegionAligner.align(photo, d, 200);
        assertTrue(a.face().cols() <= 201 && a.face().rows() <= 201 && a.face().cols() >= 150,
                a.face().size().toString());
        assertEquals(Aligner.angle(d.leftEye(), d.rightEye()), a.angle(), 0);
    }
}
