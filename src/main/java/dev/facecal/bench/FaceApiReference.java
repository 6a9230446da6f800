package dev.facecal.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facecal.FacecalException;
import dev.facecal.embed.ModelSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * face-api's side of the embedding benchmark: {@code reference/faceapi/bench.js} run by Node on the same pixels,
 * with tfjs's {@code wasm} or {@code cpu} backend; its call times and descriptors come back as JSON.
 */
public final class FaceApiReference {
    private FaceApiReference() {
    }

    /**
     * How to run it.
     *
     * @param node   the Node.js executable
     * @param script {@code reference/faceapi/bench.js} (face-api installed beside it with {@code npm ci})
     */
    public record Options(String node, Path script) implements TfjsReference {
        /** Checks that the script is there and face-api installed beside it; an error saying what to do otherwise. */
        public Options {
            if (!Files.isRegularFile(script)) {
                throw new FacecalException(script + ": the face-api side of the benchmark is not there (run from the "
                        + "repository root or give its script)");
            }
            Path dir = script.toAbsolutePath().getParent();
            if (!Files.isDirectory(dir.resolve("node_modules/@vladmandic/face-api"))) {
                throw new FacecalException(dir + ": face-api is not installed; run `npm ci` there first");
            }
        }

        @Override
        public String label() {
            return "face-api";
        }
    }

    /**
     * One backend's run.
     *
     * @param timings one timing per batch size
     * @param info    what the script reports about itself (Node, V8, face-api, tfjs, wasm binary)
     */
    public record Run(List<EmbeddingBench.Timing> timings, JsonNode info) {}

    static Run run(Options o, ModelSpec spec, Path rgbFile, Path tmp, String backend, int count, int n, int reps,
                   int warm, List<Integer> batches, PrintWriter log) throws IOException, InterruptedException {
        Path result = tmp.resolve("faceapi-" + backend + ".json");
        List<String> cmd = List.of(o.node(), o.script().toAbsolutePath().toString(), "--input", rgbFile.toString(),
                "--count", String.valueOf(count), "--images", String.valueOf(n),
                "--width", String.valueOf(spec.width()), "--height", String.valueOf(spec.height()),
                "--backend", backend, "--batches", batches.stream().map(String::valueOf).collect(Collectors.joining(",")),
                "--repeats", String.valueOf(reps), "--warmup", String.valueOf(warm), "--out", result.toString());
        JsonNode j = NodeScript.run(cmd, result, "the face-api side (" + backend + ")", log);
        return new Run(timings(j, backend, batches), j);
    }

    /** The timings of bench.js's JSON: per batch its call times and descriptors. */
    static List<EmbeddingBench.Timing> timings(JsonNode j, String backend, List<Integer> batches) {
        List<EmbeddingBench.Timing> out = new ArrayList<>();
        for (int b : batches) {
            JsonNode bj = j.path("batches").path(String.valueOf(b));
            double[] calls = new double[bj.path("callMs").size()];
            for (int i = 0; i < calls.length; i++) calls[i] = bj.path("callMs").get(i).asDouble();
            JsonNode d = bj.path("descriptors");
            float[][] descriptors = new float[d.size()][];
            for (int i = 0; i < d.size(); i++) {
                JsonNode row = d.get(i);
                descriptors[i] = new float[row.size()];
                for (int c = 0; c < row.size(); c++) descriptors[i][c] = (float) row.get(c).asDouble();
            }
            out.add(EmbeddingBench.Timing.of("tfjs-" + backend, 1, b, calls, descriptors));
        }
        return out;
    }
}
