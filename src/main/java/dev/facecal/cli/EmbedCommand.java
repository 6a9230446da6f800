package dev.facecal.cli;

import dev.facecal.FacecalException;
import dev.facecal.config.Configuration;
import dev.facecal.dataset.CsvOut;
import dev.facecal.pipeline.EmbeddingOptions;
import dev.facecal.pipeline.PhotoEmbeddings;
import dev.facecal.pipeline.PhotoResult;
import java.io.IOException;
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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code facecal embed}: one embedding per image, written as {@code file,d0,...,d<D-1>}, through the pipeline's
 * embeddings stage without its cache. With {@code --detector none} (the default) the whole image is the face crop:
 * decoded like every photo ({@code PhotoDecoder}: OpenCV's {@code imread}, EXIF orientation applied), an image
 * already at the model's input size reaches the network with its pixels unchanged; other sizes go through the
 * model's own resize. With {@code --detector opencv} or {@code yunet} each image goes through detection, the
 * multi-face policy and eye alignment as in {@code facecal distances}. An image that fails (unreadable, no acceptable
 * face) is left out of the CSV and listed on stderr, or stops the run with {@code --strict}.
 */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = "Embed face images with an installed model and write file,d0,...,dN as CSV.")
public final class EmbedCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "IMAGE_OR_DIR", description = "images, or folders of images (jpg, jpeg, png, bmp)")
    List<Path> inputs;

    @Option(names = "--model", defaultValue = "dlib", description = "installed model (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--detector", defaultValue = "none", description = "none (the image is the face; default), opencv (Haar cascade + eye alignment) or yunet (needs --yunet-model)")
    String detector;

    @Mixin
    FaceOptionsMixin faces;

    @Option(names = "--strict", description = "stop at the first image that fails instead of leaving it out")
    boolean strict;

    @Option(names = "--out", paramLabel = "CSV", required = true, description = "output CSV (written atomically)")
    Path out;

    @Option(names = "--batch", defaultValue = "16", description = "images per ONNX Runtime call (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--threads", defaultValue = "0", description = "ONNX Runtime threads (0 = all cores)")
    int threads;

    @Mixin
    ModelsOption models;

    @Override
    public Integer call() throws IOException {
        if (batch < 1) throw new FacecalException("--batch must be at least 1, got " + batch);
        Configuration config = Main.configuration();
        EmbeddingOptions options = new EmbeddingOptions(models.store(), model, faces.options(detector, config), null,
                batch, threads, strict);
        List<Path> files = expand(inputs);
        if (files.isEmpty()) throw new FacecalException("no images found in " + inputs);
        Outputs.checkWritable(out, "--out", files.toArray(Path[]::new));
        var err = spec.commandLine().getErr();
        PhotoEmbeddings embeddings = DistancesCommand.run(files, options, null, err);
        if (embeddings.embedded() == 0) {
            failures(embeddings, err);
            throw new FacecalException("none of the " + files.size() + " image(s) could be embedded (listed above); "
                    + "nothing written to " + out);
        }
        int dim = options.models().installed(model).orElseThrow().spec().dimension();
        StringBuilder csv = new StringBuilder("file");
        for (int i = 0; i < dim; i++) csv.append(",d").append(i);
        csv.append('\n');
        for (PhotoResult r : embeddings.results().values()) {
            if (!r.ok()) continue;
            csv.append(CsvOut.field(dev.facecal.dataset.FileNames.of(r.photo()))); // non-UTF-8 bytes as %XX
            for (float v : r.embedding()) csv.append(',').append(Float.toString(v));
            csv.append('\n');
        }
        dev.facecal.AtomicFiles.writeString(out, csv);
        err.println("wrote " + out + " (" + (embeddings.size() - embeddings.failures().size()) + " image(s) with "
                + model + ")");
        if (!embeddings.failures().isEmpty()) failures(embeddings, err);
        err.flush();
        return DistancesCommand.retryStatus(embeddings, err);
    }

    /** One line per image that failed, with its reason, then what to do. */
    private static void failures(PhotoEmbeddings embeddings, java.io.PrintWriter err) {
        err.println(embeddings.failures().size() + " image(s) failed:");
        embeddings.failureLines(null).forEach(err::println);
        String todo = DistancesCommand.whatToDo(embeddings, "images");
        if (todo != null) err.println("  " + todo);
    }

    static List<Path> expand(List<Path> inputs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(f -> Files.isRegularFile(f) && isImage(f)).sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw new FacecalException(p + ": no such image or folder");
            }
        }
        return files;
    }

    private static boolean isImage(Path f) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png") || n.endsWith(".bmp");
    }
}
