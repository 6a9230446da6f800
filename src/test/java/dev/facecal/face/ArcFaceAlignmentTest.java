package dev.facecal.face;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The least-squares similarity and the warp of {@link ArcFaceAlignment}. */
class ArcFaceAlignmentTest {

    /** x' = s (cos a x - sin a y) + tx, y' = s (sin a x + cos a y) + ty */
    private static double[] known(double s, double a, double tx, double ty) {
        return new double[] {s * Math.cos(a), -s * Math.sin(a), tx, s * Math.sin(a), s * Math.cos(a), ty};
    }

    @Test
    void recoversAKnownSimilarityExactly() {
        double[] m = known(2.5, 0.3, -40, 17);
        double[] from = {120, 80, 190, 85, 150, 130, 125, 170, 185, 168};
        double[] fit = ArcFaceAlignment.similarity(from, ArcFaceAlignment.apply(m, from));
        assertArrayEquals(m, fit, 1e-9);
    }

    @Test
    void leastSquaresWithNoiseIsCloseAndBeatsTheTruthOnResiduals() {
        Random r = new Random(14);
        double[] m = known(0.8, -1.1, 5, 60);
        double[] from = new double[40];
        for (int i = 0; i < from.length; i++) from[i] = 300 * r.nextDouble();
        double[] to = ArcFaceAlignment.apply(m, from);
        for (int i = 0; i < to.length; i++) to[i] += r.nextGaussian() * 0.5;
        double[] fit = ArcFaceAlignment.similarity(from, to);
        // noise of 0.5 px on 20 points: the linear part within 0.01, the translation within 0.5 px
        for (int i : new int[] {0, 1, 3, 4}) assertEquals(m[i], fit[i], 0.01, "linear part " + i);
        for (int i : new int[] {2, 5}) assertEquals(m[i], fit[i], 0.5, "translation " + i);
        assertTrue(residual(fit, from, to) <= residual(m, from, to), "the fit is the least-squares similarity");
        // perturbing the fit's parameters (keeping it a similarity) never lowers the residual
        for (double[] d : new double[][] {{1e-3, 0, 0, 0}, {0, 1e-3, 0, 0}, {0, 0, 1e-2, 0}, {0, 0, 0, 1e-2}}) {
            double[] p = {fit[0] + d[0], fit[1] - d[1], fit[2] + d[2], fit[3] + d[1], fit[4] + d[0], fit[5] + d[3]};
            assertTrue(residual(fit, from, to) <= residual(p, from, to));
        }
    }

    @Test
    void neverReflects() {
        // points mirrored left-right: the best similarity is a rotation (determinant > 0), not the mirror
        double[] from = {0, 0, 10, 0, 0, 20, 7, 13};
        double[] to = {0, 0, -10, 0, 0, 20, -7, 13};
        double[] fit = ArcFaceAlignment.similarity(from, to);
        assertTrue(fit[0] * fit[4] - fit[1] * fit[3] > 0);
        assertEquals(fit[0], fit[4], 1e-12);
        assertEquals(-fit[1], fit[3], 1e-12);
    }

    @Test
    void rejectsBadPointLists() {
        assertThrows(IllegalArgumentException.class, () -> ArcFaceAlignment.similarity(new double[] {1, 2},
                new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> ArcFaceAlignment.similarity(new double[] {1, 2, 1, 2},
                new double[] {0, 0, 5, 5}));
        assertThrows(IllegalArgumentException.class, () -> ArcFaceAlignment.align(new RgbImage(1, 1, new int[3]),
                new double[8]));
    }

    @Test
    void alignedFacePutsTheFivePointsOnTheTemplate() {
        // a 300x240 photo with a bright 3x3 dot at each of five points (a scaled, rotated, shifted template)
        double[] m = known(1.9, 0.2, 60, 20);
        double[] points = ArcFaceAlignment.apply(m, ArcFaceAlignment.template());
        int w = 300, h = 240;
        int[] rgb = new int[w * h * 3];
        for (int p = 0; p < 5; p++) {
            int cx = (int) Math.round(points[2 * p]), cy = (int) Math.round(points[2 * p + 1]);
            for (int y = cy - 1; y <= cy + 1; y++) for (int x = cx - 1; x <= cx + 1; x++) {
                for (int c = 0; c < 3; c++) rgb[(y * w + x) * 3 + c] = 255;
            }
        }
        RgbImage face = ArcFaceAlignment.align(new RgbImage(w, h, rgb), points);
        assertEquals(112, face.width());
        assertEquals(112, face.height());
        double[] t = ArcFaceAlignment.template();
        for (int p = 0; p < 5; p++) {
            int x = (int) Math.round(t[2 * p]), y = (int) Math.round(t[2 * p + 1]);
            assertTrue(face.rgb()[(y * 112 + x) * 3] > 100, "point " + p + " lands on the template at " + x + "," + y);
        }
        // outside the photo the warp is black (constant 0 border): a tiny far-away face
        double[] far = {2, 2, 4, 2, 3, 3, 2, 4, 4, 4};
        RgbImage edge = ArcFaceAlignment.align(new RgbImage(w, h, rgb), far);
        assertEquals(0, edge.rgb()[0]);
    }

    private static double residual(double[] m, double[] from, double[] to) {
        double[] p = ArcFaceAlignment.apply(m, from);
        double s = 0;
        for (int i = 0; i < p.length; i++) s += (p[i] - to[i]) * (p[i] - to[i]);
        return s;
    }
}
