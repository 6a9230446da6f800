package dev.facecal.face;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * InsightFace's ArcFace face alignment: five landmarks (the eye centres, the nose tip and the two mouth corners)
 * mapped onto a fixed 112x112 template by the least-squares similarity (rotation, uniform scale, translation), and
 * the photo warped there. The template and method are InsightFace's {@code face_align.norm_crop}
 * ({@code arcface_dst}, {@code SimilarityTransform.estimate}, i.e. Umeyama 1991 without reflection, then
 * {@code cv2.warpAffine(img, M, (112, 112), borderValue=0.0)}: bilinear, zeros outside).
 *
 * <p>Points are {@code double[10]}: {@code x0, y0, x1, y1, ...} in the order left eye, right eye, nose, left and
 * right mouth corner, "left" meaning the smaller x in the photo (the template's order).
 */
public final class ArcFaceAlignment {
    /** Side of the aligned face. */
    public static final int SIZE = 112;

    /** InsightFace's {@code arcface_dst}: the five points in a 112x112 face. */
    private static final double[] TEMPLATE = {38.2946, 51.6963, 73.5318, 51.5014, 56.0252, 71.7366, 41.5493, 92.3655,
            70.7299, 92.2041};

    private ArcFaceAlignment() {}

    /** The template's five points (a copy). */
    public static double[] template() {
        return TEMPLATE.clone();
    }

    /**
     * The similarity that maps {@code from} onto {@code to} with the least sum of squared distances (Umeyama 1991
     * in 2-D; rotations only, never a reflection), as {@code [a, b, tx, c, d, ty]} with
     * {@code x' = a x + b y + tx}, {@code y' = c x + d y + ty} (an OpenCV 2x3 affine matrix, row-major).
     *
     * @param from points {@code x0, y0, x1, y1, ...}, at least two distinct
     * @param to   as many points
     */
    public static double[] similarity(double[] from, double[] to) {
        if (from.length != to.length || from.length < 4 || from.length % 2 != 0) {
            throw new IllegalArgumentException("need two equal lists of at least 2 points (x, y pairs), got "
                    + from.length + " and " + to.length + " values");
        }
        int n = from.length / 2;
        double fx = 0, fy = 0, tx = 0, ty = 0;
        for (int i = 0; i < n; i++) {
            fx += from[2 * i];
            fy += from[2 * i + 1];
            tx += to[2 * i];
            ty += to[2 * i + 1];
        }
        fx /= n;
        fy /= n;
        tx /= n;
        ty /= n;
        double dot = 0, cross = 0, var = 0;
        for (int i = 0; i < n; i++) {
            double ax = from[2 * i] - fx, ay = from[2 * i + 1] - fy, bx = to[2 * i] - tx, by = to[2 * i + 1] - ty;
            dot += ax * bx + ay * by;
            cross += ax * by - ay * bx;
            var += ax * ax + ay * ay;
        }
        if (!(var > 0)) throw new IllegalArgumentException("the points to fit all coincide");
        double c = dot / var, s = cross / var; // scale * cos(angle), scale * sin(angle)
        return new double[] {c, -s, tx - (c * fx - s * fy), s, c, ty - (s * fx + c * fy)};
    }

    /** Applies a 2x3 affine matrix ({@link #similarity}'s form) to points {@code x0, y0, x1, y1, ...}. */
    public static double[] apply(double[] m, double[] points) {
        double[] out = new double[points.length];
        for (int i = 0; i < points.length; i += 2) {
            out[i] = m[0] * points[i] + m[1] * points[i + 1] + m[2];
            out[i + 1] = m[3] * points[i] + m[4] * points[i + 1] + m[5];
        }
        return out;
    }

    /**
     * The 112x112 ArcFace face of a photo with the five landmarks {@code points} (photo pixel coordinates):
     * {@code cv2.warpAffine(photo, similarity(points, template), (112, 112))}, {@code INTER_LINEAR}, constant 0 border,
     * on the 8-bit RGB pixels (so the result is rounded to 8 bits, as InsightFace's is).
     */
    public static RgbImage align(RgbImage photo, double[] points) {
        if (points.length != TEMPLATE.length) {
            throw new IllegalArgumentException("ArcFace alignment needs 5 points (10 values), got " + points.length);
        }
        return warp(photo, similarity(points, TEMPLATE), SIZE);
    }

    /** {@code cv2.warpAffine(photo, m, (size, size), INTER_LINEAR, BORDER_CONSTANT, 0)} on 8-bit RGB pixels. */
    public static RgbImage warp(RgbImage photo, double[] m, int size) {
        OpenCvNative.load();
        Mat src = new Mat(photo.height(), photo.width(), CvType.CV_8UC3);
        Mat dst = new Mat();
        Mat affine = new Mat(2, 3, CvType.CV_64F);
        try {
            byte[] b = new byte[photo.rgb().length];
            for (int i = 0; i < b.length; i++) b[i] = (byte) photo.rgb()[i];
            src.put(0, 0, b);
            affine.put(0, 0, m);
            Imgproc.warpAffine(src, dst, affine, new Size(size, size), Imgproc.INTER_LINEAR,
                    org.opencv.core.Core.BORDER_CONSTANT, new Scalar(0, 0, 0));
            byte[] o = new byte[size * size * 3];
            dst.get(0, 0, o);
            int[] rgb = new int[o.length];
            for (int i = 0; i < o.length; i++) rgb[i] = o[i] & 0xff;
            return new RgbImage(size, size, rgb);
        } finally {
            src.release();
            dst.release();
            affine.release();
        }
    }
}
