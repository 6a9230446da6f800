package dev.facecal.face;

import dev.facecal.FacecalException;

/** Loads OpenCV's native library once (openpnp's bundled build; {@code loadShared()} misbehaves on Java 12+). */
final class OpenCvNative {
    private static volatile boolean loaded;

    private OpenCvNative() {}

    static void load() {
        if (loaded) return;
        synchronized (OpenCvNative.class) {
            if (loaded) return;
            try {
                nu.pattern.OpenCV.loadLocally();
            } catch (RuntimeException | LinkageError e) {
                throw new FacecalException("cannot load OpenCV's native library (org.openpnp:opencv): " + e, e);
            }
            loaded = true;
        }
    }
}
