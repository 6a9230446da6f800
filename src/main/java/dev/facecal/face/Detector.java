package dev.facecal.face;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The face detectors facecal offers, by the names DeepFace gives its backends. A new detector is a constant here, a
 * {@link FaceDetector} implementation, and a case in {@link #open}.
 */
public enum Detector {
    /** DeepFace's default {@code opencv} backend: Haar cascades, eyes found in the face ({@link HaarDetector}). */
    OPENCV("opencv"),
    /**
     * Haar cascades on a shrunk copy, eyes at the decoded resolution ({@link FastHaarDetector}): about 20 times
     * faster, crops close to but not equal to DeepFace's; never the default.
     */
    OPENCV_FAST("opencv-fast"),
    /** DeepFace's {@code yunet} backend: OpenCV's {@code FaceDetectorYN} ({@link YuNetDetector}). */
    YUNET("yunet"),
    /** No detection: every photo is a face crop already, taken whole. */
    NONE("none");

    /** The names, for messages: {@code opencv, yunet or none}. */
    public static final String NAMES = "opencv, opencv-fast, yunet or none";

    private final String label;

    Detector(String label) {
        this.label = label;
    }

    /** The name: {@code opencv}, {@code yunet} or {@code none}. */
    public String label() {
        return label;
    }

    /** The detector named {@code name} (any case); an error naming the setting and the choices otherwise. */
    public static Detector parse(String name) {
        String s = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (Detector d : values()) {
            if (d.label.equals(s)) return d;
        }
        throw new dev.facecal.FacecalException("detector '" + name + "' is not known: use " + NAMES);
    }

    /**
     * The YuNet settings, resolved (the model file and the score threshold chosen by whoever read the environment).
     *
     * @param model          the ONNX file; required for {@link #YUNET}
     * @param sha256         the SHA-256 the file must have, or {@code null} not to check it
     * @param scoreThreshold the score threshold, or {@code null} for {@value YuNetDetector#DEFAULT_SCORE_THRESHOLD}
     */
    public record YuNetSettings(Path model, String sha256, Double scoreThreshold) {
        public static final YuNetSettings NONE = new YuNetSettings(null, null, null);
    }

    /**
     * Opens this detector; {@code null} for {@link #NONE}.
     *
     * @param cascades the folder with OpenCV's two Haar cascades (for {@link #OPENCV} and {@link #OPENCV_FAST})
     * @param yunet    the YuNet settings (for {@link #YUNET})
     */
    public FaceDetector open(Path cascades, YuNetSettings yunet) {
        return switch (this) {
            case OPENCV -> new HaarDetector(cascades);
            case OPENCV_FAST -> new FastHaarDetector(cascades);
            case YUNET -> {
                YuNetSettings o = yunet == null ? YuNetSettings.NONE : yunet;
                yield new YuNetDetector(o.model(), o.sha256(), o.scoreThreshold());
            }
            case NONE -> null;
        };
    }

    /**
     * The cache-key part for an open detector: {@code detector=<configuration>}; {@code null} ({@code none}) is
     * {@code detector=none,decoder=opencv}, since photos without a detector were decoded by Java ImageIO before
     * {@link PhotoDecoder} became the one decoder, and their old cache entries must not be mixed with the new ones.
     */
    public static String cacheKey(FaceDetector detector) {
        return "detector=" + (detector == null ? NONE.label + ",decoder=opencv" : detector.configuration());
    }

    @Override
    public String toString() {
        return label;
    }

    static String names() {
        return Arrays.stream(values()).map(Detector::label).collect(Collectors.joining(", "));
    }
}
