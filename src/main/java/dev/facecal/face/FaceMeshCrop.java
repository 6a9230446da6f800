package dev.facecal.face;

/**
 * The geometry around MediaPipe FaceMesh as Human 3.3.6 feeds it ({@code src/face/blazeface.ts},
 * {@code facemeshutil.ts}, {@code facemesh.ts}, rotation correction off): the detector's box is enlarged about its
 * centre ({@code enlargeBox}, Human's {@code face.detector.scale} 1.4) and made square on its longer side with the
 * corners rounded ({@code squarifyBox}); that square is cut and resized to 192x192 by TF's {@code cropAndResize}
 * (bilinear, zeros outside the photo) and divided by 255 ({@code cutAndResize}); the 468 mesh points come back in
 * crop pixels and are mapped to the photo by {@code transformRawCoords}
 * ({@code box side / 192 * (p - 96) + box centre}; Human then truncates to whole pixels, facecal keeps the fraction).
 *
 * <p>facecal feeds the box of its own detector (the Haar cascade's), not BlazeFace's: same enlargement, same crop.
 * The five ArcFace points ({@link #fivePoints}) are the centres of the two eye contours (mean of FaceMesh's 16
 * {@code Upper0}/{@code Lower0} points per eye), the nose tip (point 1) and the mouth corners (61, 291).
 */
public final class FaceMeshCrop {
    /** FaceMesh's input side. */
    public static final int SIZE = 192;
    /** Human's {@code face.detector.scale}: the box is enlarged by this factor before the crop. */
    public static final double ENLARGE = 1.4;
    /** Points in the mesh. */
    public static final int POINTS = 468;

    private static final int[] RIGHT_EYE = {246, 161, 160, 159, 158, 157, 173, 33, 7, 163, 144, 145, 153, 154, 155, 133};
    private static final int[] LEFT_EYE = {466, 388, 387, 386, 385, 384, 398, 263, 249, 390, 373, 374, 380, 381, 382, 362};
    private static final int NOSE_TIP = 1;
    private static final int MOUTH_A = 61;
    private static final int MOUTH_B = 291;

    private FaceMeshCrop() {}

    /**
     * The square crop around a detector box, {@code [x1, y1, x2, y2]} in photo pixels: Human's {@code enlargeBox}
     * by {@code enlarge} then {@code squarifyBox} (half the longer side about the centre, corners rounded).
     */
    public static double[] square(Box box, double enlarge) {
        if (!(enlarge > 0)) throw new IllegalArgumentException("enlargement must be > 0, got " + enlarge);
        double cx = box.x() + box.w() / 2.0, cy = box.y() + box.h() / 2.0;
        double half = enlarge * Math.max(box.w(), box.h()) / 2;
        return new double[] {Math.round(cx - half), Math.round(cy - half), Math.round(cx + half), Math.round(cy + half)};
    }

    /**
     * FaceMesh's input for the square {@code crop} of {@code photo}: {@code tf.image.cropAndResize(photo,
     * [[y1/H, x1/W, y2/H, x2/W]], [0], [size, size])} (TF's sampling {@code y1/H*(H-1) + i*(y2-y1)/H*(H-1)/(size-1)},
     * bilinear, a sample outside {@code [0, H-1]} is 0), then divided by 255; NHWC RGB float32.
     */
    public static float[] input(RgbImage photo, double[] crop, int size) {
        int w = photo.width(), h = photo.height();
        int[] rgb = photo.rgb();
        double y1 = crop[1] / h, x1 = crop[0] / w, y2 = crop[3] / h, x2 = crop[2] / w;
        double hs = size > 1 ? (y2 - y1) * (h - 1) / (size - 1) : 0;
        double ws = size > 1 ? (x2 - x1) * (w - 1) / (size - 1) : 0;
        float[] out = new float[size * size * 3];
        for (int i = 0; i < size; i++) {
            double iy = size > 1 ? y1 * (h - 1) + i * hs : 0.5 * (y1 + y2) * (h - 1);
            if (iy < 0 || iy > h - 1) continue;
            int top = (int) Math.floor(iy), bottom = (int) Math.ceil(iy);
            double fy = iy - top;
            for (int j = 0; j < size; j++) {
                double ix = size > 1 ? x1 * (w - 1) + j * ws : 0.5 * (x1 + x2) * (w - 1);
                if (ix < 0 || ix > w - 1) continue;
                int left = (int) Math.floor(ix), right = (int) Math.ceil(ix);
                double fx = ix - left;
                for (int c = 0; c < 3; c++) {
                    double tl = rgb[(top * w + left) * 3 + c], tr = rgb[(top * w + right) * 3 + c];
                    double bl = rgb[(bottom * w + left) * 3 + c], br = rgb[(bottom * w + right) * 3 + c];
                    double t = tl + (tr - tl) * fx, b = bl + (br - bl) * fx;
                    out[(i * size + j) * 3 + c] = (float) (t + (b - t) * fy) / 255f;
                }
            }
        }
        return out;
    }

    /**
     * The mesh in photo pixels, {@code x0, y0, x1, y1, ...} (468 points): Human's {@code transformRawCoords}
     * without rotation, {@code (side / size) * (p - size / 2) + centre}, untruncated.
     *
     * @param mesh FaceMesh's output, 468 x (x, y, z) in crop pixels
     */
    public static double[] toPhoto(float[] mesh, double[] crop, int size) {
        if (mesh.length != POINTS * 3) {
            throw new IllegalArgumentException("FaceMesh gives " + POINTS * 3 + " values, got " + mesh.length);
        }
        double sx = Math.abs(crop[2] - crop[0]) / size, sy = Math.abs(crop[3] - crop[1]) / size;
        double cx = crop[0] + (crop[2] - crop[0]) / 2, cy = crop[1] + (crop[3] - crop[1]) / 2;
        double[] out = new double[POINTS * 2];
        for (int p = 0; p < POINTS; p++) {
            out[2 * p] = sx * (mesh[3 * p] - size / 2.0) + cx;
            out[2 * p + 1] = sy * (mesh[3 * p + 1] - size / 2.0) + cy;
        }
        return out;
    }

    /**
     * The five ArcFace points of a mesh in photo pixels ({@link #toPhoto}), in {@link ArcFaceAlignment}'s order:
     * the eye-contour centres and the mouth corners each ordered by x (as the template), the nose tip between.
     */
    public static double[] fivePoints(double[] meshXY) {
        if (meshXY.length != POINTS * 2) {
            throw new IllegalArgumentException("expected " + POINTS + " points, got " + meshXY.length / 2.0);
        }
        double[] a = mean(meshXY, RIGHT_EYE), b = mean(meshXY, LEFT_EYE);
        double[] m = {meshXY[2 * MOUTH_A], meshXY[2 * MOUTH_A + 1]}, n = {meshXY[2 * MOUTH_B], meshXY[2 * MOUTH_B + 1]};
        double[] e1 = a[0] <= b[0] ? a : b, e2 = a[0] <= b[0] ? b : a;
        double[] m1 = m[0] <= n[0] ? m : n, m2 = m[0] <= n[0] ? n : m;
        return new double[] {e1[0], e1[1], e2[0], e2[1], meshXY[2 * NOSE_TIP], meshXY[2 * NOSE_TIP + 1], m1[0], m1[1],
                m2[0], m2[1]};
    }

    private static double[] mean(double[] xy, int[] idx) {
        double x = 0, y = 0;
        for (int i : idx) {
            x += xy[2 * i];
            y += xy[2 * i + 1];
        }
        return new double[] {x / idx.length, y / idx.length};
    }
}
