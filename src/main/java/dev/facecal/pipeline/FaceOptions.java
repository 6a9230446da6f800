package dev.facecal.pipeline;

import dev.facecal.face.Detector;
import dev.facecal.face.MultiFacePolicy;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How the faces stage finds the face in a photo.
 *
 * @param detector  which detector ({@link Detector#OPENCV}, DeepFace's default; {@link Detector#NONE}: the photo is
 *                  the face)
 * @param cascades  the Haar cascade folder (for {@code opencv}), resolved by the configuration
 * @param yunet     the YuNet settings (for {@code yunet}), resolved by the configuration
 * @param policy    what to do with several faces
 * @param align     whether to level the eyes (DeepFace's default)
 */
public record FaceOptions(Detector detector, Path cascades, Detector.YuNetSettings yunet, MultiFacePolicy policy,
                          boolean align) {
    public FaceOptions {
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(policy, "policy");
        if ((detector == Detector.OPENCV || detector == Detector.OPENCV_FAST) && cascades == null) {
            throw new IllegalArgumentException("the opencv detector needs its Haar cascade folder");
        }
        yunet = yunet == null ? Detector.YuNetSettings.NONE : yunet;
    }

    /** DeepFace's default: Haar cascades with eye alignment, the dominant-face policy. */
    public static FaceOptions opencv(Path cascades) {
        return new FaceOptions(Detector.OPENCV, cascades, null, MultiFacePolicy.DOMINANT, true);
    }

    /** The same options with another detector. */
    public FaceOptions withDetector(Detector d) {
        return new FaceOptions(d, cascades, yunet, policy, align);
    }

    /** The same options with another multi-face policy. */
    public FaceOptions withPolicy(MultiFacePolicy p) {
        return new FaceOptions(detector, cascades, yunet, p, align);
    }

    /** The same options with YuNet settings. */
    public FaceOptions withYuNet(Detector.YuNetSettings y) {
        return new FaceOptions(detector, cascades, y, policy, align);
    }
}
