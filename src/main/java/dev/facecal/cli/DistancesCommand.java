package dev.facecal.cli;

import dev.facecal.FacecalException;
import dev.facecal.dataset.Dataset;
import dev.facecal.embed.EmbeddingStore;
import dev.facecal.embed.FaceModel;
import dev.facecal.face.Detectors;
import dev.facecal.face.FaceDetector;
import dev.facecal.face.FaceExtractor;
import dev.facecal.face.MultiFacePolicy;
import dev.facecal.face.YuNetDetector;
import dev.facecal.models.ModelStore;
import dev.facecal.pairs.Pair;
import dev.facecal.pairs.PairGenerator;
import dev.facecal.pairs.PairList;
import dev.facecal.pipeline.FacePipeline;
import dev.facecal.pipeline.PhotoEmbedder;
import dev.facecal.pipeline.PhotoEmbeddings;
import dev.facecal.pipeline.ScoredPairs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code facecal distances}: photos → faces → embeddings (each photo once, cached) → the four DeepFace distances of
 * every listed pair, written in deepface-rs's format ({@code file_x,file_y,decision,cosine,euclidean,euclidean_l2,angular},
 * decision 1/0, distances rounded to 6 decimals as DeepFace's {@code find_distance}), ready for {@code calibrate}.
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

    @Option(names = "--detector", defaultValue = "opencv", description = "opencv (Haar cascade + eye alignment, DeepFace's default), yunet (OpenCV's YuNet + eye alignment, DeepFace's yunet; needs --yunet-model) or none (photos are face crops); default: ${DEFAULT-VALUE}")
    String detector;

    @Mixin
    YuNetOptions yunet;

    @Option(names = "--policy", defaultValue = "dominant", description = "several faces in a photo: dominant (default), largest or fail")
    String policy;

    @Option(names = "--out", required = true, paramLabel = "PAIRS.csv", description = "output CSV (written atomically)")
    Path out;

    @Option(names = "--strict", description = "stop at the first photo that fails (no face, unreadable) instead of skipping its pairs; nothing is written")
    boolean strict;

    @Option(names = "--cache", paramLabel = "DIR", description = "embedding cache (default: $FACECAL_CACHE/embeddings or ~/.cache/facecal/embeddings)")
    Path cache;

    @Option(names = "--models", paramLabel = "DIR", description = "model folder (default: $FACECAL_MODELS or ~/.cache/facecal/models)")
    Path models;

    @Option(names = "--batch", defaultValue = "16", description = "images per ONNX Runtime call")
    int batch;

    @Override
    public Integer call() {
        if ((pairs == null) == !allPairs) {
            throw new FacecalException("give exactly one of --pairs CSV and --all-pairs");
        }
        PrintWriter err = spec.commandLine().getErr();
        List<Pair> list;
        List<Path> fileX = new ArrayList<>(), fileY = new ArrayList<>();
        if (pairs != null) {
            list = PairList.read(pairs);
            for (Pair p : list) {
                fileX.add(dataset.resolve(p.fileX()));
                fileY.add(dataset.resolve(p.fileY()));
            }
        } else {
            Dataset d = Dataset.fromFolders(dataset);
            list = PairGenerator.all(d);
            for (Pair p : list) {
                fileX.add(d.resolve(p.fileX()));
                fileY.add(d.resolve(p.fileY()));
            }
        }
        LinkedHashSet<Path> photos = new LinkedHashSet<>(fileX);
        photos.addAll(fileY);
        MultiFacePolicy mfp = Detectors.policy(policy);
        FaceDetector faceDetector = Detectors.open(detector, yunet.options());
        if (faceDetector instanceof YuNetDetector y && y.warning() != null) err.println("facecal: warning: " + y.warning());
        FaceExtractor extractor = faceDetector == null ? null : new FaceExtractor(faceDetector, mfp, true);
        ModelStore store = ModelStore.defaults(models);
        String onnxSha = store.installed(model).map(m -> m.onnxSha256()).orElse("?");
        Path cacheRoot = cache != null ? cache : dev.facecal.dataset.FileFetcher.cacheRoot().resolve("embeddings");
        EmbeddingStore embeddings = EmbeddingStore.of(cacheRoot, model, FacePipeline.cacheConfiguration(onnxSha, faceDetector, mfp));
        long t0 = System.nanoTime();
        List<Path> todo = new ArrayList<>(photos);
        Map<Path, PhotoEmbedder.Result> results = new LinkedHashMap<>();
        try (FaceModel m = store.open(model, 0)) {
            Progress progress = new Progress(err, (todo.size() + 7) / 8);
            int[] last = {0};
            // --strict: one batch at a time, so that the run stops right after the batch holding the first failure
            int chunk = strict ? Math.max(1, batch) : Math.max(1, todo.size());
            for (int from = 0; from < todo.size(); from += chunk) {
                int base = from;
                Map<Path, PhotoEmbedder.Result> part = PhotoEmbedder.embed(
                        todo.subList(from, Math.min(todo.size(), from + chunk)), m, extractor, embeddings, batch, done -> {
                            while (last[0] < base + done) {
                                last[0]++;
                                if (last[0] % 8 == 0 || last[0] == todo.size()) progress.step("photos " + last[0] + "/" + todo.size());
                            }
                        });
                results.putAll(part);
                if (strict) {
                    for (PhotoEmbedder.Result r : part.values()) {
                        if (!r.ok()) {
                            progress.finish("stopped after " + results.size() + " of " + todo.size() + " photos");
                            throw new FacecalException(shown(r.photo()) + ": " + r.failure() + (r.cached() ? " (cached)" : "")
                                    + " (--strict: stopped at the first photo that failed; nothing written)");
                        }
                    }
                }
            }
            progress.finish("embedded " + todo.size() + " photos in " + String.format(Locale.ROOT, "%.1f s",
                    (System.nanoTime() - t0) / 1e9) + " (" + results.values().stream().filter(PhotoEmbedder.Result::cached).count()
                    + " from the cache)");
        }
        List<PhotoEmbedder.Result> failed = results.values().stream().filter(r -> !r.ok()).toList();
        ScoredPairs scored = ScoredPairs.of(list, fileX, fileY, new PhotoEmbeddings(results));
        scored.writeCsv(out);
        int written = scored.size(), skipped = scored.skipped().size();
        err.println("wrote " + out + ": " + written + " pairs" + (skipped > 0 ? ", " + skipped + " skipped" : ""));
        if (!failed.isEmpty()) {
            err.println(failed.size() + " photo(s) failed:");
            for (PhotoEmbedder.Result r : failed) err.println("  " + shown(r.photo()) + ": " + r.failure());
        }
        err.flush();
        return 0;
    }

    /** A photo as the failure summary names it: relative to {@code --dataset} when inside it. */
    private String shown(Path photo) {
        Path base = dataset.toAbsolutePath().normalize(), p = photo.toAbsolutePath().normalize();
        return p.startsWith(base) ? base.relativize(p).toString() : photo.toString();
    }
}
