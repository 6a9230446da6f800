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
 * DeepFace's {@code opencv} detector backend ({@code deepface/models/face_detection/OpenCv.py}):
 * {@code haarcascade_frontalface_default.xml} through {@code detectMultiScale3(img, 1.1, 10,
 * outputRejectLevels=True)}, confidence {@code (100 - levelWeight) / 100}; then, inside each face rectangle (as gray),
 * {@code haarcascade_eye.xml} through {@code detectMultiScale(gray, 1.1, 10)}; the two largest eye boxes (stable sort
 * by area, descending) are the eyes, the one further left in the image being the person's right eye; an eye is the
 * truncated centre {@code (int(x + w/2), int(y + h/2))}. Fewer than two eye boxes: no eyes.
 *
 * <p>Both cascades are scanned by {@link HaarScan}, facecal's own implementation of OpenCV 4.9's scan, which gives
 * OpenCV's candidates and level weights bit for bit (tested against OpenCV on every photo of the test set) and then
 * groups and clips them as {@code detectMultiScale} does ({@link HaarGrouping}); it skips the windows that see only
 * DeepFace's black border, about three quarters of them. A cascade it does not model (from {@value #ENV}) is scanned by
 * OpenCV's own {@code CascadeClassifier} through its Java binding.
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
    /** OpenCV's {@code GROUP_EPS} in {@code CascadeClassifierImpl::detectMultiScale}. */
    static final double GROUP_EPS = 0.2;
    /**
     * The integral images one scan of the face cascade may hold at once (beyond the first scale's, which one call
     * always needs): 64 MiB, so a photo of up to about 2 MP (8 MP with DeepFace's border) is scanned in one call.
     */
    static final long CHUNK_BYTES = 64L << 20;

    private final Path dir;
    private final CascadeClassifier faces;
    private final CascadeClassifier eyes;
    /** facecal's own scans of the two cascades ({@link HaarScan}); null for a cascade it does not model. */
    private final HaarScan faceScan, eyeScan;
    private final int winW, winH;

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
        this.faceScan = scanner(dir.resolve(FACE_CASCADE));
        this.eyeScan = scanner(dir.resolve(EYE_CASCADE));
        Size window = faces.getOriginalWindowSize();
        this.winW = (int) window.width;
        this.winH = (int) window.height;
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

    /** {@link HaarScan} of the cascade in {@code file}, or null when it is one HaarScan does not model. */
    private static HaarScan scanner(Path file) {
        try {
            return new HaarScan(HaarCascade.read(file));
        } catch (HaarCascade.Unsupported e) {
            return null;
        }
    }

    /** Whether both cascades are scanned by facecal's own {@link HaarScan} (else by OpenCV's). */
    public boolean ownScan() {
        return faceScan != null && eyeScan != null;
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
        long t = System.nanoTime();
        HaarGrouping.Grouped found = faces(gray);
        t = StageClock.add(StageClock.Stage.DETECT, t);
        Rect[] r = found.rects();
        double[] w = found.weights();
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
        return out;
    }

    /**
     * The face cascade's {@code detectMultiScale3(gray, 1.1, 10, outputRejectLevels=true)}: facecal's own scan
     * ({@link HaarScan}, OpenCV's candidates to the last bit, a quarter of the work on DeepFace's bordered photo),
     * grouped and cut to the image as OpenCV does ({@link HaarGrouping}); for a cascade HaarScan does not model, OpenCV's scan
     * ({@link #openCvFaces}). The candidates come in the order of a single-threaded scan (window size, row,
     * column), OpenCV's own order depending on its threads.
     */
    synchronized HaarGrouping.Grouped faces(Mat gray) {
        if (faceScan == null) return openCvFaces(gray, CHUNK_BYTES);
        HaarScan.Candidates c = faceScan.scan(gray, SCALE_FACTOR, new Size(), new Size(), true);
        return HaarGrouping.clip(gray.cols(), gray.rows(),
                HaarGrouping.group(c.rects(), c.levels(), c.weights(), MIN_NEIGHBORS, GROUP_EPS));
    }

    /**
     * The face cascade's {@code detectMultiScale3(gray, 1.1, 10, outputRejectLevels=true)} on OpenCV's own scan, as
     * one call would give it, with the memory of its integral images bounded: OpenCV 4.9 computes the integral
     * images of every scale of the pyramid at once (about 46 bytes per pixel of {@code gray}, kept by the classifier
     * afterwards), so a large image is scanned in chunks of consecutive scales ({@link #chunks}), each a call
     * restricted to its window sizes by {@code minSize}/{@code maxSize} with {@code minNeighbors} 0 (no grouping: the
     * raw candidates), and the candidates of all chunks are grouped as OpenCV groups them ({@link HaarGrouping}).
     * Each scale is resized from {@code gray} itself and scanned at the same positions whatever the other scales of
     * the call, so the chunks' candidates are exactly the single call's; only their order differs (OpenCV's own order
     * depends on its threads), and it is made canonical here: by window size, then row, then column, the order of a
     * single-threaded scan. An image whose pyramid fits {@link #CHUNK_BYTES} is scanned by the single call itself.
     * Used for cascades {@link HaarScan} does not model.
     */
    synchronized HaarGrouping.Grouped openCvFaces(Mat gray) {
        return openCvFaces(gray, CHUNK_BYTES);
    }

    /** {@link #openCvFaces(Mat)} with chunks of at most {@code budgetBytes} (0: one scale a chunk, or as few as can be). */
    synchronized HaarGrouping.Grouped openCvFaces(Mat gray, long budgetBytes) {
        List<int[]> chunks = chunks(gray.cols(), gray.rows(), winW, winH,
                SCALE_FACTOR, budgetBytes);
        if (chunks.size() <= 1) {
            MatOfRect rects = new MatOfRect();
            MatOfInt levels = new MatOfInt();
            MatOfDouble weights = new MatOfDouble();
            try {
                faces.detectMultiScale3(gray, rects, levels, weights, SCALE_FACTOR, MIN_NEIGHBORS, 0, new Size(),
                        new Size(), true);
                return new HaarGrouping.Grouped(rects.empty() ? new Rect[0] : rects.toArray(),
                        levels.empty() ? new int[0] : levels.toArray(),
                        weights.empty() ? new double[0] : weights.toArray());
            } finally {
                rects.release();
                levels.release();
                weights.release();
            }
        }
        HaarGrouping.Grouped raw = raw(gray, chunks);
        return HaarGrouping.group(raw.rects(), raw.levels(), raw.weights(), MIN_NEIGHBORS, GROUP_EPS);
    }

    /**
     * The raw candidates (no grouping) of the face cascade on {@code gray}, scale chunk by scale chunk, in the
     * canonical order (window size, row, column, level, weight) with their reject levels (OpenCV 4.9 keeps the windows
     * that pass every stage: the level is the number of stages) and level weights.
     */
    synchronized HaarGrouping.Grouped raw(Mat gray, List<int[]> chunks) {
        MatOfRect rects = new MatOfRect();
        MatOfInt levels = new MatOfInt();
        MatOfDouble weights = new MatOfDouble();
        try {
            List<Rect> raw = new ArrayList<>();
            List<Integer> rawLevels = new ArrayList<>();
            List<Double> rawWeights = new ArrayList<>();
            for (int[] c : chunks) {
                faces.detectMultiScale3(gray, rects, levels, weights, SCALE_FACTOR, 0, 0, new Size(c[0], c[1]),
                        new Size(c[2], c[3]), true);
                Rect[] r = rects.empty() ? new Rect[0] : rects.toArray();
                int[] l = levels.empty() ? new int[0] : levels.toArray();
                double[] w = weights.empty() ? new double[0] : weights.toArray();
                if (w.length != r.length || l.length != r.length) {
                    throw new IllegalStateException("OpenCV gave " + r.length + " candidates, " + l.length
                            + " reject levels and " + w.length + " level weights");
                }
                for (int i = 0; i < r.length; i++) {
                    raw.add(r[i]);
                    rawLevels.add(l[i]);
                    rawWeights.add(w[i]);
                }
            }
            Integer[] order = new Integer[raw.size()];
            for (int i = 0; i < order.length; i++) order[i] = i;
            java.util.Arrays.sort(order, Comparator.<Integer>comparingInt(i -> raw.get(i).width)
                    .thenComparingInt(i -> raw.get(i).height).thenComparingInt(i -> raw.get(i).y)
                    .thenComparingInt(i -> raw.get(i).x).thenComparingInt(rawLevels::get)
                    .thenComparingDouble(rawWeights::get));
            Rect[] r = new Rect[order.length];
            double[] w = new double[order.length];
            int[] l = new int[order.length];
            for (int i = 0; i < order.length; i++) {
                r[i] = raw.get(order[i]);
                w[i] = rawWeights.get(order[i]);
                l[i] = rawLevels.get(order[i]);
            }
            return new HaarGrouping.Grouped(r, l, w);
        } finally {
            rects.release();
            levels.release();
            weights.release();
        }
    }

    /** {@link #chunks(int, int, int, int, double, long)} for this detector's face cascade on {@code gray}. */
    List<int[]> chunks(Mat gray, long budgetBytes) {
        return chunks(gray.cols(), gray.rows(), winW, winH, SCALE_FACTOR, budgetBytes);
    }

    /**
     * The chunks of OpenCV's scale list ({@code factor = 1, 1.1, 1.21, ...} while the window
     * {@code cvRound(win * factor)} fits the image) for an image of {@code cols x rows}: each
     * {@code {minW, minH, maxW, maxH}}, the window sizes of its first and last scale, which select exactly its scales
     * (a chunk never ends between two scales of the same window size). A chunk takes consecutive scales while its
     * integral images, laid out as OpenCV lays them (rows of the full image's width), stay within the first scale's
     * or {@code budgetBytes}, whichever is more.
     */
    static List<int[]> chunks(int cols, int rows, int winW, int winH, double scaleFactor, long budgetBytes) {
        List<int[]> scales = new ArrayList<>(); // {ww, wh, layer width, layer height}
        for (double factor = 1; ; factor *= scaleFactor) {
            int ww = (int) Math.rint(winW * factor), wh = (int) Math.rint(winH * factor);
            if (ww > cols || wh > rows) break;
            float sc = (float) factor;
            scales.add(new int[] {ww, wh, (int) Math.rint(cols / sc) + 1, (int) Math.rint(rows / sc) + 1});
        }
        List<int[]> out = new ArrayList<>();
        if (scales.isEmpty()) return out;
        long width = ((long) Math.rint(cols / 1f) + 31 + 31) / 32 * 32; // alignSize(cvRound(w / scale0) + 31, 32)
        long limit = Math.max(scales.getFirst()[3], budgetBytes / (width * 2 * Integer.BYTES)); // sum + squares
        int i = 0;
        while (i < scales.size()) {
            int j = i;
            long x = 0, y = 0, dy = scales.get(i)[3];
            x += scales.get(i)[2];
            while (j + 1 < scales.size()) {
                int[] prev = scales.get(j), next = scales.get(j + 1);
                boolean separable = prev[0] < next[0] || prev[1] < next[1];
                long nx = x, ny = y, ndy = dy;
                if (nx + next[2] > width) {
                    ny += ndy;
                    ndy = next[3];
                    nx = 0;
                }
                nx += next[2];
                if (separable && ny + ndy > limit) break;
                x = nx;
                y = ny;
                dy = ndy;
                j++;
            }
            out.add(new int[] {scales.get(i)[0], scales.get(i)[1], scales.get(j)[0], scales.get(j)[1]});
            i = j + 1;
        }
        return out;
    }

    /**
     * The face cascade's {@code detectMultiScale3} with DeepFace's {@code minNeighbors}, the given scale step and
     * {@code minSize} (the fast mode's scan; DeepFace's exact scan is {@link #faces}).
     */
    synchronized HaarGrouping.Grouped scan(Mat gray, double scaleFactor, Size minSize) {
        if (faceScan != null) {
            HaarScan.Candidates c = faceScan.scan(gray, scaleFactor, minSize, new Size(), true);
            return HaarGrouping.clip(gray.cols(), gray.rows(),
                    HaarGrouping.group(c.rects(), c.levels(), c.weights(), MIN_NEIGHBORS, GROUP_EPS));
        }
        MatOfRect rects = new MatOfRect();
        MatOfInt levels = new MatOfInt();
        MatOfDouble weights = new MatOfDouble();
        try {
            faces.detectMultiScale3(gray, rects, levels, weights, scaleFactor, MIN_NEIGHBORS, 0, minSize, new Size(),
                    true);
            return new HaarGrouping.Grouped(rects.empty() ? new Rect[0] : rects.toArray(),
                    levels.empty() ? new int[0] : levels.toArray(), weights.empty() ? new double[0] : weights.toArray());
        } finally {
            rects.release();
            levels.release();
            weights.release();
        }
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
        Landmark[] none = {null, null};
        if (faceGray.rows() == 0 || faceGray.cols() == 0) return none;
        return pick(eyeBoxes(faceGray));
    }

    /**
     * The eye cascade's {@code detectMultiScale(gray, 1.1, 10)}: facecal's own scan ({@link HaarScan}) grouped by
     * {@code groupRectangles(rects, 10, 0.2)} ({@link HaarGrouping}, no level weights), or OpenCV's own for a
     * cascade HaarScan does not model.
     */
    synchronized Rect[] eyeBoxes(Mat gray) {
        if (eyeScan != null) {
            HaarScan.Candidates c = eyeScan.scan(gray, SCALE_FACTOR, new Size(), new Size(), false);
            return HaarGrouping.clip(gray.cols(), gray.rows(),
                    HaarGrouping.group(c.rects(), new int[0], new double[0], MIN_NEIGHBORS, GROUP_EPS)).rects();
        }
        MatOfRect found = new MatOfRect();
        try {
            eyes.detectMultiScale(gray, found, SCALE_FACTOR, MIN_NEIGHBORS);
            return found.empty() ? new Rect[0] : found.toArray();
        } finally {
            found.release();
        }
    }

    /** DeepFace's choice among the eye boxes: the two largest (stable sort by area), the left one the right eye. */
    static Landmark[] pick(Rect[] found) {
        Landmark[] none = {null, null};
        List<Rect> list = new ArrayList<>(List.of(found));
        if (list.size() < 2) return none;
        list.sort(Comparator.comparingLong((Rect e) -> Math.abs((long) e.width * e.height)).reversed());
        Rect e1 = list.get(0), e2 = list.get(1);
        Rect right = e1.x < e2.x ? e1 : e2;
        Rect left = e1.x < e2.x ? e2 : e1;
        return new Landmark[] {centre(left), centre(right)};
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
