package dev.facecal.cli;

import dev.facecal.FacecalException;
import dev.facecal.config.Configuration;
import dev.facecal.dataset.Dataset;
import dev.facecal.pairs.Pair;
import dev.facecal.pipeline.DatasetSource;
import dev.facecal.pipeline.DatasetStage;
import dev.facecal.pipeline.DistanceOptions;
import dev.facecal.pipeline.DistanceStage;
import dev.facecal.pipeline.EmbeddingOptions;
import dev.facecal.pipeline.EmbeddingStage;
import dev.facecal.pipeline.PairOptions;
import dev.facecal.pipeline.PairStage;
import dev.facecal.pipeline.PhotoEmbeddings;
import dev.facecal.pipeline.ScoredPairs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code facecal distances}: photos → faces → embeddings (each photo once, cached) → the four DeepFace distances of
 * every listed pair, written in deepface-rs's format ({@code file_x,file_y,decision,cosine,euclidean,euclidean_l2,angular},
 * decision 1/0, distances rounded to 6 decimals as DeepFace's {@code find_distance}), ready for {@code calibrate}.
 * The work is the pipeline's ({@link EmbeddingStage}, {@link DistanceStage}); this command parses and prints.
 */
@Command(name = "distances", mixinStandardHelpOptions = true,
        description = "Embed the photos of a dataset once each and write the distances of its pairs (deepface-rs format).")
