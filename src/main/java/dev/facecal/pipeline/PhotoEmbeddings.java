package dev.facecal.pipeline;

import dev.facecal.Provenance;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The embedding (or the failure) of every photo of a run, in the order the photos were given, and how they were
 * made.
 *
 * @param results    photo to result; copied, order kept
 * @param provenance the model, its file's SHA-256, the detector and every option of the run
 */
public record PhotoEmbeddings(Map<Path, PhotoResult> results, Provenance provenance) {
    /** Copies the map, keeping its order. */
    public PhotoEmbeddings {
        results = Collections.unmodifiableMap(new LinkedHashMap<>(results));
        provenance = provenance == null ? Provenance.empty() : provenance;
    }

    /** Results without a record of how they were made (tests, hand-made embeddings). */
    public PhotoEmbeddings(Map<Path, PhotoResult> results) {
        this(results, Provenance.empty());
    }

    /** The result of {@code photo}; an error naming the photo when it was not part of the run. */
    public PhotoResult get(Path photo) {
        PhotoResult r = results.get(photo);
        if (r == null) {
            throw new IllegalArgumentException(photo + " was not embedded in this run (not among its "
                    + results.size() + " photos)");
        }
        return r;
    }

    /** The embedding of {@code photo}, or null when it failed. */
    public float[] embedding(Path photo) {
        return get(photo).embedding();
    }

    /** Photos that failed, with their reasons. */
    public List<PhotoResult> failures() {
        return results.values().stream().filter(r -> !r.ok()).toList();
    }

    /** Photos that failed for a reason that is not a fact about the photo (memory, I/O): retried next run. */
    public List<PhotoResult> retries() {
        return results.values().stream().filter(r -> !r.ok() && r.retry()).toList();
    }

    /** Number of photos with an embedding. */
    public int embedded() {
        return (int) results.values().stream().filter(PhotoResult::ok).count();
    }

    /** Number of photos. */
    public int size() {
        return results.size();
    }

    /** Number of photos whose result came from the embedding cache. */
    public long cached() {
        return results.values().stream().filter(PhotoResult::cached).count();
    }

    /** {@code embedded 25 photos in 3.1 s (0 from the cache)}: the line the command line and notebooks print. */
    public String summary(double seconds) {
        return "embedded " + size() + " photos in " + String.format(Locale.ROOT, "%.1f s", seconds) + " ("
                + cached() + " from the cache)";
    }

    /**
     * The failure summary, one line per failed photo ({@code   couple.jpg: 2 faces detected ...}), photos named
     * relative to {@code base} when inside it; empty when nothing failed.
     */
    public List<String> failureLines(Path base) {
        return failures().stream().map(r -> "  " + shown(base, r.photo()) + ": " + r.failure()).toList();
    }

    /** A photo as messages name it: relative to {@code base} when inside it. */
    public static String shown(Path base, Path photo) {
        if (base == null) return photo.toString();
        Path b = base.toAbsolutePath().normalize(), p = photo.toAbsolutePath().normalize();
        return p.startsWith(b) ? b.relativize(p).toString() : photo.toString();
    }
}
