package dev.facecal.pipeline;

import dev.facecal.dataset.Dataset;
import dev.facecal.dataset.DatasetFetch;
import dev.facecal.dataset.DatasetManifest;
import dev.facecal.dataset.Finding;
import dev.facecal.dataset.MasterCsv;
import dev.facecal.pairs.PairList;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** The dataset stage: a labelled photo set from its source, its checks, and DeepFace's pinned test photos. */
public final class DatasetStage {
    private DatasetStage() {
    }

    /**
     * The dataset of {@code source}; with {@code root} the photos are resolved against it instead of the source's
     * own folder. A pinned source is fetched first ({@link #fetch}) and has no people of its own: load its manifest
     * ({@code dataset/*.json}) with {@link DatasetSource.Manifest}.
     */
    public static Dataset load(DatasetSource source, Path root) {
        Dataset d = switch (source) {
            case DatasetSource.Folders f -> Dataset.fromFolders(f.dir());
            case DatasetSource.Manifest m -> Dataset.fromManifest(m.file());
            case DatasetSource.PairListFile p -> PairList.people(p.file());
            case DatasetSource.Pinned p -> throw new IllegalArgumentException("the pinned dataset " + p.name()
                    + " is a set of files, not people: fetch it, then load a manifest of its people");
        };
        return root != null ? d.withRoot(root) : d;
    }

    /** Fetches every file of a pinned dataset into its target (mirror or pinned URLs, SHA-256 checked). */
    public static DatasetFetch.Result fetch(DatasetSource.Pinned source, PrintWriter log) {
        return DatasetFetch.fetch(DatasetManifest.bundled(source.name()), source.mirror(), source.target(), log);
    }

    /** The dataset's findings ({@link Dataset#validate()}: photos under two people, missing files, ...). */
    public static List<Finding> check(Dataset d) {
        return d.validate();
    }

    /**
     * Writes {@code master.csv} for a folder of identity folders as deepface-rs's {@code generate-csv.py} does
     * ({@link MasterCsv}) and returns the dataset it listed.
     */
    public static Dataset index(Path dir, Path out, MasterCsv.Labels labels) {
        return MasterCsv.write(dir, out, labels);
    }
}
