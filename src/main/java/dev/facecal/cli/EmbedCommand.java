package dev.facecal.cli;

import dev.facecal.FacecalException;
import dev.facecal.embed.FaceModel;
import dev.facecal.embed.Images;
import dev.facecal.embed.Preprocess;
import dev.facecal.face.Detectors;
import dev.facecal.face.Extraction;
import dev.facecal.face.FaceDetector;
import dev.facecal.face.FaceExtractor;
import dev.facecal.face.MultiFacePolicy;
import dev.facecal.face.YuNetDetector;
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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code facecal embed}: one embedding per image, written as {@code file,d0,...,d<D-1>}. With {@code --detector
 * none} (the default) the whole image is the face crop: an image already at the model's input size reaches the
 * network with its pixels unchanged (decoded as RGB by Java ImageIO, no resize, EXIF orientation not applied); other
 * sizes go through the model's own resize. With {@code --detector opencv} or {@code yunet} each image goes through
 * {@link FaceExtractor} (OpenCV decoding, which applies the EXIF orientation, detection, the multi-face policy and
 * eye alignment) as in {@code facecal distances}; an image without an acceptable face is left out of the CSV and
 * listed on stderr, or stops the run with {@code --strict}.
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
    YuNetOptions yunet;

    @Option(names = "--policy", defaultValue = "dominant", description = "several faces in a photo (with a detector): dominant (default), largest or fail")
    String policy;

    @Option(names = "--strict", description = "with a detector: stop at the first image without an acceptable face instead of leaving it out")
    boolean strict;

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
        if (batch < 1) throw new FacecalException("--batch must be at least 1, got " + batch);
        MultiFacePolicy mfp = Detectors.policy(policy);
        List<Path> files = expand(inputs);
        if (files.isEmpty()) throw new FacecalException("no images found in " + inputs);
        var err = spec.commandLine().getErr();
        FaceDetector faceDetector = Detectors.open(detector, yunet.options());
        if (faceDetector instanceof YuNetDetector y && y.warning() != null) err.println("facecal: warning: " + y.warning());
        FaceExtractor extractor = faceDetector == null ? null : new FaceExtractor(faceDetector, mfp, true);
        List<String> failures = new ArrayList<>();
        StringBuilder csv = new StringBuilder();
        try (FaceModel m = ModelStore.defaults(models).open(model, threads)) {
            int dim = m.spec().dimension();
            csv.append("file");
            for (int i = 0; i < dim; i++) csv.append(",d").append(i);
            csv.append('\n');
            Progress progress = new Progress(err, (files.size() + batch - 1) / batch);
            for (int from = 0; from < files.size(); from += batch) {
                List<Path> chunk = new ArrayList<>();
                List<float[]> tensors = new ArrayList<>();
                for (Path f : files.subList(from, Math.min(files.size(), from + batch))) {
                    Images.Rgb img;
                    if (extractor == null) {
                        img = Images.read(f);
                    } else {
                        Extraction e = extractor.extract(f);
                        if (!e.ok()) {
                            if (strict) throw new FacecalException(f + ": " + e.failure() + " (--strict)");
                            failures.add(f + ": " + e.failure());
                            continue;
                        }
                        img = e.crop().pixels();
                    }
                    chunk.add(f);
                    tensors.add(Preprocess.tensor(img.rgb(), img.width(), img.height(), m.spec()));
                }
                float[][] emb = chunk.isEmpty() ? new float[0][] : m.embed(tensors);
                for (int k = 0; k < chunk.size(); k++) {
                    csv.append(dev.facecal.dataset.CsvOut.field(chunk.get(k).toString()));
                    for (float v : emb[k]) csv.append(',').append(Float.toString(v));
                    csv.append('\n');
                }
                progress.step("embedded " + Math.min(files.size(), from + batch) + "/" + files.size() + " images");
            }
            progress.finish("embedded " + (files.size() - failures.size()) + " image(s) with " + model);
        }
        CalibrateCommand.writeAtomically(out, csv.toString());
        err.println("wrote " + out);
        if (!failures.isEmpty()) {
            err.println(failures.size() + " image(s) failed:");
            for (String f : failures) err.println("  " + f);
        }
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
}
