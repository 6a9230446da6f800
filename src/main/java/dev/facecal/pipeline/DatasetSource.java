package dev.facecal.pipeline;

import java.nio.file.Path;

/**
 * Where the dataset stage ({@link DatasetStage}) finds a labelled photo set: one of four kinds.
 */
public sealed interface DatasetSource {
    /** One sub-folder of photos per person, sorted by name ({@code Dataset.fromFolders}). */
    record Folders(Path dir) implements DatasetSource {}

    /** A JSON manifest, person to photos ({@code Dataset.fromManifest}). */
    record Manifest(Path file) implements DatasetSource {}

    /** The people of a pair list such as DeepFace's {@code master.csv} ({@code PairList.people}). */
    record PairListFile(Path file) implements DatasetSource {}

    /**
     * A pinned dataset ({@code dataset/<name>.tsv} in facecal's jar), its files fetched into {@code target} from the
     * mirror (may be null) or the pinned URLs, SHA-256 checked.
     */
    record Pinned(String name, Path mirror, Path target) implements DatasetSource {}
}
