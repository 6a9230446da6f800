package dev.facecal.dataset;

import dev.facecal.FacecalException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * Obtains pinned files, checking each against its SHA-256: from a local mirror folder first (offline machines,
 * tests and CI; see {@code dev.facecal.config.Configuration}), then from the cache, and only then by downloading into the
 * cache. Downloads go to a temporary file that is verified and then moved into place atomically, so an
 * interrupted run never leaves a corrupt cache entry.
 *
 * @param mirror a folder holding the files by name, or null
 * @param cache  the cache folder for downloads
 */
public record FileFetcher(Path mirror, Path cache) {
    public FileFetcher {
        if (cache == null) {
            throw new IllegalArgumentException("cache folder must be given");
        }
    }

    /** A verified local path to {@code file}. */
    public Path fetch(RemoteFile file) {
        if (mirror != null) {
            Path m = mirror.resolve(file.name());
            if (Files.isRegularFile(m)) {
                verify(m, file, "the mirror folder " + mirror);
                return m;
            }
        }
        Path cached = cache.resolve(file.name());
        if (Files.isRegularFile(cached)) {
            verify(cached, file, "the cache " + cache + " (delete the file to download it again)");
            return cached;
        }
        return download(file, cached);
    }

    private Path download(RemoteFile file, Path target) {
        try {
            Files.createDirectories(cache);
            Path tmp = Files.createTempFile(cache, "." + file.name(), ".part");
            try {
                URI uri = URI.create(file.url());
                if ("file".equals(uri.getScheme())) {
                    Files.copy(Path.of(uri), tmp, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                            .connectTimeout(Duration.ofSeconds(20)).build();
                    HttpResponse<InputStream> resp = client.send(HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofMinutes(10)).build(), HttpResponse.BodyHandlers.ofInputStream());
                    if (resp.statusCode() != 200) {
                        throw new IOException("HTTP " + resp.statusCode());
                    }
                    try (InputStream in = resp.body()) {
                        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                verify(tmp, file, file.url());
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return target;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | InterruptedException | IllegalArgumentException e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            throw new FacecalException("could not download " + file.name() + " from " + file.url() + " ("
                    + e.getMessage() + "); on a machine without internet put the file in a folder and use it as "
                    + "the data mirror (FACECAL_DATA_MIRROR=DIR, or --from DIR on the command line)", e);
        }
    }

    static void verify(Path p, RemoteFile file, String where) {
        String got = sha256(p);
        if (!got.equals(file.sha256())) {
            throw new FacecalException(file.name() + " in " + where + " has SHA-256 " + got + ", expected "
                    + file.sha256() + ": the file is corrupt or a different version; replace it");
        }
    }

    /** SHA-256 of a file, lower-case hex. */
    public static String sha256(Path p) {
        return dev.facecal.Sha256.of(p);
    }
}
