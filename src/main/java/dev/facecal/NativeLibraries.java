package dev.facecal;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The native libraries of OpenCV (org.openpnp) and ONNX Runtime, extracted once into facecal's cache and loaded from
 * there. Both jars would otherwise copy 91 MB into a fresh folder of the temp directory on every start and delete it
 * at a normal exit only: each killed run left its copy behind (issue 11). Here each library goes to
 * {@code <cache>/natives/<jar entry CRC-32 and size>/<name>}, written to a temporary file and moved into place, so a
 * run killed while extracting leaves no half library that a later run would load; runs of the same versions share
 * one copy. The folder is the system property {@value #PROPERTY} (the command line sets it from
 * {@code FACECAL_CACHE}), else {@code ~/.cache/facecal/natives}.
 */
public final class NativeLibraries {
    public static final String PROPERTY = "facecal.natives";

    private static final String OPENCV = "nu/pattern/opencv/linux/x86_64/libopencv_java490.so";
    private static final String ORT_DIR = "ai/onnxruntime/native/linux-x64/";
    private static final String[] ORT = {"libonnxruntime.so", "libonnxruntime4j_jni.so"};

    private NativeLibraries() {}

    /** The folder the libraries are extracted to. */
    public static Path folder() {
        String p = System.getProperty(PROPERTY);
        return p != null && !p.isBlank() ? Path.of(p)
                : Path.of(System.getProperty("user.home"), ".cache", "facecal", "natives");
    }

    private static boolean linuxX64() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        return os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }

    /**
     * Loads OpenCV's native library from the cache; {@code false} when this platform's library is not where this
     * class looks (not Linux x86-64) or cannot be extracted, and the caller falls back to openpnp's own loader.
     */
    public static boolean loadOpenCv() {
        if (!linuxX64()) return false;
        try {
            Path lib = extract(OPENCV);
            if (lib == null) return false;
            System.load(lib.toString());
            return true;
        } catch (IOException | RuntimeException | LinkageError e) {
            return false;
        }
    }

    /**
     * Points ONNX Runtime at its two libraries in the cache ({@code onnxruntime.native.path}, its documented
     * setting), before its first use; then it extracts nothing. It still makes an empty folder in the temp directory
     * while it starts: {@link #removeEmptyOrtFolders} removes it afterwards.
     */
    public static synchronized void prepareOnnxRuntime() {
        if (!linuxX64() || System.getProperty("onnxruntime.native.path") != null) return;
        try {
            Path dir = null;
            for (String name : ORT) {
                Path p = extract(ORT_DIR + name);
                if (p == null) return;
                if (dir == null) dir = p.getParent();
                else if (!dir.equals(p.getParent())) { // both libraries must sit in one folder
                    Path target = dir.resolve(name);
                    if (!Files.exists(target)) copyAtomically(p, target);
                }
            }
            if (dir != null) System.setProperty("onnxruntime.native.path", dir.toString());
        } catch (IOException | RuntimeException e) {
            // ONNX Runtime extracts to the temp directory itself, as before
        }
    }

    /** Empty {@code onnxruntime-java*} folders in the temp directory that did not exist in {@code before}. */
    public static void removeEmptyOrtFolders(List<Path> before) {
        for (Path p : ortFolders()) {
            if (before.contains(p)) continue;
            try (Stream<Path> s = Files.list(p)) {
                if (s.findAny().isEmpty()) Files.deleteIfExists(p);
            } catch (IOException | RuntimeException e) {
                // not ours to worry about
            }
        }
    }

    /** The {@code onnxruntime-java*} folders in the temp directory now. */
    public static List<Path> ortFolders() {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            s.filter(p -> p.getFileName().toString().startsWith("onnxruntime-java")).forEach(out::add);
        } catch (IOException | RuntimeException e) {
            return out;
        }
        return out;
    }

    /** The resource extracted into {@code <folder>/<crc>-<size>/<file name>}, or {@code null} if absent. */
    static Path extract(String resource) throws IOException {
        URL url = NativeLibraries.class.getClassLoader().getResource(resource);
        if (url == null) return null;
        URLConnection c = url.openConnection();
        String key;
        if (c instanceof JarURLConnection j && j.getJarEntry() != null && j.getJarEntry().getCrc() >= 0) {
            key = Long.toHexString(j.getJarEntry().getCrc()) + "-" + j.getJarEntry().getSize();
        } else {
            try (InputStream in = c.getInputStream()) {
                key = Sha256.of(in.readAllBytes()).substring(0, 16);
            }
        }
        String name = resource.substring(resource.lastIndexOf('/') + 1);
        Path target = folder().resolve(key).resolve(name);
        if (Files.isRegularFile(target)) return target;
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), "." + name, ".part");
        try {
            try (InputStream in = url.openStream()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }

    private static void copyAtomically(Path from, Path to) throws IOException {
        Path tmp = Files.createTempFile(to.getParent(), "." + to.getFileName(), ".part");
        try {
            Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
