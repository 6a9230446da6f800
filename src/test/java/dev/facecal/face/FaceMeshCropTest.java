package dev.facecal.face;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Human 3.3.6's FaceMesh crop geometry as {@link FaceMeshCrop} reproduces it. */
class FaceMeshCropTest {

    @Test
    void squareEnlargesAboutTheCentreOnTheLongerSideAndRounds() {
        // centre (60, 45), longer side 40 -> half 1.4 * 40 / 2 = 28
        assertArrayEquals(new double[] {32, 17, 88, 73}, FaceMeshCrop.square(new Box(40, 30, 40, 30), 1.4));
        // rounding as Math.round: centre 10.5, half 3.5 -> 7 and 14
        assertArrayEquals(new double[] {7, 7, 14, 14}, FaceMeshCrop.square(new Box(5, 5, 11, 11), 7.0 / 11));
        assertThrows(IllegalArgumentException.class, () -> FaceMeshCrop.square(new Box(0, 0, 1, 1), 0));
    }

    @Test
    void cropOfTheWholeImageAtItsOwnSizeIsTheImageOver255() {
        int w = 7, h = 5;
        int[] rgb = new int[w * h * 3];
        for (int i = 0; i < rgb.length; i++) rgb[i] = (i * 37) % 256;
        // TF's cropAndResize samples y1*(H-1) + i*(y2-y1)*(H-1)/(size-1): a box [0, 0, W, H] at size H (square: W = H)
        int[] sq = new int[5 * 5 * 3];
        for (int y = 0; y < 5; y++) System.arraycopy(rgb, y * w * 3, sq, y * 5 * 3, 5 * 3);
        float[] t = FaceMeshCrop.input(new RgbImage(5, 5, sq), new double[] {0, 0, 5, 5}, 5);
        for (int i = 0; i < sq.length; i++) assertEquals(sq[i] / 255f, t[i], 1e-7f, "value " + i);
    }

    @Test
    void samplesOutsideThePhotoAreZeroAndInsideAreBilinear() {
        int[] rgb = new int[2 * 2 * 3];
        for (int p = 0; p < 4; p++) for (int c = 0; c < 3; c++) rgb[p * 3 + c] = p * 60;
        RgbImage img = new RgbImage(2, 2, rgb);
        // box [-2, -2, 4, 4] at size 3: samples at x, y = -2*(1/2), ... = -1, 0.5, 2 (in pixels of a 2-px image)
        float[] t = FaceMeshCrop.input(img, new double[] {-2, -2, 4, 4}, 3);
        assertEquals(0f, t[0], 0f); // (-1, -1): outside
        assertEquals(0f, t[(1 * 3 + 2) * 3], 0f); // (0.5, 2): y outside [0, 1]
        // centre (0.5, 0.5): mean of 0, 60, 120, 180 = 90
        assertEquals(90 / 255f, t[(1 * 3 + 1) * 3], 1e-6f);
    }

    @Test
    void meshMapsBackAboutTheBoxCentreAndFivePointsAreOrdered() {
        float[] mesh = new float[FaceMeshCrop.POINTS * 3];
        for (int p = 0; p < FaceMeshCrop.POINTS; p++) {
            mesh[3 * p] = 96;
            mesh[3 * p + 1] = 96;
        }
        // right-eye contour at x = 60, left-eye contour at x = 130 (crop pixels), nose at 96, mouth corners 70 / 120
        for (int i : new int[] {246, 161, 160, 159, 158, 157, 173, 33, 7, 163, 144, 145, 153, 154, 155, 133}) {
            mesh[3 * i] = 60;
            mesh[3 * i + 1] = 80;
        }
        for (int i : new int[] {466, 388, 387, 386, 385, 384, 398, 263, 249, 390, 373, 374, 380, 381, 382, 362}) {
            mesh[3 * i] = 130;
            mesh[3 * i + 1] = 82;
        }
        mesh[3 * 1 + 1] = 110;
        mesh[3 * 61] = 120;
        mesh[3 * 61 + 1] = 140;
        mesh[3 * 291] = 70;
        mesh[3 * 291 + 1] = 141;
        double[] crop = {100, 200, 484, 584}; // side 384 = twice the crop: photo = 2 * (p - 96) + 292 / 392
        double[] xy = FaceMeshCrop.toPhoto(mesh, crop, FaceMeshCrop.SIZE);
        assertEquals(292, xy[0], 1e-9);
        assertEquals(392, xy[1], 1e-9);
        double[] five = FaceMeshCrop.fivePoints(xy);
        assertArrayEquals(new double[] {2 * (60 - 96) + 292, 2 * (80 - 96) + 392, 2 * (130 - 96) + 292,
                2 * (82 - 96) + 392, 292, 2 * (110 - 96) + 392, 2 * (70 - 96) + 292, 2 * (141 - 96) + 392,
                2 * (120 - 96) + 292, 2 * (140 - 96) + 392}, five, 1e-9);
        assertThrows(IllegalArgumentException.class, () -> FaceMeshCrop.toPhoto(new float[3], crop, 192));
    }
}
