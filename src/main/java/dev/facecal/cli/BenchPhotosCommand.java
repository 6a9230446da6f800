package dev.facecal.cli;

import dev.facecal.FacecalException;
import dev.facecal.bench.PhotoBench;
import dev.facecal.config.Configuration;
import dev.facecal.pipeline.DistanceStage;
import dev.facecal.pipeline.EmbeddingOptions;
import dev.facecal.pipeline.EmbeddingStage;
import dev.facecal.pipeline.PairStage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code facecal bench-photos}: where a photo's time goes ({@link PhotoBench}), cold and warm cache, and with
 * {@code --reference} DeepFace's own {@code extract_faces(detector_backend="opencv", align=True)} on the same photos
 * in the same run ({@code reference/deepface_extract_faces.py}), for the ratio.
 */
@Command(name = "bench-photos", mixinStandardHelpOptions = true,
        description = "Benchmark the photo pipeline: time per stage and photo, photos/s cold and warm, peak RSS.")
public final class BenchPhotosCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", required = true, paramLabel = "DIR", description = "folder of photos (searched recursively)")
    Path dataset;

    @Option(names = "--pairs", paramLabel = "CSV", description = "only the photos of this pair list (e.g. DeepFace's master.csv)")
    Path pairs;

    @Option(names = "--detector", defaultValue = "opencv", description = "opencv, opencv-fast, yunet or none (default: ${DEFAULT-VALUE})")
    String detector;

    @Mixin
    FaceOptionsMixin faces;

    @Option(names = "--model", defaultValue = "dlib", description = "installed model (default: ${DEFAULT-VALUE})")
    String model;

    @Mixin
    ModelsOption models;

    @Option(names = "--workers", description = "photo workers (default: one per core)")
    Integer workers;

    @Option(names = "--reference", description = "also time DeepFace's extract_faces on the same photos (needs --python and DEEPFACE_SRC)")
    boolean reference;

    @Option(names = "--python", defaultValue = "python3", paramLabel = "EXE", description = "Python with numpy and opencv-python-headless 4.x (default: ${DEFAULT-VALUE})")
    String python;

    @Option(names = "--script", defaultValue = "reference/deepface_extract_faces.py", paramLabel = "FILE", description = "the reference runner (default: ${DEFAULT-VALUE})")
    Path script;

    @Override
    public Integer call() throws IOException {
        Configuration config = Main.configuration();
        PrintWriter out = spec.commandLine().getOut();
        List<Path> photos = photos();
        if (photos.isEmpty()) throw new FacecalException(dataset + ": no photos (.jpg, .jpeg, .png) found");
        int w = workers == null ? EmbeddingStage.workers() : workers;
        EmbeddingOptions options = new EmbeddingOptions(models.store(), model, faces.options(detector, config), null,
                16, 0, false);
        Path scratch = Files.createTempDirectory("facecal-bench-photos");
        try {
            out.printf(Locale.ROOT, "bench-photos: %d photos from %s, detector %s, %d workers, %d cores%n",
                    photos.size(), dataset, detector, w, Runtime.getRuntime().availableProcessors());
            List<PhotoBench.Run> runs = PhotoBench.coldAndWarm(photos, options, w, scratch);
            for (PhotoBench.Run r : runs) out.println(PhotoBench.table(detector, r));
            if (reference) {
                double[] ref = deepface(photos);
                PhotoBench.Run cold = runs.getFirst();
                out.printf(Locale.ROOT, "DeepFace extract_faces(opencv, align=True), same photos, same run: %.2f s = "
                                + "%.3f photos/s (load average %s); facecal %s cold %.2f photos/s: %.2f x DeepFace%n",
                        ref[0], ref[1], PhotoBench.loadAverage(), detector, cold.photosPerSecond(),
                        cold.photosPerSecond() / ref[1]);
            }
        } finally {
            try (Stream<Path> s = Files.walk(scratch)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        out.flush();
        return 0;
    }

    private List<Path> photos() throws IOException {
        if (pairs != null) return DistanceStage.photos(PairStage.read(pairs), dataset::resolve);
        try (Stream<Path> s = Files.walk(dataset)) {
            return s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT)
                    .matches(".*\\.(jpe?g|png)")).sorted().toList();
        }
    }

    /** Runs the reference script on the photos; returns {seconds, photos/s} from its total line. */
    private double[] deepface(List<Path> photos) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(python, script.toString(), "/"));
        for (Path p : photos) cmd.add(p.toAbsolutePath().toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (String line : text.split("\n")) {
            if (line.startsWith("total\t")) {
                String[] f = line.split("\t");
                return new double[] {Double.parseDouble(f[2].replace(" s", "")),
                        Double.parseDouble(f[3].replace(" photos/s", ""))};
            }
        }
        throw new FacecalException("the DeepFace reference run gave no total (set DEEPFACE_SRC to a deepface checkout "
                + "and --python to a Python with numpy and opencv-python-headless 4.x):\n" + text);
    }
}
