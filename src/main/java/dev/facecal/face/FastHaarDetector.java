package dev.facecal.face;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * The fast detector {@code opencv-fast}: DeepFace's cascades and eye rule ({@link HaarDetector}), on less pixels,
 * so its crops are close to DeepFace's but not equal (never the default; the {@code opencv} mode stays exact):
 * <ul>
 *   <li>the JPEG is decoded at the smallest DCT scale whose longer side is still {@value #DECODE_LONG_SIDE} px;</li>
 *   <li>the face cascade scans a gray copy shrunk to a longer side of {@value #SCAN_LONG_SIDE} px
 *       ({@code INTER_AREA}), without DeepFace's border, in scale steps of {@value #SCAN_SCALE_FACTOR} (DeepFace: 1.1),
 *       and only for faces at least 1/{@value #MIN_FACE_DIVISOR} of the shorter side; the boxes are scaled back to the
 *       decoded photo;</li>
 *   <li>the eyes are searched in the top {@value #EYE_BAND} of each face at the decoded resolution, shrunk to at
 *       most {@value #EYE_WIDTH} px wide when larger, and scaled back;</li>
 *   <li>alignment is DeepFace's rotation and crop computed on the face's region only, shrunk so the face box is at
 *       most {@value #ALIGN_LONG_SIDE} px ({@link RegionAligner}; dlib's input is 150 px), not on the whole photo.</li>
 * </ul>
 * Measured against {@code opencv} (CPU per stage, ROC-AUC and thresholds on {@code master.csv}) in
 * docs/benchmarks.md.
 */
public final class FastHaarDetector implements FaceDetector {
    static final int DECODE_LONG_SIDE = 640;
    static final int SCAN_LONG_SIDE = 320;
    /**
     * Scale step of the face scan: 1.2 where DeepFace uses 1.1, about half the scales. Measured on 500 photos
     * (docs/benchmarks.md): 12 % less CPU, the same photos without a face, and on DeepFace's 300 pairs the same
     * ROC-AUC with c45 thresholds closer to the exact mode's than at 1.1.
     */
    static final double SCAN_SCALE_FACTOR = 1.2;
    static final int MIN_FACE_DIVISOR = 8;
    static final int EYE_WIDTH = 160;
    /**
     * The top share of the face box the eyes are searched in: both eyes were found in 49 of deepface-unit's 62 photos
     * with 0.6, 51 with the whole box, 30 with 0.5 (the eye boxes reach below the middle).
     */
    static final double EYE_BAND = 0.6;
    /** The longest side of the face box in the aligned crop ({@link RegionAligner}). */
    static final int ALIGN_LONG_SIDE = 256;

    private final HaarDetector haar;

    public FastHaarDetector(Path cascadeDir) {
        this.haar = new HaarDetector(cascadeDir);
    }

    @Override
    public String name() {
        return "opencv-fast";
    }

    @Override
    public String configuration() {
        return "opencv-fast,decode=" + DECODE_LONG_SIDE + ",scan=" + SCAN_LONG_SIDE + ",step=" + SCAN_SCALE_FACTOR + ",min=1/" + MIN_FACE_DIVISOR
                + ",eyes=" + EYE_WIDTH + ",band=" + EYE_BAND + ",align=" + ALIGN_LONG_SIDE;
    }

    @Override
    public boolean bordered() {
        return false;
    }

    @Override
    public int decodeLongSide() {
        return DECODE_LONG_SIDE;
    }

    @Override
    public int alignLongSide() {
        return ALIGN_LONG_SIDE;
    }

    @Override
    public List<Detection> detect(Mat bgr) {
        List<Detection> out = new ArrayList<>();
        if (bgr.empty()) return out;
        long t = System.nanoTime();
        Mat gray = HaarDetector.gray(bgr);
        double s = Math.min(1.0, SCAN_LONG_SIDE / (double) Math.max(gray.cols(), gray.rows()));
        Mat small = gray;
        if (s < 1) {
            small = new Mat();
            Imgproc.resize(gray, small, new Size(Math.max(1, Math.round(gray.cols() * s)),
                    Math.max(1, Math.round(gray.rows() * s))), 0, 0, Imgproc.INTER_AREA);
        }
        t = StageClock.add(StageClock.Stage.GRAY, t);
        try {
            int min = Math.max(24, Math.min(small.cols(), small.rows()) / MIN_FACE_DIVISOR);
            HaarGrouping.Grouped found = haar.scan(small, SCAN_SCALE_FACTOR, new Size(min, min));
            t = StageClock.add(StageClock.Stage.DETECT, t);
            Rect[] r = found.rects();
            double[] w = found.weights();
            double sx = gray.cols() / (double) small.cols(), sy = gray.rows() / (double) small.rows();
            for (int i = 0; i < r.length; i++) {
                int x = (int) Math.round(r[i].x * sx), y = (int) Math.round(r[i].y * sy);
                int fw = Math.min((int) Math.round(r[i].width * sx), gray.cols() - x);
                int fh = Math.min((int) Math.round(r[i].height * sy), gray.rows() - y);
                if (fw <= 0 || fh <= 0) continue;
                Landmark[] eyes = eyes(gray.submat(new Rect(x, y, fw, fh)));
                Landmark left = eyes[0] == null ? null : eyes[0].shift(x, y);
                Landmark right = eyes[1] == null ? null : eyes[1].shift(x, y);
                out.add(new Detection(new Box(x, y, fw, fh), left, right, i < w.length ? (100 - w[i]) / 100 : 0));
            }
            StageClock.add(StageClock.Stage.EYES, t);
        } finally {
            if (small != gray) small.release();
            gray.release();
        }
        return out;
    }

    /**
     * The eyes in the face {@code face} (gray, the face box at the decoded resolution; released here), searched only in
     * its top {@link #EYE_BAND} (where the eye cascade finds eyes in a frontal face box; nostrils and mouth corners it
     * sometimes takes for eyes lie below), shrunk to at most {@link #EYE_WIDTH} px wide, in {@code face}'s coordinates.
     */
    private Landmark[] eyes(Mat face) {
        Mat band = face.submat(0, Math.max(1, (int) Math.ceil(face.rows() * EYE_BAND)), 0, face.cols());
        try {
            if (band.cols() <= EYE_WIDTH) return haar.findEyesGray(band);
            double e = EYE_WIDTH / (double) band.cols();
            Mat shrunk = new Mat();
            Imgproc.resize(band, shrunk, new Size(EYE_WIDTH, Math.max(1, Math.round(band.rows() * e))), 0, 0,
                    Imgproc.INTER_AREA);
            try {
                Landmark[] found = haar.findEyesGray(shrunk);
                double bx = band.cols() / (double) shrunk.cols(), by = band.rows() / (double) shrunk.rows();
                for (int k = 0; k < 2; k++) {
                    if (found[k] != null) {
                        found[k] = new Landmark((int) (found[k].x() * bx), (int) (found[k].y() * by));
                    }
                }
                return found;
            } finally {
                shrunk.release();
            }
        } finally {
            band.release();
            face.release();
        }
    }
}
