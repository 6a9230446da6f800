package dev.facecal.cli;

import dev.facecal.FacecalException;
import dev.facecal.dataset.Dataset;
import dev.facecal.distance.DistanceMetric;
import dev.facecal.embed.EmbeddingStore;
import dev.facecal.embed.FaceModel;
import dev.facecal.face.FaceExtractor;
import dev.facecal.face.HaarDetector;
import dev.facecal.face.MultiFacePolicy;
import dev.facecal.models.ModelStore;
import dev.facecal.pairs.Pair;
import dev.facecal.pairs.PairGenerator;
import dev.facecal.pipeline.LabelledPairs;
import dev.facecal.pipeline.PhotoEmbedder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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

    @Option(names = "--detector", defaultValue = "opencv", description = "opencv (Haar cascade + eye alignment, DeepFace's default) or none (photos are face crops); default: ${DEFAULT-VALUE}")
    String detector;

    @Option(names = "--policy", defaultValue = "dominant", description = "several faces in a photo: dominant (default), largest or fail")
    String policy;

    @Option(names = "--out", required = true, paramLabel = "PAIRS.csv", description = "output CSV (written atomically)")
    Path out;

    @Option(names = "--strict", description = "stop at the first photo that fails instead of skipping its pairs")
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
            list = LabelledPairs.read(pairs);
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
        MultiFacePolicy mfp = switch (policy.toLowerCase(Locale.ROOT)) {
            case "dominant" -> MultiFacePolicy.DOMINANT;
            case "largest" -> MultiFacePolicy.LARGEST;
            case "fail" -> MultiFacePolicy.FAIL;
            default -> throw new FacecalException("--policy " + policy + " is not known: use dominant, largest or fail");
        };
        FaceExtractor extractor = switch (detector) {
            case "opencv" -> new FaceExtractor(new HaarDetector(), mfp, true);
            case "none" -> null;
            default -> throw new FacecalException("--detector " + detector + " is not known: use opencv or none");
        };
        ModelStore store = ModelStore.defaults(models);
        String onnxSha = store.installed(model).map(m -> m.onnxSha256()).orElse("?");
        Path cacheRoot = cache != null ? cache : dev.facecal.dataset.FileFetcher.cacheRoot().resolve("embeddings");
        EmbeddingStore embeddings = EmbeddingStore.of(cacheRoot, model, "onnx=" + onnxSha, "detector=" + detector,
                "policy=" + mfp, "align=true");
        long t0 = System.nanoTime();
        Map<Path, PhotoEmbedder.Result> results;
        try (FaceModel m = store.open(model, 0)) {
            Progress progress = new Progress(err, (photos.size() + 7) / 8);
            int[] last = {0};
            results = PhotoEmbedder.embed(new ArrayList<>(photos), m, extractor, embeddings, batch, done -> {
                while (last[0] < done) {
                    last[0]++;
                    if (last[0] % 8 == 0 || last[0] == photos.size()) progress.step("photos " + last[0] + "/" + photos.size());
                }
            });
            progress.finish("embedded " + photos.size() + " photos in " + String.format(Locale.ROOT, "%.1f s",
                    (System.nanoTime() - t0) / 1e9) + " (" + results.values().stream().filter(PhotoEmbedder.Result::cached).count()
                    + " from the cache)");
        }
        List<PhotoEmbedder.Result> failed = results.values().stream().filter(r -> !r.ok()).toList();
        if (strict && !failed.isEmpty()) {
            throw new FacecalException(failed.get(0).photo() + ": " + failed.get(0).failure() + " (--strict)");
        }
        StringBuilder csv = new StringBuilder("file_x,file_y,decision,cosine,euclidean,euclidean_l2,angular\n");
        int written = 0, skipped = 0;
        for (int i = 0; i < list.size(); i++) {
            PhotoEmbedder.Result a = results.get(fileX.get(i)), b = results.get(fileY.get(i));
            if (!a.ok() || !b.ok()) {
                skipped++;
                continue;
            }
            Pair p = list.get(i);
            csv.append(p.fileX()).append(',').append(p.fileY()).append(',').append(p.same() ? 1 : 0);
            for (DistanceMetric metric : DistanceMetric.values()) {
                csv.append(',').append(DistanceMetric.deepfaceRound(metric.of(a.embedding(), b.embedding())));
            }
            csv.append('\n');
            written++;
        }
        try {
            CalibrateCommand.writeAtomically(out, csv.toString());
        } catch (java.io.IOException e) {
            throw new FacecalException("cannot write " + out + ": " + e.getMessage(), e);
        }
        err.println("wrote " + out + ": " + written + " pairs" + (skipped > 0 ? ", " + skipped + " skipped" : ""));
        if (!failed.isEmpty()) {
            err.println(failed.size() + " photo(s) failed:");
            for (PhotoEmbedder.Result r : failed) err.println("  " + r.photo().getFileName() + ": " + r.failure());
        }
        err.flush();
        return 0;
    }
}
