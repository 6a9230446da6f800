package dev.facecal.dataset;

import dev.facecal.FacecalException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dataset's pinned files, read from a tab-separated manifest ({@code file, sha256, url}; {@code #} comments),
 * such as {@code dataset/deepface-unit.tsv}, which the jar also carries as a resource.
 *
 * @param name  the dataset's name ({@code deepface-unit})
 * @param files its files by name, in manifest order
 */
public record DatasetManifest(String name, Map<String, RemoteFile> files) {
    public DatasetManifest {
        files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }

    /** The manifest bundled in the jar under {@code /dataset/<name>.tsv}. */
    public static DatasetManifest bundled(String name) {
        try (InputStream in = DatasetManifest.class.getResourceAsStream("/dataset/" + name + ".tsv")) {
            if (in == null) {
                throw new FacecalException("no dataset named '" + name + "' (known: deepface-unit)");
            }
            return parse(name, new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new FacecalException("cannot read the manifest of " + name + ": " + e.getMessage(), e);
        }
    }

    static DatasetManifest parse(String name, List<String> lines) {
        Map<String, RemoteFile> files = new LinkedHashMap<>();
        int n = 0;
        for (String line : lines) {
            n++;
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.split("\t");
            if (f.length != 3) {
                throw new FacecalException("manifest " + name + " line " + n + ": expected file<TAB>sha256<TAB>url");
            }
            files.put(f[0], new RemoteFile(f[0], f[1], f[2]));
        }
        return new DatasetManifest(name, files);
    }

    public RemoteFile file(String fileName) {
        RemoteFile f = files.get(fileName);
        if (f == null) {
            throw new FacecalException("dataset " + name + " has no file '" + fileName + "'");
        }
        return f;
    }
}
