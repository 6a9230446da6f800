package dev.facecal.dataset;

import dev.facecal.FacecalException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Puts every file of a pinned dataset ({@code dataset/<name>.tsv}) into a folder, each checked against its
 * SHA-256: a file already there with the right content is kept; otherwise it is copied from the mirror folder,
 * else downloaded from its pinned URL straight into the folder (through {@link FileFetcher}, so a download is
 * verified before it is moved into place). A file with the wrong content in the mirror is an error naming it.
 */
public final class DatasetFetch {
    private DatasetFetch() {}

    /**
     * What a fetch did.
     *
     * @param target     the folder
     * @param files      files in the manifest
     * @param present    already in the folder with the right SHA-256
     * @param copied     copied from the mirror folder
     * @param downloaded downloaded from their pinned URLs
     */
    public record Result(Path target, int files, int present, int copied, int downloaded) {}

    /**
     * Fetches every file of {@code manifest} into {@code target}.
     *
     * @param mirror   a folder holding the files by name, or null
     * @param progress where to say what is downloaded (may be null)
     */
    public static Result fetch(DatasetManifest manifest, Path mirror, Path target, PrintWriter progress) {
        try {
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new FacecalException("cannot create " + target + " (" + e.getMessage() + ")", e);
        }
        FileFetcher fetcher = new FileFetcher(mirror, target);
        int present = 0, copied = 0, downloaded = 0;
        for (RemoteFile f : manifest.files().values()) {
            Path dest = target.resolve(f.name());
            if (Files.isRegularFile(dest) && FileFetcher.sha256(dest).equals(f.sha256())) {
                present++;
                continue;
            }
            Path m = mirror == null ? null : mirror.resolve(f.name());
            if (m != null && Files.isRegularFile(m)) {
                FileFetcher.verify(m, f, "the mirror folder " + mirror);
                copy(m, dest);
                copied++;
                continue;
            }
            if (Files.exists(dest)) {
                // wrong content: FileFetcher would refuse its "cache"; download afresh over it
                try {
                    Files.delete(dest);
                } catch (IOException e) {
                    throw new FacecalException(dest + " has the wrong SHA-256 and cannot be replaced ("
                            + e.getMessage() + ")", e);
                }
            }
            if (progress != null) {
                progress.println("downloading " + f.url());
                progress.flush();
            }
            fetcher.fetch(f);
            downloaded++;
        }
        return new Result(target, manifest.files().size(), present, copied, downloaded);
    }

    private static void copy(Path from, Path to) {
        try {
            // the content only (not a read-only mode), through a temporary file moved into place
            dev.facecal.AtomicFiles.write(to, out -> Files.copy(from, out));
        } catch (IOException e) {
            throw new FacecalException("cannot copy " + from + " to " + to + " (" + e.getMessage() + ")", e);
        }
    }
}
