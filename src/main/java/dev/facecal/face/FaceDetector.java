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
}
