package dev.facecal.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facecal.FacecalException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one TF.js side of a benchmark ({@code reference/faceapi/bench.js}, {@code reference/humanmodels/bench_embed.js})
 * as a Node.js child process: its progress goes to this process's stderr, its result is the JSON file it writes. A
 * missing Node, a failure or a run over 30 minutes is one message naming the side.
 */
final class NodeScript {
    private NodeScript() {
    }

    /**
     * Runs {@code cmd} (the Node executable first) and reads the JSON it wrote to {@code result}.
     *
     * @param side what runs, for the messages ("the face-api side (wasm)")
     */
    static JsonNode run(List<String> cmd, Path result, String side, PrintWriter log)
            throws IOException, InterruptedException {
        log.println(side + ": " + String.join(" ", cmd));
        log.flush();
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new FacecalException("cannot start " + cmd.getFirst() + " (" + e.getMessage() + "); install Node 18 "
                    + "or later, or name another Node executable", e);
        }
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new FacecalException(side + " did not finish in 30 minutes");
        }
        if (p.exitValue() != 0) {
            throw new FacecalException(side + " failed with exit status " + p.exitValue() + " (its error is above)");
        }
        return new ObjectMapper().readTree(result.toFile());
    }
}
