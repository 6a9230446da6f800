package dev.facecal.face;

import dev.facecal.FacecalException;

/**
 * Loads OpenCV's native library once: openpnp's bundled build, from facecal's cache
 * ({@link dev.facecal.NativeLibraries}), else by openpnp's own loader ({@code loadLocally}, which copies it into the
 * temp directory; {@code loadShared()} misbehaves on Java 12+).
 */
final class OpenCvNative {
    private static volatile boolean loaded;

    private OpenCvNative() {}

    static void load() {
        if (loaded) return;
        synchronized (OpenCvNative.class) {
            if (loaded) return;
            if (dev.facecal.NativeLibraries.loadOpenCv()) {
                loaded = true;
                return;
            }
            try {
                nu.pattern.OpenCV.loadLocally();
            } catch (RuntimeException | LinkageError e) {
                throw new FacecalException("cannot load OpenCV's native library (org.openpnp:opencv): " + e, e);
            }
            loaded = true;
        }
    }
}