public final class DistancesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", required = true, paramLabel = "DIR", description = "folder of the photos (or of identity folders with --all-pairs)")
    Path dataset;

    @Option(names = "--pairs", paramLabel = "CSV", description = "pair list (file_x,file_y,decision), e.g. DeepFace's master.csv; file names relative to --dataset")
    Path pairs;

    @Option(names = "--all-pairs", description = "all same-person and cross-person pairs of the identity folders in --dataset")
    boolean allPairs;

    @Option(names = "--model", defaultValue = "dlib", description = "installed model (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--detector", defaultValue = "opencv", description = "opencv (Haar cascade + eye alignment, DeepFace's default, crops equal to DeepFace's), opencv-fast (the same cascades on a shrunk copy, about 20x faster, crops close to DeepFace's), yunet (OpenCV's YuNet + eye alignment, DeepFace's yunet; needs --yunet-model) or none (photos are face crops); default: ${DEFAULT-VALUE}")
    String detector;

    @Mixin
    FaceOptionsMixin faces;

    @Option(names = "--out", required = true, paramLabel = "PAIRS.csv", description = "output CSV (written atomically; its provenance beside it as PAIRS.csv.provenance.json)")
    Path out;

    @Option(names = "--strict", description = "stop at the first photo that fails (no face, unreadable) instead of skipping its pairs; nothing is written")
    boolean strict;

    @Option(names = "--cache", paramLabel = "DIR", description = "embedding cache (default: $FACECAL_CACHE/embeddings or ~/.cache/facecal/embeddings)")
    Path cache;

    @Mixin
    ModelsOption models;

    @Option(names = "--batch", defaultValue = "16", description = "images per ONNX Runtime call")
    int batch;

    @Option(names = "--workers", description = "photos decoded and detected side by side (default: one per core); the output does not depend on it")
    Integer workers;

    @Override
    public Integer call() {
        if ((pairs == null) == !allPairs) {
            throw new FacecalException("give exactly one of --pairs CSV and --all-pairs");
        }
        Outputs.checkWritable(out, "--out", pairs);
        Configuration config = Main.configuration();
        PrintWriter err = spec.commandLine().getErr();
        List<Pair> list;
        Function<String, Path> resolve;
        if (pairs != null) {
            list = PairStage.read(pairs);
            resolve = name -> dev.facecal.dataset.FileNames.resolve(dataset, name);
        } else {
            Dataset d = DatasetStage.load(new DatasetSource.Folders(dataset), null);
            list = PairStage.pairs(d, PairOptions.all());
            resolve = d::resolve;
        }
        Path source = pairs != null ? pairs : dataset;
        if (list.isEmpty()) {
            throw new FacecalException(source + ": no pairs to score" + (pairs != null ? " (only a header)"
                    : "; expected one sub-folder of photos per person, at least two photos or two people"));
        }
        samePhotoAsDifferentPeople(list, resolve, source);
        EmbeddingOptions options = new EmbeddingOptions(models.store(), model, faces.options(detector, config),
                config.embeddingCache(cache), Math.max(1, batch), 0, strict);
        int w = workers == null ? EmbeddingStage.workers() : workers;
        if (w < 1) throw new FacecalException("--workers must be at least 1, got " + w);
        PhotoEmbeddings embeddings = run(DistanceStage.photos(list, resolve), options, dataset, err, w);
        ScoredPairs scored = DistanceStage.score(list, resolve, embeddings, DistanceOptions.deepface());
        if (scored.size() == 0) {
            failures(embeddings, dataset, err);
            throw new FacecalException("none of the " + list.size() + " pairs of " + source + " could be scored: "
                    + "every pair has a photo that failed (listed above); nothing written"
                    + (embeddings.retries().isEmpty() ? "" : "; the photos not processed are retried on the next run"));
        }
        scored.writeCsv(out);
        int written = scored.size(), skipped = scored.skipped().size();
        err.println("wrote " + out + ": " + written + " pairs" + (skipped > 0 ? ", " + skipped + " skipped" : ""));
        failures(embeddings, dataset, err);
        return retryStatus(embeddings, err);
    }

    /** Exit status 3 when photos failed for reasons of the environment (memory, I/O): worth running again. */
    static final int STATUS_RETRY = 3;

    /**
     * 0, or {@link #STATUS_RETRY} with a summary when photos failed for a reason that is not a fact about them: they
     * were not cached, and running the same command again retries only them.
     */
    static int retryStatus(PhotoEmbeddings embeddings, PrintWriter err) {
        int n = embeddings.retries().size();
        if (n == 0) return 0;
        err.println(n + " photo(s) were not processed because of the environment (memory, I/O; listed above as "
                + "\"not processed\"): they are not cached; run the same command again to retry them (exit status "
                + STATUS_RETRY + ")");
        err.flush();
        return STATUS_RETRY;
    }

    /**
     * Refuses a pair list in which a different-person pair is one photo twice (same file, or same content): it
     * would be a different-person pair at distance 0.
     */
    static void samePhotoAsDifferentPeople(List<Pair> list, Function<String, Path> resolve, Path source) {
        var found = dev.facecal.pipeline.PairChecks.samePhotoAsDifferentPeople(list, resolve);
        if (found.isEmpty()) return;
        StringBuilder sb = new StringBuilder(source + ": " + found.size() + " different-person pair(s) are one photo "
                + "twice, so they would be scored at distance 0: ");
        for (int i = 0; i < Math.min(5, found.size()); i++) sb.append(i > 0 ? "; " : "").append(found.get(i).describe());
        if (found.size() > 5) sb.append("; ...");
        sb.append(". The photo is labelled as two people: keep it under one person only (remove the other copy or fix "
                + "the pair list; facecal dataset check lists such photos)");
        throw new FacecalException(sb.toString());
    }

    /**
     * The embeddings stage with the command line's progress bar; a strict stop becomes the command's error (the
     * photo named relative to {@code base}), with nothing written.
     */
    static PhotoEmbeddings run(List<Path> photos, EmbeddingOptions options, Path base, PrintWriter err) {
        return run(photos, options, base, err, EmbeddingStage.workers());
    }

    /** {@link #run(List, EmbeddingOptions, Path, PrintWriter)} with {@code workers} photo threads. */
    static PhotoEmbeddings run(List<Path> photos, EmbeddingOptions options, Path base, PrintWriter err, int workers) {
        try {
            return EmbeddingStage.run(photos, options, new TerminalProgress(err, 8), workers, null);
        } catch (EmbeddingStage.StrictStop stop) {
            var r = stop.failed();
            throw new FacecalException(PhotoEmbeddings.shown(base, r.photo()) + ": " + r.failure()
                    + (r.cached() ? " (cached)" : "") + " (--strict: stopped at the first photo that failed; nothing "
                    + "written)", stop);
        }
    }

    /** The failure summary: one line per photo that failed, with its reason, then what to do. */
    static void failures(PhotoEmbeddings embeddings, Path base, PrintWriter err) {
        List<String> lines = embeddings.failureLines(base);
        if (!lines.isEmpty()) {
            err.println(lines.size() + " photo(s) failed:");
            lines.forEach(err::println);
            String todo = whatToDo(embeddings, "photos");
            if (todo != null) err.println("  their pairs are left out; " + todo);
        }
        err.flush();
    }

    /**
     * What to do about the photos that failed for a fact about them (no face, several faces, not an image, not
     * found), or {@code null} when none did (the others say "run again to retry" themselves).
     */
    static String whatToDo(PhotoEmbeddings embeddings, String what) {
        List<dev.facecal.pipeline.PhotoResult> decided = embeddings.failures().stream().filter(r -> !r.retry())
                .toList();
        if (decided.isEmpty()) return null;
        boolean several = decided.stream().anyMatch(r -> r.failure().contains("faces detected"));
        return "replace or remove these " + what + " and run again" + (several
                ? " (a photo of several people: --policy largest keeps the largest face)" : "");
    }
}
