package dev.facecal.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PreprocessTest {

    @Test
    void padToSquareAppendsTheRoundedHalfAfterTheImage() {
        // 3 wide, 1 high: diff 2 -> 1 row after, 1 row before (face-api padToSquare, isCenterImage=true)
        int[] rgb = {10, 10, 10, 20, 20, 20, 30, 30, 30};
        float[] sq = Preprocess.padToSquareResize(rgb, 3, 1, 3, 3);
        float[] want = new float[27];
        for (int x = 0; x < 3; x++) for (int c = 0; c < 3; c++) want[(1 * 3 + x) * 3 + c] = 10 * (x + 1);
        assertArrayEquals(want, sq, 0f);
        // 2 wide, 1 high: diff 1 -> round(0.5) = 1 row after, none before
        float[] sq2 = Preprocess.padToSquareResize(new int[] {5, 5, 5, 7, 7, 7}, 2, 1, 2, 2);
        assertArrayEquals(new float[] {5, 5, 5, 7, 7, 7, 0, 0, 0, 0, 0, 0}, sq2, 0f);
    }

    @Test
    void asymmetricBilinearSamplesAtInOverOutTimesDst() {
        // 1-D ramp 0, 100 over 2 columns resized to 4: src = 0, 0.5, 1, 1.5 (clamped ceil) -> 0, 50, 100, 100
        float[] in = {0, 0, 0, 100, 100, 100};
        float[] out = Preprocess.resizeAsymmetric(in, 2, 1, 4, 1);
        assertArrayEquals(new float[] {0, 0, 0, 50, 50, 50, 100, 100, 100, 100, 100, 100}, out, 0f);
    }

    @Test
    void dlibNormalisationIsFloat32MeanSubtractionOver255() {
        int[] rgb = new int[150 * 150 * 3];
        rgb[0] = 255;
        rgb[1] = 128;
        rgb[2] = 0;
        float[] t = Preprocess.tensor(rgb, 150, 150, ModelSpec.dlib());
        assertEquals((255f - 122.782f) / 255f, t[0], 0f);
        assertEquals((128f - 117.001f) / 255f, t[1], 0f);
        assertEquals((0f - 104.298f) / 255f, t[2], 0f);
        assertEquals((0f - 122.782f) / 255f, t[3], 0f);
    }

    @Test
    void bgrAndNchwReorder() {
        ModelSpec s = new ModelSpec("t", 1, 1, "NCHW", "BGR", ModelSpec.Resize.BILINEAR, 1.0,
                new double[] {1, 2, 3}, new double[] {1, 1, 1}, "in", "out", 2, false, new String[] {"cosine"});
        float[] t = Preprocess.tensor(new int[] {10, 20, 30}, 1, 1, s);
        assertArrayEquals(new float[] {30 - 1, 20 - 2, 10 - 3}, t, 0f);
    }
}
