package dev.facecal.spark;

import java.io.Serializable;
import java.util.Objects;

/**
 * One photo of a folder-per-identity dataset ({@link IdentityFolders}): the person, named after the subfolder, and the
 * file's fully qualified Hadoop path (e.g. {@code file:/data/alice/1.jpg}, {@code hdfs://nn/faces/bob/2.png}).
 */
record DatasetPhoto(String identity, String path) implements Serializable {
    DatasetPhoto {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(path, "path");
        if (identity.isEmpty()) throw new IllegalArgumentException(path + ": an empty identity");
    }
}
