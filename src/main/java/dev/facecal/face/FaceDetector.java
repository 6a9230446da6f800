package dev.facecal.face;

import java.util.List;
import org.opencv.core.Mat;

/** Finds faces (and, when it can, the two eyes) in a BGR 8-bit 3-channel OpenCV image. */
public interface FaceDetector {
    /** The faces in {@code bgr}, in the detector's order; an empty list when there are none. */
    List<Detection> detect(Mat bgr);

    /** A short name for reports, e.g. {@code opencv}. */
    String name();

    /**
     * Everything that changes this detector's output (name, model file hash, thresholds), for the embedding cache
     * key; the name alone by default.
     */
    default String configuration() {
        return name();
    }

    /**
     * The faces in {@code bgr} with DeepFace's black border ({@link Aligner#border}: half the height above and
     * below, half the width left and right), in the bordered image's coordinates: what DeepFace's detectors see when
     * alignment is on. By default the bordered image is built and {@link #detect} runs on it; a detector may reach
     * the same result without building it (the Haar detector borders only the grayscale image it scans).
     */
    default List<Detection> detectBordered(Mat bgr) {
        Mat bordered = Aligner.border(bgr);
        try {
            return detect(bordered);
        } finally {
            bordered.release();
        }
    }

    /**
     * Whether {@link FaceExtractor} detects on the bordered image when aligning (DeepFace does); a fast detector that
     * scans the photo itself says no.
     */
    default boolean bordered() {
        return true;
    }

    /**
     * The longest side, in pixels, this detector needs the photo decoded at; 0 for full resolution (DeepFace's
     * pixels). A JPEG larger than needed is decoded at 1/2, 1/4 or 1/8 scale ({@link PhotoDecoder#bgr(byte[], int)}).
     */
    default int decodeLongSide() {
        return 0;
    }

    /**
     * The longest side, in pixels, the face box needs in the aligned crop; 0 (the default) for DeepFace's crop at the
     * photo's resolution ({@link Aligner}). A fast detector may ask for {@link RegionAligner}'s bounded crop instead.
     */
    default int alignLongSide() {
        return 0;
    }
}
