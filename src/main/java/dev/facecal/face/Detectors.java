package dev.facecal.face;

import dev.facecal.FacecalException;
import java.nio.file.Path;
import java.util.Locale;

/** The detectors the command line offers, by name: {@code opencv}, {@code yunet} and {@code none}. */
public final class Detectors {
    public static final String NAMES = "opencv, yunet or none";

    private Detectors() {}

    /**
     * The options of the {@code yunet} detector (see {@link YuNetDetector}); all may be {@code null}.
     *
     * @param model          the ONNX file ({@code --yunet-model})
     * @param sha256         the SHA-256 the file must have ({@code --yunet-sha256}), or {@code null} not to check it
     * @param scoreThreshold the score threshold ({@code --yunet-score-threshold})
     */
    public record YuNetOptions(Path model, String sha256, Double scoreThreshold) {
        public static final YuNetOptions DEFAULTS = new YuNetOptions(null, null, null);
    }

    /**
     * The detector called {@code name}, or {@code null} for {@code none} (the photos are face crops); a
     * {@link FacecalException} for an unknown name or a detector whose files are missing.
     */
    public static FaceDetector open(String name, YuNetOptions yunet) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "opencv" -> new HaarDetector();
            case "yunet" -> {
                YuNetOptions o = yunet == null ? YuNetOptions.DEFAULTS : yunet;
                yield new YuNetDetector(o.model(), o.sha256(), o.scoreThreshold());
            }
            case "none" -> null;
            default -> throw new FacecalException("--detector " + name + " is not known: use " + NAMES);
        };
    }

    /** The multi-face policy called {@code name} ({@code dominant}, {@code largest} or {@code fail}). */
    public static MultiFacePolicy policy(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "dominant" -> MultiFacePolicy.DOMINANT;
            case "largest" -> MultiFacePolicy.LARGEST;
            case "fail" -> MultiFacePolicy.FAIL;
            default -> throw new FacecalException("--policy " + name + " is not known: use dominant, largest or fail");
        };
    }

    /** The cache-key part for a detector ({@code null} is {@code none}): {@code detector=<configuration>}. */
    public static String cacheKey(FaceDetector detector) {
        return "detector=" + (detector == null ? "none" : detector.configuration());
    }
}
