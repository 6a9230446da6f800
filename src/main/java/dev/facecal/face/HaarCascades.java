package dev.facecal.face;

import dev.facecal.AtomicFiles;
import dev.facecal.FacecalException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * OpenCV's two Haar cascades that DeepFace's {@code opencv} detector uses, shipped inside facecal's jar.
 *
 * <p>The build takes them from OpenCV 4.9.0 as bytedeco publishes it on Maven Central
 * ({@code org.bytedeco:opencv:4.9.0-1.5.10:linux-x86_64}, {@code share/opencv4/haarcascades}), the same OpenCV
 * release as the native library facecal runs ({@code org.openpnp:opencv:4.9.0-0}). The files are byte-identical to
 * Debian's {@code opencv-data} and to opencv-python's {@code cv2/data} (the SHA-256 sums below), so detections are
 * those DeepFace gets. OpenCV's {@code CascadeClassifier} reads from a file path, so {@link #folder(Path)} copies the
 * two resources once into the cache ({@code <cache>/haarcascades/opencv-4.9.0/}), atomically and checked against
 * these sums; a damaged copy is replaced.
 */
public final class HaarCascades {

    /** The OpenCV release the cascades come from. */
    public static final String OPENCV_VERSION = "4.9.0";

    /** File name to SHA-256 of the two cascades (OpenCV 4.9.0; unchanged since OpenCV 3). */
    public static final Map<String, String> SHA256 = Map.of(
            HaarDetector.FACE_CASCADE, "0f7d4527844eb514d4a4948e822da90fbb16a34a0bbbbc6adc6498747a5aafb0",
            HaarDetector.EYE_CASCADE, "71cc64fc305a355dc60067880f6fbbd43dd155bd63ee3844661a1bda34b2fd8c");

    static final String RESOURCE_DIR = "dev/facecal/face/haarcascades/";

    private HaarCascades() {
    }

    /**
     * The folder under {@code cacheRoot} holding both cascades, copied there from the jar when missing or damaged.
     *
     * @throws FacecalException when the jar lacks them (a build without the {@code haar-cascades} step) or the
     *                          cache folder cannot be written
     */
    public static Path folder(Path cacheRoot) {
        Path dir = cacheRoot.resolve("haarcascades").resolve("opencv-" + OPENCV_VERSION);
        for (Map.Entry<String, String> e : SHA256.entrySet()) {
            Path file = dir.resolve(e.getKey());
            if (Files.isRegularFile(file) && e.getValue().equals(sha256(file))) {
                continue;
            }
            byte[] bytes = resource(e.getKey());
            String got = sha256(bytes);
            if (!got.equals(e.getValue())) {
                throw new FacecalException("the Haar cascade " + e.getKey() + " inside facecal's jar has SHA-256 " + got
                        + ", expected " + e.getValue(), new FacecalException.Remedy(FacecalException.Action.REBUILD,
                        null, null));
            }
            try {
                AtomicFiles.write(file, out -> out.write(bytes));
            } catch (IOException ex) {
                throw new FacecalException("cannot write the Haar cascade " + file + " (" + ex.getMessage()
                        + "): make the cache folder writable or set FACECAL_CACHE", ex);
            }
        }
        return dir;
    }

    private static byte[] resource(String name) {
        try (InputStream in = HaarCascades.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new FacecalException("the Haar cascade " + name + " is not inside facecal's jar (" + RESOURCE_DIR
                        + "); set " + HaarDetector.ENV + " to a folder holding " + HaarDetector.FACE_CASCADE + " and "
                        + HaarDetector.EYE_CASCADE + ", or rebuild facecal",
                        new FacecalException.Remedy(FacecalException.Action.REBUILD, null, null));
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new FacecalException("cannot read the Haar cascade " + name + " from facecal's jar", e);
        }
    }

    static String sha256(Path file) {
        try {
            return sha256(Files.readAllBytes(file));
        } catch (IOException e) {
            return "";
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
