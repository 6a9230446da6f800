package dev.facecal.face;

import dev.facecal.config.Configuration;

/** The Haar detector as the configuration of the test JVM resolves its cascades (the jar's copies in the cache). */
public final class Haar {
    private Haar() {
    }

    /** The cascade folder: {@code FACECAL_CASCADES}, else the jar's copies written into facecal's cache. */
    public static java.nio.file.Path cascades() {
        return Configuration.fromEnvironment().cascadeDir();
    }

    /** DeepFace's {@code opencv} detector. */
    public static HaarDetector detector() {
        return new HaarDetector(cascades());
    }
}
