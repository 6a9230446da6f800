package dev.facecal.face;

import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * DeepFace's alignment ({@link Aligner}: the sub-image of twice the face, rotated about its centre to level the eyes,
 * cropped at the rotated box) computed on the face's region only and at a bounded resolution, for the fast detector.
 * Where {@link Aligner} copies the whole sub-image, rotates all of it and keeps the crop (about a quarter of it), this
 * shrinks the part of the photo the sub-image covers so the face's longer side is at most {@code longSide}
 * ({@code INTER_AREA}; a smaller face is kept as is) and computes only the crop's pixels: one {@code warpAffine}
 * (cubic, black outside the photo, as DeepFace's black sub-image border) whose output is the crop. The crop is then at
 * most {@code longSide} on its longer side, which is all a face model's input needs (150 px for dlib), instead of the
 * photo's resolution. Not byte-identical to {@link Aligner} (the shrink, and the warp's rounding at other offsets), so
 * only a non-exact detector asks for it ({@link FaceDetector#alignLongSide}).
 */
public final class RegionAligner {
    private RegionAligner() {}

    /**
     * Aligns and crops the face {@code d} found in {@code bgr} (coordinates of {@code bgr}, no border).
     *
     * @param longSide the longest side the face box may have in the crop's resolution (greater than 0)
     */
    public static Aligner.Aligned align(Mat bgr, Detection d, int longSide) {
        Box b = d.box();
        double s = Math.min(1.0, longSide / (double) Math.max(b.w(), b.h()));
        int rx = (int) (0.5 * b.w()), ry = (int) (0.5 * b.h());
        int ox = b.x() - rx, oy = b.y() - ry; // the sub-image's corner in the photo
        int subW = b.w() + 2 * rx, subH = b.h() + 2 * ry;
        int cx1 = Math.max(0, ox), cy1 = Math.max(0, oy);
        int cx2 = Math.min(bgr.cols(), ox + subW), cy2 = Math.min(bgr.rows(), oy + subH);
        if (cx2 <= cx1 || cy2 <= cy1) return new Aligner.Aligned(new Mat(), 0);
        Mat roi = bgr.submat(new Rect(cx1, cy1, cx2 - cx1, cy2 - cy1));
        Mat src = roi;
        if (s < 1) {
            src = new Mat();
            Imgproc.resize(roi, src, new Size(Math.max(1, Math.round(roi.cols() * s)),
                    Math.max(1, Math.round(roi.rows() * s))), 0, 0, Imgproc.INTER_AREA);
        }
        try {
            // the sub-image, the box and the ROI's offset in the scaled sub-image's pixels
            int w = Math.max(1, (int) Math.round(b.w() * s)), h = Math.max(1, (int) Math.round(b.h() * s));
            int sx = (int) Math.round(rx * s), sy = (int) Math.round(ry * s);
            int width = w + 2 * sx, height = h + 2 * sy;
            double offX = (cx1 - ox) * s, offY = (cy1 - oy) * s;
            double angle = Aligner.angle(d.leftEye(), d.rightEye());
            int[] p = Aligner.projectFacialArea(sx, sy, sx + w, sy + h, angle, height, width);
            int x1 = p[0], y1 = p[1], x2 = Math.min(p[2], width), y2 = Math.min(p[3], height);
            if (x2 <= x1 || y2 <= y1) return new Aligner.Aligned(new Mat(), angle);
            Mat m = Imgproc.getRotationMatrix2D(new Point(width / 2, height / 2), angle, 1.0);
            double[] r = new double[6];
            m.get(0, 0, r);
            // dst = A (q + off) + t - (x1, y1) for a pixel q of src
            r[2] += r[0] * offX + r[1] * offY - x1;
            r[5] += r[3] * offX + r[4] * offY - y1;
            m.put(0, 0, r);
            Mat face = new Mat();
            Imgproc.warpAffine(src, face, m, new Size(x2 - x1, y2 - y1), Imgproc.INTER_CUBIC, Core.BORDER_CONSTANT,
                    new Scalar(0, 0, 0));
            m.release();
            return new Aligner.Aligned(face, angle);
        } finally {
            if (src != roi) src.release();
            roi.release();
        }
    }
}
