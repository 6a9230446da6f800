package dev.facecal.face;

import dev.facecal.FacecalException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.MatOfInt;
import org.opencv.core.MatOfRect;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.opencv.objdetect.CascadeClassifier;

/**
 * DeepFace's {@code opencv} detector backend ({@code deepface/models/face_detection/OpenCv.py}) on OpenCV's Java
 * binding: {@code haarcascade_frontalface_default.xml} through {@code detectMultiScale3(img, 1.1, 10,
 * outputRejectLevels=True)}, confidence {@code (100 - levelWeight) / 100}; then, inside each face rectangle (as gray),
 * {@code haarcascade_eye.xml} through {@code detectMultiScale(gray, 1.1, 10)}; the two largest eye boxes (stable sort
 * by area, descending) are the eyes, the one further left in the image being the person's right eye; an eye is the
 * truncated centre {@code (int(x + w/2), int(y + h/2))}. Fewer than two eye boxes: no eyes.
 *
 * <p>The cascade folder is given: the configuration picks the environment variable {@value #ENV}, else the copies
 * shipped in facecal's jar ({@link HaarCascades}, OpenCV 4.9.0, written once into facecal's cache). Instances
 * are safe to share between threads (calls are serialised; OpenCV's cascades are not documented as thread-safe);
 * a parallel run opens one per worker.
 */
public final class HaarDetector implements FaceDetector {
    public static final String ENV = "FACECAL_CASCADES";
    public static final String FACE_CASCADE = "haarcascade_frontalface_default.xml";
    public static final String EYE_CASCADE = "haarcascade_eye.xml";

    static final double SCALE_FACTOR = 1.1;
    static final int MIN_NEIGHBORS = 10;

    private final Path dir;
    private final CascadeClassifier faces;
    private final CascadeClassifier eyes;

    /**
     * @param cascadeDir the folder with the two cascade XML files: {@code FACECAL_CASCADES}, or the copies shipped in
     *                   facecal's jar ({@link HaarCascades#folder}), as the configuration resolves it
     */
    public HaarDetector(Path cascadeDir) {
        OpenCvNative.load();
        if (cascadeDir == null) {
            throw new IllegalArgumentException("the Haar cascade folder must be given (HaarCascades.folder(cache))");
        }
        this.dir = cascadeDir;
        this.faces = load(dir.resolve(FACE_CASCADE));
        this.eyes = load(dir.resolve(EYE_CASCADE));
    }

