package dev.facecal.pipeline;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedding (or the failure) of every photo of a run, in the order the photos were given.
 *
 * @param results photo to result; copied, order kept
 */
public record PhotoEmbeddings(Map<Path, PhotoEmbedder.Result> results) {
    /** Copies the map, keeping its order. */
    public PhotoEmbeddings {
        results = Collections.unmodifiableMap(new LinkedHashMap<>(results));
    }

    /** The result of {@code photo}; an error naming the photo when it was not part of the run. */
    public PhotoEmbedder.Result get(Path photo) {
        PhotoEmbedder.Result r = results.get(photo);
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
    public List<PhotoEmbedder.Result> failures() {
        return results.values().stream().filter(r -> !r.ok()).toList();
    }

    /** Number of photos. */
    public int size() {
        return results.size();
    }

    /** Number of photos whose result came from the embedding cache. */
    public long cached() {
        return results.values().stream().filter(PhotoEmbedder.Result::cached).count();
    }
}
