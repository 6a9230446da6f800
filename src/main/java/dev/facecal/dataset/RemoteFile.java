package dev.facecal.dataset;

import java.util.HexFormat;

/**
 * A file facecal can obtain: its name, pinned SHA-256 and pinned download URL (one row of a
 * {@code dataset/*.tsv} manifest).
 *
 * @param name   file name (no folders)
 * @param sha256 lower-case hex SHA-256 of the content
 * @param url    pinned download address
 */
public record RemoteFile(String name, String sha256, String url) {
    public RemoteFile {
        if (name == null || name.isBlank() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            throw new IllegalArgumentException("file name must be a plain name, got '" + name + "'");
        }
        if (sha256 == null || sha256.length() != 64 || !sha256.chars().allMatch(c -> HexFormat.isHexDigit(c))) {
            throw new IllegalArgumentException(name + ": SHA-256 must be 64 hex digits, got '" + sha256 + "'");
        }
        sha256 = sha256.toLowerCase(java.util.Locale.ROOT);
        if (url == null || !(url.startsWith("https://") || url.startsWith("http://") || url.startsWith("file:"))) {
            throw new IllegalArgumentException(name + ": URL must be http(s) or file:, got '" + url + "'");
        }
    }
}
