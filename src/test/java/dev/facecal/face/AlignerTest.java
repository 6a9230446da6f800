package dev.facecal.face;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

class AlignerTest {
    @BeforeAll
    static void load() {
        OpenCvNative.load();
    }

    @Test
    void angleFollowsDeepFace() {
        // atan2(left.y - right.y, left.x - right.x) in degrees
        assertEquals(0.0, Aligner.angle(new Landmark(200, 100), new Landmark(100, 100)), 0);
        assertEquals(45.0, Aligner.angle(new Landmark(200, 200), new Landmark(100, 100)), 1e-12);
        assertEquals(-45.0, Aligner.angle(new Landmark(200, 0), new Landmark(100, 100)), 1e-12);
        assertEquals(0.0, Aligner.angle(null, new Landmark(1, 1)), 0);
    }

    @Test
    void projectionOfTheCentredBoxIsUnchangedAndOffCentreBoxesRotate() {
        // a box centred in the sub-image stays put whatever the angle
        assertArrayEquals(new int[] {50, 50, 150, 150}, Aligner.projectFacialArea(50, 50, 150, 150, 30, 200, 200));
        // angle 0: returned as given
        assertArrayEquals(new int[] {10, 20, 30, 40}, Aligner.projectFacialArea(10, 20, 30, 40, 0, 200, 200));
        // hand-computed from DeepFace's formula: centre (150,100) in 200x200 -> offset (50,0); 90 degrees ->
        // x' = 50 cos + 0 = 0 ; y' = -50 sin = -50 -> centre (100, 50); box 20x20 -> (90,40,110,60)
        assertArrayEquals(new int[] {90, 40, 110, 60}, Aligner.projectFacialArea(140, 90, 160, 110, 90, 200, 200));
        // negative direction: centre (100, 150) -> y' = 50 cos 90 ~ 0, x' = 50 * -1 * sin 90 = -50 -> (50, 100)
        int[] p = Aligner.projectFacialArea(90, 140, 110, 160, -90, 200, 200);
        assertArrayEquals(new int[] {40, 90, 60, 110}, p);
    }

    @Test
    void subImageIsTwiceTheBoxWithBlackOutside() {
        Mat img = new Mat(100, 100, CvType.CV_8UC3, new Scalar(255, 255, 255));
        Mat sub = Aligner.subImage(img, new Box(0, 0, 40, 40), 20, 20);
        assertEquals(80, sub.rows());
        assertEquals(80, sub.cols());
        assertEquals(0.0, sub.get(0, 0)[0], 0);
        assertEquals(255.0, sub.get(20, 20)[0], 0);
        assertEquals(255.0, sub.get(79, 79)[0], 0);
    }
}
