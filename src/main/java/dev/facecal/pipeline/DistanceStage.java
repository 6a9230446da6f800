package dev.facecal.pipeline;

import dev.facecal.dataset.Dataset;
import dev.facecal.pairs.Pair;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * The distances stage: labelled pairs and the embeddings of their photos → the four DeepFace distances of every pair
 * whose photos both have an embedding ({@link ScoredPairs}; the others are kept apart as skipped).
 */
public final class DistanceStage {
    private DistanceStage() {
    }

    /** Scores {@code pairs}, whose photos are file names of {@code dataset}. */
    public static ScoredPairs score(Dataset dataset, List<Pair> pairs, PhotoEmbeddings embeddings,
                                    DistanceOptions options) {
        return score(pairs, dataset::resolve, embeddings, options);
    }

    /** Scores {@code pairs}, their photo names resolved to files by {@code resolve}. */
    public static ScoredPairs score(List<Pair> pairs, Function<String, Path> resolve, PhotoEmbeddings embeddings,
                                    DistanceOptions options) {
        return ScoredPairs.of(pairs, pairs.stream().map(p -> resolve.apply(p.fileX())).toList(),
                pairs.stream().map(p -> resolve.apply(p.fileY())).toList(), embeddings, options);
    }

    /** Every photo of {@code pairs}, resolved, once each, in order of first appearance (what to embed). */
    public static List<Path> photos(List<Pair> pairs, Function<String, Path> resolve) {
        java.util.LinkedHashSet<Path> out = new java.util.LinkedHashSet<>();
        for (Pair p : pairs) out.add(resolve.apply(p.fileX()));
        for (Pair p : pairs) out.add(resolve.apply(p.fileY()));
        return List.copyOf(out);
    }
}