    private static CascadeClassifier load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new FacecalException("OpenCV Haar cascade " + file + " is missing: point " + ENV
                    + " at a folder holding " + FACE_CASCADE + " and " + EYE_CASCADE
                    + ", or unset it to use the cascades shipped with facecal");
        }
        CascadeClassifier c = new CascadeClassifier(file.toString());
        if (c.empty()) {
            throw new FacecalException("OpenCV could not load the Haar cascade " + file + " (corrupt XML?)");
        }
        return c;
    }

    public Path cascadeDir() {
        return dir;
    }

    @Override
    public String name() {
        return "opencv";
    }

    @Override
    public synchronized List<Detection> detect(Mat bgr) {
        if (bgr.empty()) return new ArrayList<>();
        Mat gray = gray(bgr);
        try {
            return detectGray(gray);
        } finally {
            gray.release();
        }
    }

    /**
     * The same as detecting on the bordered BGR image, without building it: OpenCV's cascade converts a BGR image to
     * gray before it scans ({@code cvtColor(COLOR_BGR2GRAY)}, pixel by pixel), and the gray of a black border is 0,
     * so the photo is converted once and only the gray image is bordered; the eye search then reads the same gray
     * pixels inside each face (DeepFace converts each face region again).
     */
    @Override
    public synchronized List<Detection> detectBordered(Mat bgr) {
        if (bgr.empty()) return new ArrayList<>();
        long t = System.nanoTime();
        Mat gray = gray(bgr);
        Mat bordered = new Mat();
        try {
            int hb = (int) (0.5 * bgr.rows()), wb = (int) (0.5 * bgr.cols());
            Core.copyMakeBorder(gray, bordered, hb, hb, wb, wb, Core.BORDER_CONSTANT, new Scalar(0));
            StageClock.add(StageClock.Stage.GRAY, t);
            return detectGray(bordered);
        } finally {
            gray.release();
            bordered.release();
        }
    }

    /**
     * DeepFace's detection on an 8-bit grayscale image: the faces ({@code detectMultiScale3}) and in each the eyes
     * ({@link #findEyesGray}), in the image's coordinates.
     */
    public synchronized List<Detection> detectGray(Mat gray) {
        List<Detection> out = new ArrayList<>();
        if (gray.empty()) return out;
        MatOfRect rects = new MatOfRect();
        MatOfInt rejectLevels = new MatOfInt();
        MatOfDouble weights = new MatOfDouble();
        try {
            long t = System.nanoTime();
            faces.detectMultiScale3(gray, rects, rejectLevels, weights, SCALE_FACTOR, MIN_NEIGHBORS, 0, new Size(),
                    new Size(), true);
            t = StageClock.add(StageClock.Stage.DETECT, t);
            Rect[] r = rects.empty() ? new Rect[0] : rects.toArray();
            double[] w = weights.empty() ? new double[0] : weights.toArray();
            for (int i = 0; i < r.length; i++) {
                Rect f = r[i];
                Mat face = gray.submat(f);
                Landmark[] eyesFound = findEyesGray(face);
                face.release();
                Landmark left = eyesFound[0] == null ? null : eyesFound[0].shift(f.x, f.y);
                Landmark right = eyesFound[1] == null ? null : eyesFound[1].shift(f.x, f.y);
                double confidence = i < w.length ? (100 - w[i]) / 100 : 0;
                out.add(new Detection(new Box(f.x, f.y, f.width, f.height), left, right, confidence));
            }
            StageClock.add(StageClock.Stage.EYES, t);
        } finally {
            rects.release();
            rejectLevels.release();
            weights.release();
        }
        return out;
    }

    /** The face cascade's {@code detectMultiScale3} with DeepFace's settings and {@code minSize}. */
    synchronized void scan(Mat gray, MatOfRect rects, MatOfInt levels, MatOfDouble weights, Size minSize) {
        faces.detectMultiScale3(gray, rects, levels, weights, SCALE_FACTOR, MIN_NEIGHBORS, 0, minSize, new Size(), true);
    }

    /**
     * DeepFace's {@code find_eyes} on a BGR face image: {@code {leftEye, rightEye}} in the face image's coordinates,
     * both {@code null} when fewer than two eyes are found.
     */
    public synchronized Landmark[] findEyes(Mat faceBgr) {
        if (faceBgr.rows() == 0 || faceBgr.cols() == 0) return new Landmark[] {null, null};
        Mat gray = gray(faceBgr);
        try {
            return findEyesGray(gray);
        } finally {
            gray.release();
        }
    }

    /** {@link #findEyes} on the face's grayscale pixels. */
    public synchronized Landmark[] findEyesGray(Mat faceGray) {
        return eyes(eyes, faceGray);
    }

    /** The eyes the eye cascade {@code eyes} finds in {@code gray}, as DeepFace's {@code find_eyes} picks them. */
    static Landmark[] eyes(CascadeClassifier eyes, Mat gray) {
        Landmark[] none = {null, null};
        if (gray.rows() == 0 || gray.cols() == 0) return none;
        MatOfRect found = new MatOfRect();
        try {
            eyes.detectMultiScale(gray, found, SCALE_FACTOR, MIN_NEIGHBORS);
            if (found.empty()) return none;
            List<Rect> list = new ArrayList<>(List.of(found.toArray()));
            if (list.size() < 2) return none;
            list.sort(Comparator.comparingLong((Rect e) -> Math.abs((long) e.width * e.height)).reversed());
            Rect e1 = list.get(0), e2 = list.get(1);
            Rect right = e1.x < e2.x ? e1 : e2;
            Rect left = e1.x < e2.x ? e2 : e1;
            return new Landmark[] {centre(left), centre(right)};
        } finally {
            found.release();
        }
    }

    static Mat gray(Mat bgr) {
        Mat gray = new Mat();
        Imgproc.cvtColor(bgr, gray, Imgproc.COLOR_BGR2GRAY);
        return gray;
    }

    private static Landmark centre(Rect r) {
        return new Landmark((int) (r.x + r.width / 2.0), (int) (r.y + r.height / 2.0));
    }
}
