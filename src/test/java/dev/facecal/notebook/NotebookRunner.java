package dev.facecal.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Test-side access to the notebook tooling in {@code environment/}: runs {@code environment/setup.sh} and
 * {@code environment/run-notebooks.py}, and reads executed notebooks (.ipynb JSON) into cells and outputs.
 */
public final class NotebookRunner {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SETUP_HINT = "run the tests with ./facecal test, whose environment/setup.sh --for test "
            + "creates the project's .venv (pinned Jupyter) and installs Chromium and playwright-core";

    private NotebookRunner() {
    }

    /** A finished process: exit code and its stdout and stderr together. */
    public record Result(int exitCode, String output) {
    }

    /** An executed notebook. */
    public record Notebook(String kernelName, List<Cell> cells) {
        public List<Cell> codeCells() {
            return cells.stream().filter(c -> c.type().equals("code")).toList();
        }

        /** Every {@code error} output, with its cell. */
        public List<Map.Entry<Cell, Output>> errors() {
            List<Map.Entry<Cell, Output>> errors = new ArrayList<>();
            for (Cell c : cells) {
                for (Output o : c.outputs()) {
                    if (o.isError()) {
                        errors.add(Map.entry(c, o));
                    }
                }
            }
            return errors;
        }
    }

    /**
     * A cell.
     *
     * @param index          its position among all cells (markdown included), as run-notebooks.py reports it
     * @param executionCount null when the cell did not run
     */
    public record Cell(int index, String type, String source, Integer executionCount, List<Output> outputs) {
        /** Everything the cell printed to stdout. */
        public String stdout() {
            return stream("stdout");
        }

        /** Everything the cell printed to stderr. */
        public String stderr() {
            return stream("stderr");
        }

        private String stream(String name) {
            StringBuilder sb = new StringBuilder();
            outputs.stream().filter(o -> o.outputType().equals("stream") && name.equals(o.name()))
                    .forEach(o -> sb.append(o.text()));
            return sb.toString();
        }

        /** All text of the outputs: streams, text/plain and text/html data, error names and values. */
        public String text() {
            StringBuilder sb = new StringBuilder();
            for (Output o : outputs) {
                if (o.text() != null) {
                    sb.append(o.text());
                }
                o.data().forEach((mime, value) -> {
                    if (mime.startsWith("text/")) {
                        sb.append(value).append('\n');
                    }
                });
                if (o.isError()) {
                    sb.append(o.ename()).append(": ").append(o.evalue()).append('\n');
                }
            }
            return sb.toString();
        }
    }

    /**
     * An output.
     *
     * @param outputType stream, display_data, execute_result or error
     * @param name       stdout or stderr for a stream, else null
     * @param text       a stream's text, else null
     * @param data       mime type to content (text as is; binary such as image/png as its base64 text)
     */
    public record Output(String outputType, String name, String text, Map<String, String> data, String ename,
                         String evalue, List<String> traceback) {
        public boolean isError() {
            return outputType.equals("error");
        }

        public Optional<String> textPlain() {
            return Optional.ofNullable(data.get("text/plain"));
        }

        public Optional<String> html() {
            return Optional.ofNullable(data.get("text/html"));
        }
    }

    // ------------------------------------------------------------------------------------------------ environment

