package dev.facecal.study;

import dev.facecal.dataset.Dataset;
import dev.facecal.notebook.Workspace;
import dev.facecal.pipeline.EmbeddingOptions;
import dev.facecal.pipeline.EmbeddingStage;
import dev.facecal.pipeline.PhotoEmbeddings;
import dev.facecal.pipeline.Progress;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The real data the study tests share, loaded once per test JVM: the workspace (photos fetched from the
 * {@code ../shared} mirror, SHA-256 checked), the default embedding options (dlib installed if missing) and the dlib
 * embeddings of all 61 photos of {@link Workspace#unitPeople()} (from the embedding cache after the first run).
 */
public final class StudyData {
    private static Workspace workspace;
    private static EmbeddingOptions embedding;
    private static PhotoEmbeddings unit;

    private StudyData() {
    }

    public static synchronized Workspace workspace() {
        if (workspace == null) workspace = Workspace.open();
        return workspace;
    }

    public static synchronized EmbeddingOptions embedding() {
        if (embedding == null) embedding = workspace().embedding();
        return embedding;
    }

    public static Dataset unitPeople() {
        return workspace().unitPeople();
    }

    /** Every photo of {@code d}, resolved, once each. */
    public static List<Path> photos(Dataset d) {
        LinkedHashSet<Path> out = new LinkedHashSet<>();
        d.images().forEach(i -> out.add(d.resolve(i.file())));
        return List.copyOf(out);
    }

    public static synchronized PhotoEmbeddings unitEmbeddings() {
        if (unit == null) unit = EmbeddingStage.run(photos(unitPeople()), embedding(), Progress.NONE);
        return unit;
    }
}
