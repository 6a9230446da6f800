package dev.facecal.face;

import dev.facecal.FacecalException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.opencv.objdetect.FaceDetectorYN;

/**
 * DeepFace's {@code yunet} detector backend ({@code deepface/models/face_detection/YuNet.py}) on OpenCV's
 * {@link FaceDetectorYN} (OpenCV 4.9's Java binding), with opencv_zoo's {@value #FILE_NAME}.
 *
 * <p>Reproduced semantics, step for step:
 * <ol>
 *   <li>the detector is created as DeepFace's {@code cv2.FaceDetectorYN_create(weight_file, "", (0, 0))}: OpenCV's
 *       defaults, NMS threshold {@value #NMS_THRESHOLD}, top-k {@value #TOP_K}, default backend and target;</li>
 *   <li>the score threshold is DeepFace's environment variable {@value #SCORE_ENV} (default
 *       {@value #DEFAULT_SCORE_THRESHOLD}), unless a threshold is given explicitly ({@code --yunet-score-threshold});
 *       it is read once, when the detector is made (DeepFace reads it at every call);</li>
 *   <li>an image taller or wider than {@value #MAX_SIZE} px is first resized with {@code INTER_LINEAR} by
 *       {@code r = 640.0 / max(h, w)} to {@code (int(w * r), int(h * r))} ("YuNet fails to detect faces on large
 *       input sometimes"); the input size is set to the (resized) image size and {@code detect} runs on it;</li>
 *   <li>each output row {@code x, y, w, h, x_re, y_re, x_le, y_le, x_nt, y_nt, x_rcm, y_rcm, x_lcm, y_lcm, score}
 *       becomes a face: the first eight values truncated to int, then {@code x = max(x, 0)}, {@code y = max(y, 0)}
 *       (YuNet gives negative coordinates for a face partly outside the frame; {@code w} and {@code h} are left as
 *       they are), then, when resized, box and eyes become {@code int(v / r)} each;</li>
 *   <li>the eyes: OpenCV's "left eye" (columns 6, 7) is DeepFace's {@code left_eye}, its "right eye" (columns 4, 5)
 *       DeepFace's {@code right_eye} (DeepFace's local variable names are swapped twice over; the net mapping is
 *       OpenCV's), i.e. the person's eyes, the left one on the observer's right, as {@link HaarDetector} reports
 *       them; alignment then uses them through {@link Aligner} exactly as for the {@code opencv} backend;</li>
 *   <li>the confidence is the last column, YuNet's score in {@code [0, 1]}.</li>
 * </ol>
 * The nose and mouth corners ({@link Face}) are not used by DeepFace's {@code yunet} backend; they are transformed
 * like the eyes. As in DeepFace the detector runs on the image with DeepFace's black border ({@link FaceExtractor}),
 * so the {@value #MAX_SIZE} px limit applies to the bordered image.
 *
 * <p>The model file is, in order: the constructor argument ({@code --yunet-model FILE}), the environment variable
 * {@value #ENV}, then DeepFace's own download location {@code $DEEPFACE_HOME/.deepface/weights/}{@value #FILE_NAME}
 * ({@code DEEPFACE_HOME} defaulting to the home folder). facecal does not download it: get it from {@value #URL}.
 *
 * <p>Integrity: when an expected SHA-256 is given ({@code --yunet-sha256}) the file must match it. Otherwise the
 * file is not rejected, but {@link #warning()} says so when it differs from {@value #OPENCV_ZOO_SHA256}, the SHA-256
 * that opencv_zoo's Git LFS pointer for {@value #FILE_NAME} records (size {@value #OPENCV_ZOO_SIZE} bytes). That
 * value was read from the pointer file in opencv_zoo's repository; the model bytes themselves could not be fetched
 * and checked against it when this class was written. The file's actual SHA-256 is part of {@link #configuration()},
 * so the embedding cache never mixes two model files.
 *
 * <p>Instances are safe to share between threads (calls are serialised: {@code FaceDetectorYN} keeps the input
 * size as state).
 */
public final class YuNetDetector implements FaceDetector {
    /** Environment variable naming the model file. */
    public static final String ENV = "FACECAL_YUNET_MODEL";
    /** DeepFace's environment variable for the score threshold (same name, same default). */
    public static final String SCORE_ENV = "yunet_score_threshold";
    public static final String FILE_NAME = "face_detection_yunet_2023mar.onnx";
    /** Where DeepFace downloads the model from (opencv_zoo, pinned file name). */
    public static final String URL =
            "https://github.com/opencv/opencv_zoo/raw/main/models/face_detection_yunet/face_detection_yunet_2023mar.onnx";
    /**
     * SHA-256 of {@value #FILE_NAME} as recorded by the Git LFS pointer in opencv_zoo
     * ({@code models/face_detection_yunet/}, repository commit 966be4cb6eefc2a4f586ed0581bf4bbaa2533070).
     */
    public static final String OPENCV_ZOO_SHA256 = "8f2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa4";
    public static final long OPENCV_ZOO_SIZE = 232589;
    public static final double DEFAULT_SCORE_THRESHOLD = 0.9;
    /** DeepFace resizes images larger than this (in either dimension) before detection. */
    public static final int MAX_SIZE = 640;
    static final float NMS_THRESHOLD = 0.3f;
    static final int TOP_K = 5000;

