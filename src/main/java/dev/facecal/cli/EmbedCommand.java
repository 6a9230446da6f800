package dev.facecal.cli;

import dev.facecal.FacecalException;
import dev.facecal.embed.FaceModel;
import dev.facecal.embed.Images;
import dev.facecal.embed.Preprocess;
import dev.facecal.models.ModelStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code facecal embed}: one embedding per image, written as {@code file,d0,...,d<D-1>}. With {@code --detector
 * none} the whole image is the face crop: an image already at the model's input size reaches the network with
 * its pixels unchanged (decoded as RGB, no resize); other sizes go through the model's own resize.
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

    @Option(names = "--detector", defaultValue = "none", description = "face detector; only 'none' (the image is the face) for now")
    String detector;

    @Option(names = "--out", paramLabel = "CSV", required = true, description = "output CSV (written atomically)")
    Path out;

    @Option(names = "--batch", defaultValue = "16", description = "images per ONNX Runtime call (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--threads", defaultValue = "0", description = "ONNX Runtime threads (0 = all cores)")
    int threads;

    @Option(names = "--models", paramLabel = "DIR", description = "model folder (default: $FACECAL_MODELS or ~/.cache/facecal/models)")
    Path models;

    @Override
    public Integer call() throws IOException {
        if (!"none".equals(detector)) {
            throw new FacecalException("--detector " + detector + " is not available yet; use --detector none with "
                    + "images that are already face crops");
        }
        if (batch < 1) throw new FacecalException("--batch must be at least 1, got " + batch);
        List<Path> files = expand(inputs);
        if (files.isEmpty()) throw new FacecalException("no images found in " + inputs);
        var err = spec.commandLine().getErr();
        StringBuilder csv = new StringBuilder();
        try (FaceModel m = ModelStore.defaults(models).open(model, threads)) {
            int dim = m.spec().dimension();
            csv.append("file");
            for (int i = 0; i < dim; i++) csv.append(",d").append(i);
            csv.append('\n');
            Progress progress = new Progress(err, (files.size() + batch - 1) / batch);
            for (int from = 0; from < files.size(); from += batch) {
                List<Path> chunk = files.subList(from, Math.min(files.size(), from + batch));
                List<float[]> tensors = new ArrayList<>();
                for (Path f : chunk) {
                    Images.Rgb img = Images.read(f);
                    tensors.add(Preprocess.tensor(img.rgb(), img.width(), img.height(), m.spec()));
                }
                float[][] emb = m.embed(tensors);
                for (int k = 0; k < chunk.size(); k++) {
                    csv.append(csvField(chunk.get(k).toString()));
                    for (float v : emb[k]) csv.append(',').append(Float.toString(v));
                    csv.append('\n');
                }
                progress.step("embedded " + Math.min(files.size(), from + batch) + "/" + files.size() + " images");
            }
            progress.finish("embedded " + files.size() + " image(s) with " + model);
        }
        CalibrateCommand.writeAtomically(out, csv.toString());
        err.println("wrote " + out);
        return 0;
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

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
