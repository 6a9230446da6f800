package dev.facecal.face;

import dev.facecal.FacecalException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.MatOfInt;
import org.opencv.core.MatOfRect;
import org.opencv.core.Rect;
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
 * are safe to share between threads (calls are serialised; OpenCV's cascades are not documented as thread-safe).
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
        List<Detection> out = new ArrayList<>();
        if (bgr.empty()) return out;
        MatOfRect rects = new MatOfRect();
        MatOfInt rejectLevels = new MatOfInt();
        MatOfDouble weights = new MatOfDouble();
        try {
            faces.detectMultiScale3(bgr, rects, rejectLevels, weights, SCALE_FACTOR, MIN_NEIGHBORS, 0, new Size(),
                    new Size(), true);
            Rect[] r = rects.empty() ? new Rect[0] : rects.toArray();
            double[] w = weights.empty() ? new double[0] : weights.toArray();
            for (int i = 0; i < r.length; i++) {
                Rect f = r[i];
                Mat face = bgr.submat(f);
                Landmark[] eyesFound = findEyes(face);
                face.release();
                Landmark left = eyesFound[0] == null ? null : eyesFound[0].shift(f.x, f.y);
                Landmark right = eyesFound[1] == null ? null : eyesFound[1].shift(f.x, f.y);
                double confidence = i < w.length ? (100 - w[i]) / 100 : 0;
                out.add(new Detection(new Box(f.x, f.y, f.width, f.height), left, right, confidence));
            }
        } finally {
            rects.release();
            rejectLevels.release();
            weights.release();
        }
        return out;
    }

    /**
     * DeepFace's {@code find_eyes} on a BGR face image: {@code {leftEye, rightEye}} in the face image's coordinates,
     * both {@code null} when fewer than two eyes are found.
     */
    public synchronized Landmark[] findEyes(Mat faceBgr) {
        Landmark[] none = {null, null};
        if (faceBgr.rows() == 0 || faceBgr.cols() == 0) return none;
        Mat gray = new Mat();
        MatOfRect found = new MatOfRect();
        try {
            Imgproc.cvtColor(faceBgr, gray, Imgproc.COLOR_BGR2GRAY);
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
            gray.release();
            found.release();
        }
    }

    private static Landmark centre(Rect r) {
        return new Landmark((int) (r.x + r.width / 2.0), (int) (r.y + r.height / 2.0));
    }
}
