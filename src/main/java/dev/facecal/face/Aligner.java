package dev.facecal.face;

import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * DeepFace's eye alignment and crop ({@code deepface/modules/detection.py}: {@code extract_face},
 * {@code extract_sub_image}, {@code align_img_wrt_eyes}, {@code project_facial_area}), step for step:
 * <ol>
 *   <li>cut a sub-image of twice the face size around the box ({@code rx = int(0.5 w)}, {@code ry = int(0.5 h)} on
 *       each side), black where it leaves the image;</li>
 *   <li>{@code angle = degrees(atan2(left.y - right.y, left.x - right.x))} (person's left/right eyes), 0 without both
 *       eyes;</li>
 *   <li>rotate the sub-image by {@code angle} about its integer centre {@code (w // 2, h // 2)}
 *       ({@code getRotationMatrix2D}, {@code warpAffine} with {@code INTER_CUBIC}, black constant border, same
 *       size);</li>
 *   <li>rotate the box centre the same way, keep the box's width and height, truncate to int and clamp to the
 *       sub-image, and crop.</li>
 * </ol>
 * The image given is expected to carry DeepFace's black border ({@link #border}) so that faces near the edge survive
 * the rotation; {@link FaceExtractor} adds it.
 */
public final class Aligner {
    private Aligner() {}

    /** The result: the aligned face crop (BGR) and the rotation angle in degrees (0 when not rotated). */
    public record Aligned(Mat face, double angle) {}

    /** DeepFace's border: {@code int(0.5 * height)} above and below, {@code int(0.5 * width)} left and right. */
    public static Mat border(Mat bgr) {
        int hb = (int) (0.5 * bgr.rows()), wb = (int) (0.5 * bgr.cols());
        Mat out = new Mat();
        Core.copyMakeBorder(bgr, out, hb, hb, wb, wb, Core.BORDER_CONSTANT, new Scalar(0, 0, 0));
        return out;
    }

    /** The rotation that levels the eyes, in degrees; 0 when an eye is missing. */
    public static double angle(Landmark leftEye, Landmark rightEye) {
        if (leftEye == null || rightEye == null) return 0;
        return Math.toDegrees(Math.atan2(leftEye.y() - rightEye.y(), leftEye.x() - rightEye.x()));
    }

    /** Aligns and crops the face {@code d} found in {@code bgr} (coordinates of {@code bgr}). */
    public static Aligned align(Mat bgr, Detection d) {
        return align(bgr, d, 0, 0);
    }

    /**
     * Aligns and crops the face {@code d}, found in {@code bgr} with a black border of {@code wb} columns left and
     * right and {@code hb} rows above and below (coordinates of the bordered image), without building the bordered
     * image: the sub-image is cut from {@code bgr} at the shifted box, black outside it, which gives the same pixels
     * since the border is black.
     */
    public static Aligned align(Mat bgr, Detection d, int wb, int hb) {
        Box b = d.box();
        int rx = (int) (0.5 * b.w()), ry = (int) (0.5 * b.h());
        Mat sub = subImage(bgr, new Box(b.x() - wb, b.y() - hb, b.w(), b.h()), rx, ry);
        try {
            double angle = (sub.rows() == 0 || sub.cols() == 0) ? 0 : angle(d.leftEye(), d.rightEye());
            Mat rotated = angle == 0 ? sub : rotate(sub, angle);
            int[] p = projectFacialArea(rx, ry, rx + b.w(), ry + b.h(), angle, sub.rows(), sub.cols());
            int x1 = p[0], y1 = p[1], x2 = Math.min(p[2], rotated.cols()), y2 = Math.min(p[3], rotated.rows());
            Mat face = (x2 > x1 && y2 > y1) ? rotated.submat(new Rect(x1, y1, x2 - x1, y2 - y1)).clone() : new Mat();
            if (rotated != sub) rotated.release();
            return new Aligned(face, angle);
        } finally {
            sub.release();
        }
    }

    /** DeepFace's {@code extract_sub_image}: the box grown by {@code rx}/{@code ry} on each side, black outside. */
    static Mat subImage(Mat img, Box b, int rx, int ry) {
        int x1 = b.x() - rx, y1 = b.y() - ry, x2 = b.x() + b.w() + rx, y2 = b.y() + b.h() + ry;
        if (x1 >= 0 && y1 >= 0 && x2 <= img.cols() && y2 <= img.rows()) {
            return img.submat(new Rect(x1, y1, x2 - x1, y2 - y1)).clone();
        }
        Mat out = Mat.zeros(b.h() + 2 * ry, b.w() + 2 * rx, img.type());
        int cx1 = Math.max(0, x1), cy1 = Math.max(0, y1), cx2 = Math.min(img.cols(), x2), cy2 = Math.min(img.rows(), y2);
        if (cx2 > cx1 && cy2 > cy1) {
            int sx = Math.max(0, rx - b.x()), sy = Math.max(0, ry - b.y());
            Mat src = img.submat(new Rect(cx1, cy1, cx2 - cx1, cy2 - cy1));
            int cw = Math.min(cx2 - cx1, out.cols() - sx), ch = Math.min(cy2 - cy1, out.rows() - sy);
            if (cw > 0 && ch > 0) {
                src.submat(0, ch, 0, cw).copyTo(out.submat(new Rect(sx, sy, cw, ch)));
            }
        }
        return out;
    }

    /** DeepFace's {@code align_img_wrt_eyes} rotation (same size, cubic, black border). */
    static Mat rotate(Mat img, double angle) {
        int h = img.rows(), w = img.cols();
        Mat m = Imgproc.getRotationMatrix2D(new Point(w / 2, h / 2), angle, 1.0);
        Mat out = new Mat();
        Imgproc.warpAffine(img, out, m, new Size(w, h), Imgproc.INTER_CUBIC, Core.BORDER_CONSTANT, new Scalar(0, 0, 0));
        m.release();
        return out;
    }

    /**
     * DeepFace's {@code project_facial_area}: the box {@code (x1, y1, x2, y2)} after rotating an image of
     * {@code height x width} by {@code angle} degrees; returns {@code {x1, y1, x2, y2}}.
     */
    public static int[] projectFacialArea(int fx1, int fy1, int fx2, int fy2, double angle, int height, int width) {
        int direction = angle >= 0 ? 1 : -1;
        double a = Math.abs(angle) % 360;
        if (a == 0) return new int[] {fx1, fy1, fx2, fy2};
        a = a * Math.PI / 180;
        double x = (fx1 + fx2) / 2.0 - width / 2.0;
        double y = (fy1 + fy2) / 2.0 - height / 2.0;
        double xNew = x * Math.cos(a) + y * direction * Math.sin(a);
        double yNew = -x * direction * Math.sin(a) + y * Math.cos(a);
        xNew = xNew + width / 2.0;
        yNew = yNew + height / 2.0;
        double x1 = xNew - (fx2 - fx1) / 2.0;
        double y1 = yNew - (fy2 - fy1) / 2.0;
        double x2 = xNew + (fx2 - fx1) / 2.0;
        double y2 = yNew + (fy2 - fy1) / 2.0;
        return new int[] {
            Math.max((int) x1, 0), Math.max((int) y1, 0), Math.min((int) x2, width), Math.min((int) y2, height)
        };
    }
}