    /**
     * One YuNet face with its five landmarks, after DeepFace's clamping and rescaling, in the coordinates of the image
     * given to {@link #faces}. Eyes are the person's (see the class comment).
     */
    public record Face(Box box, Landmark rightEye, Landmark leftEye, Landmark nose, Landmark mouthRight,
                       Landmark mouthLeft, double score) {
        public Detection detection() {
            return new Detection(box, leftEye, rightEye, score);
        }
    }

    private final Path model;
    private final String sha256;
    private final float scoreThreshold;
    private final FaceDetectorYN net;

    /**
     * Loads a YuNet model. The lookup of the class comment (option, environment, DeepFace's folder) is
     * {@link #resolveModel} and {@link #resolveScoreThreshold}, which the configuration runs with the environment.
     *
     * @param modelFile      the ONNX file (resolved)
     * @param expectedSha256 the SHA-256 the file must have, or {@code null} not to check it
     * @param scoreThreshold the score threshold, or {@code null} for {@value #DEFAULT_SCORE_THRESHOLD}
     */
    public YuNetDetector(Path modelFile, String expectedSha256, Double scoreThreshold) {
        if (modelFile == null) {
            throw missing("No YuNet model given: no --yunet-model FILE, no " + ENV + ", and none in DeepFace's "
                    + "weights folder.");
        }
        this.model = resolveModel(modelFile, Map.of());
        this.scoreThreshold = (float) resolveScoreThreshold(scoreThreshold, Map.of());
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(model);
        } catch (IOException e) {
            throw new FacecalException("cannot read the YuNet model " + model + ": " + e.getMessage(), e);
        }
        this.sha256 = dev.facecal.Sha256.of(bytes);
        if (expectedSha256 != null && !expectedSha256.isBlank()
                && !expectedSha256.trim().toLowerCase(Locale.ROOT).equals(sha256)) {
            throw new FacecalException("the YuNet model " + model + " has SHA-256 " + sha256 + ", not the expected "
                    + expectedSha256.trim() + " (--yunet-sha256); download it again from " + URL);
        }
        OpenCvNative.load();
        FaceDetectorYN n;
        try {
            n = FaceDetectorYN.create("onnx", new MatOfByte(bytes), new MatOfByte(), new Size(0, 0),
                    this.scoreThreshold, NMS_THRESHOLD, TOP_K);
        } catch (RuntimeException e) {
            throw new FacecalException("OpenCV cannot load " + model + " as a YuNet ONNX model (" + e.getMessage()
                    + "); download " + FILE_NAME + " again from " + URL, e);
        }
        if (n == null) throw new FacecalException("OpenCV cannot load " + model + " as a YuNet ONNX model");
        this.net = n;
    }

    /**
     * The model file: {@code option} when given (it must exist), else {@value #ENV}, else DeepFace's download
     * location; a {@link FacecalException} saying where to download it when none is found.
     */
    public static Path resolveModel(Path option, Map<String, String> env) {
        if (option != null) {
            if (Files.isRegularFile(option)) return option;
            throw missing("--yunet-model " + option + " is not a file.");
        }
        String e = env.get(ENV);
        if (e != null && !e.isBlank()) {
            Path p = Path.of(e);
            if (Files.isRegularFile(p)) return p;
            throw missing(ENV + "=" + e + " is not a file.");
        }
        Path deepface = deepfaceWeights(env);
        if (Files.isRegularFile(deepface)) return deepface;
        throw missing("No YuNet model given: no --yunet-model FILE, no " + ENV + ", and none at " + deepface + ".");
    }

    /**
     * DeepFace's download location for the model: {@code $DEEPFACE_HOME}, else {@code $HOME} (Python's
     * {@code expanduser("~")}), else the JVM's home folder, then {@code .deepface/weights}.
     */
    public static Path deepfaceWeights(Map<String, String> env) {
        String home = env.get("DEEPFACE_HOME");
        if (home == null || home.isBlank()) home = env.get("HOME");
        Path base = home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"));
        return base.resolve(".deepface").resolve("weights").resolve(FILE_NAME);
    }

    private static FacecalException missing(String what) {
        return new FacecalException(what + " The YuNet detector needs opencv_zoo's " + FILE_NAME + " (about 230 kB, MIT"
                + " licence), which facecal does not download: get it from " + URL + " and pass --yunet-model FILE or"
                + " set " + ENV + ". Its SHA-256 is checked only when you pass --yunet-sha256 (opencv_zoo records "
                + OPENCV_ZOO_SHA256 + ").");
    }

    /** The score threshold: {@code option}, else {@value #SCORE_ENV} (as DeepFace reads it), else 0.9. */
    public static double resolveScoreThreshold(Double option, Map<String, String> env) {
        double t;
        if (option != null) {
            t = option;
        } else {
            String e = env.get(SCORE_ENV);
            try {
                t = e == null ? DEFAULT_SCORE_THRESHOLD : Double.parseDouble(e.trim());
            } catch (NumberFormatException ex) {
                throw new FacecalException(SCORE_ENV + "=" + e + " is not a number");
            }
        }
        if (!(t >= 0 && t <= 1)) throw new FacecalException("the YuNet score threshold must be in [0, 1], got " + t);
        return t;
    }

    public Path modelFile() {
        return model;
    }

    /** The model file's SHA-256 (lower-case hex). */
    public String modelSha256() {
        return sha256;
    }

    public double scoreThreshold() {
        return scoreThreshold;
    }

    /** A caution for the user when the model file is not opencv_zoo's {@value #FILE_NAME}, else {@code null}. */
    public String warning() {
        if (OPENCV_ZOO_SHA256.equals(sha256)) return null;
        return "the YuNet model " + model + " (SHA-256 " + sha256 + ") is not opencv_zoo's " + FILE_NAME + " (SHA-256 "
                + OPENCV_ZOO_SHA256 + "), the file DeepFace uses; detections may differ from DeepFace's";
    }

    @Override
    public String name() {
        return "yunet";
    }

    /** {@code yunet} with the model file's SHA-256, the score threshold and the resize limit. */
    @Override
    public String configuration() {
        return String.format(Locale.ROOT, "yunet;sha256=%s;score=%s;nms=%s;topk=%d;max=%d", sha256,
                Float.toString(scoreThreshold), Float.toString(NMS_THRESHOLD), TOP_K, MAX_SIZE);
    }

    @Override
    public List<Detection> detect(Mat bgr) {
        return faces(bgr).stream().map(Face::detection).toList();
    }

    /** The faces with all five landmarks, in YuNet's order (by score). */
    public synchronized List<Face> faces(Mat bgr) {
        List<Face> out = new ArrayList<>();
        if (bgr.empty()) return out;
        int height = bgr.rows(), width = bgr.cols();
        double r = resizeFactor(width, height);
        boolean resized = r != 1;
        Mat img = bgr;
        Mat found = new Mat();
        try {
            if (resized) {
                img = new Mat();
                Imgproc.resize(bgr, img, new Size((int) (width * r), (int) (height * r)), 0, 0, Imgproc.INTER_LINEAR);
            }
            net.setInputSize(new Size(img.cols(), img.rows()));
            net.setScoreThreshold(scoreThreshold);
            net.detect(img, found);
            if (found.empty()) return out;
            float[] row = new float[found.cols()];
            for (int i = 0; i < found.rows(); i++) {
                found.get(i, 0, row);
                out.add(face(row, resized, r));
            }
            return out;
        } finally {
            found.release();
            if (img != bgr) img.release();
        }
    }

    /** DeepFace's resize factor: {@code 640.0 / max(h, w)} when either side exceeds 640 px, else 1. */
    static double resizeFactor(int width, int height) {
        return height > MAX_SIZE || width > MAX_SIZE ? (double) MAX_SIZE / Math.max(height, width) : 1;
    }

    /** One output row of {@code FaceDetectorYN.detect} as DeepFace reads it (see the class comment). */
    static Face face(float[] row, boolean resized, double r) {
        if (row.length < 15) throw new IllegalArgumentException("a YuNet row has 15 values, got " + row.length);
        int x = Math.max((int) row[0], 0), y = Math.max((int) row[1], 0), w = (int) row[2], h = (int) row[3];
        int[] p = new int[10];
        for (int k = 0; k < 10; k++) p[k] = (int) row[4 + k];
        if (resized) {
            x = (int) (x / r);
            y = (int) (y / r);
            w = (int) (w / r);
            h = (int) (h / r);
            for (int k = 0; k < 10; k++) p[k] = (int) (p[k] / r);
        }
        return new Face(new Box(x, y, w, h), new Landmark(p[0], p[1]), new Landmark(p[2], p[3]),
                new Landmark(p[4], p[5]), new Landmark(p[6], p[7]), new Landmark(p[8], p[9]), row[14]);
    }
}
