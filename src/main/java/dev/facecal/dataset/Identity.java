package dev.facecal.dataset;

import java.util.List;

/**
 * One person of a labelled dataset and their photos, in the order that pair generation uses (DeepFace's
 * notebooks take the order of the {@code idendities} dict; deepface-rs's {@code generate-csv.py} the order of the
 * folder listing).
 *
 * @param name  the person's name (a folder name, a manifest key or {@code person-N} for a {@code master.csv})
 * @param files the photos as paths relative to the dataset's root ({@code img1.jpg}, {@code alice/a1.jpg});
 *              may be empty (then the person contributes no pairs, which {@link Dataset#validate()} reports)
 */
public record Identity(String name, List<String> files) {
    public Identity {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an identity needs a name, got '" + name + "'");
        }
        if (files == null) {
            throw new IllegalArgumentException("identity " + name + ": the file list is missing");
        }
        for (String f : files) {
            if (f == null || f.isBlank()) {
                throw new IllegalArgumentException("identity " + name + ": a file name is empty");
            }
        }
        files = List.copyOf(files);
    }

    /** The number of photos. */
    public int size() {
        return files.size();
    }
}