    /** The project root: the nearest folder up from the working directory that holds environment/setup.sh. */
    public static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("environment/run-notebooks.py"))) {
                return p;
            }
        }
        throw new IllegalStateException("no environment/run-notebooks.py above " + dir);
    }

    /** The project's Python environment: {@code FACECAL_VENV}, else {@code .venv} in the project. */
    public static Path venv() {
        String env = System.getenv("FACECAL_VENV");
        return env != null && !env.isBlank() ? Path.of(env) : projectRoot().resolve(".venv");
    }

    /**
     * The project environment's python, which imports nbclient, nbconvert, nbformat and jupyter_client; an
     * {@link AssertionError} saying how to create it when it is missing.
     */
    public static Path requirePython() {
        Path python = venv().resolve("bin/python");
        if (Files.isExecutable(python)) {
            Result r = exec(List.of(python.toString(), "-c", "import nbclient, nbconvert, nbformat, jupyter_client"),
                    Path.of(""), Map.of(), Duration.ofSeconds(60));
            if (r.exitCode() == 0) {
                return python;
            }
        }
        throw new AssertionError("Jupyter (nbclient + nbconvert) is needed for this test but " + python
                + " cannot import it: " + SETUP_HINT);
    }

    private static Map<String, String> testKernelEnv;

    /**
     * The environment for running notebooks in tests, set up once per JVM: {@code setup.sh --no-build} installs the
     * {@code facecal} kernelspec into {@code target/it-jupyter} ({@code JUPYTER_DATA_DIR}, not the user's) for the
     * jar {@code mvn package} just built; the data mirror is the shared folder beside the project.
     */
    public static synchronized Map<String, String> testKernelEnv() {
        if (testKernelEnv == null) {
            requirePython();
            Path root = projectRoot();
            Map<String, String> e = new java.util.HashMap<>();
            e.put("JUPYTER_DATA_DIR", root.resolve("target/it-jupyter").toString());
            // jupyter_core 5 prefers the environment's share/jupyter over the user's data folder inside a venv:
            // the tests' kernelspec in JUPYTER_DATA_DIR must win over one that ./facecal lab put into .venv
            e.put("JUPYTER_PREFER_ENV_PATH", "0");
            e.put("FACECAL_DATA_MIRROR", dev.facecal.Fixtures.shared().resolve("datasets/deepface-unit").toString());
            Result r = setup(e, Duration.ofMinutes(5), "--no-build");
            if (r.exitCode() != 0 || !r.output().contains("kernelspec 'facecal'")) {
                throw new AssertionError("environment/setup.sh failed:\n" + r.output());
            }
            testKernelEnv = Map.copyOf(e);
        }
        return testKernelEnv;
    }

    /**
     * Runs {@code environment/setup.sh ARGS} with {@code env} added to the environment.
     */
    public static Result setup(Map<String, String> env, Duration timeout, String... args) {
        Path root = projectRoot();
        List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("environment/setup.sh").toString()));
        cmd.addAll(List.of(args));
        return exec(cmd, root, env, timeout);
    }

    /**
     * Runs {@code environment/run-notebooks.py --out OUT [EXTRA...] NOTEBOOK...} with {@code env} added to the
     * environment.
     */
    public static Result run(Path out, List<Path> notebooks, Map<String, String> env, Duration timeout,
                             String... extra) {
        Path root = projectRoot();
        List<String> cmd = new ArrayList<>(List.of(requirePython().toString(),
                root.resolve("environment/run-notebooks.py").toString(), "--out", out.toAbsolutePath().toString()));
        cmd.addAll(List.of(extra));
        notebooks.forEach(n -> cmd.add(n.toAbsolutePath().toString()));
        return exec(cmd, root, env, timeout);
    }

    /** Runs {@code command} in {@code dir}; stdout and stderr together; killed (with its children) at timeout. */
    public static Result exec(List<String> command, Path dir, Map<String, String> env, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toAbsolutePath().toFile())
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout
                        + "; output so far:\n" + output.getNow(""));
            }
            return new Result(p.exitValue(), output.get(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------ reading

    /** Reads an executed notebook. */
    public static Notebook read(Path ipynb) {
        JsonNode root;
        try {
            root = JSON.readTree(ipynb.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ipynb, e);
        }
        List<Cell> cells = new ArrayList<>();
        int index = 0;
        for (JsonNode c : root.path("cells")) {
            List<Output> outputs = new ArrayList<>();
            for (JsonNode o : c.path("outputs")) {
                Map<String, String> data = new LinkedHashMap<>();
                o.path("data").properties().forEach(e -> data.put(e.getKey(), multiline(e.getValue())));
                List<String> traceback = new ArrayList<>();
                o.path("traceback").forEach(t -> traceback.add(t.asText()));
                outputs.add(new Output(o.path("output_type").asText(), textOrNull(o, "name"),
                        o.has("text") ? multiline(o.path("text")) : null, Map.copyOf(data),
                        textOrNull(o, "ename"), textOrNull(o, "evalue"), List.copyOf(traceback)));
            }
            JsonNode count = c.path("execution_count");
            cells.add(new Cell(index++, c.path("cell_type").asText(), multiline(c.path("source")),
                    count.isNumber() ? count.asInt() : null, List.copyOf(outputs)));
        }
        return new Notebook(root.path("metadata").path("kernelspec").path("name").asText(null), List.copyOf(cells));
    }

    /** nbformat's multiline strings: a string or a list of strings to concatenate; JSON data as its text. */
    private static String multiline(JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isArray()) {
            StringBuilder sb = new StringBuilder();
            node.forEach(n -> sb.append(n.asText()));
            return sb.toString();
        }
        return node.isMissingNode() || node.isNull() ? "" : node.toString();
    }

    private static String textOrNull(JsonNode node, String field) {
        return node.has(field) && !node.path(field).isNull() ? node.path(field).asText() : null;
    }
}
