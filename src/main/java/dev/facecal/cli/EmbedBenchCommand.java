package dev.facecal.cli;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.facecal.FacecalException;
import dev.facecal.calibrate.Interval;
import dev.facecal.embed.FaceModel;
import dev.facecal.embed.ModelSpec;
import dev.facecal.embed.Preprocess;
import dev.facecal.models.InstalledModel;
import dev.facecal.models.ModelStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code facecal bench-embed}: speed of a face-embedding model on ONNX Runtime ({@link FaceModel#embed}) at several
 * batch sizes and thread counts, on deterministic synthetic face images; with {@code --reference}, in the same run
 * and on the same pixels, face-api's tfjs {@code wasm} and {@code cpu} backends ({@code reference/faceapi/bench.js}),
 * with the descriptors of both sides compared. It also counts the model's multiply-adds from the ONNX graph and
 * relates the achieved FLOP rate to the machine's peak (assumed from {@code /proc/cpuinfo}, and measured with a large
 * ONNX Runtime SGEMM). Speed is measured, not asserted: nothing here fails on a slow time.
 */
@Command(name = "bench-embed", mixinStandardHelpOptions = true,
        description = {"Benchmark face embedding: faces/s and per-call latency (median, p90) of an installed model on "
                + "ONNX Runtime at each batch size and thread count, on seeded synthetic face images; the model's "
                + "FLOPs counted from its ONNX graph and the fraction of the CPU's peak reached. With --reference "
                + "(dlib only), face-api's tfjs wasm and cpu backends on the same pixels in the same run, the speed "
                + "ratio and the largest descriptor difference. Progress on stderr, results (markdown) on stdout."})
public final class EmbedBenchCommand implements Callable<Integer> {
    static final String BEGIN = "<!-- facecal bench-embed: begin generated results (rewritten by `facecal bench-embed --output`) -->";
    static final String END = "<!-- facecal bench-embed: end generated results -->";
    static final String HEADING = "## Embedding speed: dlib on ONNX Runtime against face-api (tfjs)";

    @Spec
    CommandSpec spec;

    @Option(names = "--model", defaultValue = "dlib", description = "installed model (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--models", paramLabel = "DIR", description = "model folder (default: $FACECAL_MODELS or ~/.cache/facecal/models)")
    Path models;

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

    @Option(names = "--reference", description = "also time face-api (tfjs wasm and cpu backends) in the same run")
    boolean reference;

    @Option(names = "--node", defaultValue = "node", paramLabel = "EXE", description = "Node.js (default: ${DEFAULT-VALUE})")
    String node;

    @Option(names = "--script", defaultValue = "reference/faceapi/bench.js", paramLabel = "FILE",
            description = "the face-api side (default: ${DEFAULT-VALUE})")
    Path script;

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

    private static volatile Object sink;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (images < 1) throw new FacecalException("--images must be at least 1, got " + images);
        if (repeats < 1) throw new FacecalException("--repeats must be at least 1, got " + repeats);
        if (warmup < 0) throw new FacecalException("--warmup must be at least 0, got " + warmup);
        List<Integer> bs = batches.stream().distinct().sorted().toList();
        for (int b : bs) {
            if (b < 1 || images % b != 0) {
                throw new FacecalException("--images " + images + " must be a multiple of every batch size; batch "
                        + b + " does not divide it");
            }
        }
        List<Integer> ts = threads.stream().distinct().toList();
        if (ts.stream().anyMatch(t -> t < 0)) throw new FacecalException("--threads must be 0 (all cores) or more");
        int cpuN = Math.min(cpuImages, images);
        for (int b : bs) {
            if (cpuN > 0 && cpuN % b != 0) {
                throw new FacecalException("--cpu-images " + cpuN + " must be a multiple of every batch size");
            }
        }
        if (reference && !"dlib".equals(model)) {
            throw new FacecalException("--reference compares with face-api, which runs the dlib model only");
        }
        if (reference && !Files.isRegularFile(script)) {
            throw new FacecalException(script + ": the face-api side of the benchmark is not there (run from the "
                    + "repository root or give --script)");
        }
        if (reference && !Files.isDirectory(script.toAbsolutePath().getParent().resolve("node_modules/@vladmandic/face-api"))) {
            throw new FacecalException(script.toAbsolutePath().getParent() + ": face-api is not installed; run `npm ci` "
                    + "there first");
        }
        PrintWriter err = spec.commandLine().getErr();
        ModelStore store = ModelStore.defaults(models);
        InstalledModel installed = store.installed(model).orElseThrow(() -> new FacecalException("model '" + model
                + "' is not installed in " + store.dir() + "; run ./facecal model install " + model));
        ModelSpec ms = installed.spec();
        Path onnx = store.onnx(model);

        Run run = new Run();
        run.spec = ms;
        run.batches = bs;
        run.cpuImages = cpuN;
        run.rgb = SyntheticFaces.generate(images, ms.width(), ms.height(), seed);
        run.tensors = new ArrayList<>();
        double[] pre = new double[images];
        for (int round = 0; round < 5; round++) { // the first rounds warm the JIT up; the last one is kept
            run.tensors.clear();
            for (int i = 0; i < images; i++) {
                long t0 = System.nanoTime();
                run.tensors.add(Preprocess.tensor(run.rgb[i], ms.width(), ms.height(), ms));
                pre[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        run.preprocessMs = pre;

        err.println("counting FLOPs of " + onnx);
        run.flops = FlopCount.of(onnx, ms);
        run.cpu = CpuInfo.read();
        err.println("measuring the clock");
        run.clockGhz = measureClockGhz();
        run.ortVersion = OrtEnvironment.getEnvironment().getVersion();
        run.optimisedGraph = optimisedGraph(onnx);

        if (gemm > 0) {
            for (int t : ts) run.gemm.put(t, measureGemm(gemm, t, err));
        }

        long[] cpu0 = cpuTimes();
        measureOrt(store, ts, bs, run, err);
        run.stealOrt = steal(cpu0, cpuTimes());
        if (gemm > 0) { // again after the model, keeping the best: a ceiling should not depend on one noisy second
            for (int t : ts) {
                double[] again = measureGemm(gemm, t, err);
                double[] first = run.gemm.get(t);
                run.gemm.put(t, new double[] {Math.max(first[0], again[0]), (first[1] + again[1]) / 2});
            }
        }
        if (variants) {
            cpu0 = cpuTimes();
            measureVariants(onnx, ms, ts, bs, run, err);
            run.stealVariants = steal(cpu0, cpuTimes());
        }

        if (reference) {
            Path tmp = Files.createTempDirectory("facecal-bench-embed");
            try {
                Path rgbFile = tmp.resolve("images.rgb");
                try (var out = Files.newOutputStream(rgbFile)) {
                    for (int[] img : run.rgb) {
                        byte[] b = new byte[img.length];
                        for (int k = 0; k < img.length; k++) b[k] = (byte) img[k];
                        out.write(b);
                    }
                }
                cpu0 = cpuTimes();
                run.js.put("wasm", runNode(run, rgbFile, tmp, "wasm", images, repeats, warmup, bs, err));
                run.stealWasm = steal(cpu0, cpuTimes());
                if (cpuN > 0) run.js.put("cpu", runNode(run, rgbFile, tmp, "cpu", cpuN, 1, 0, bs, err));
            } finally {
                try (Stream<Path> s = Files.list(tmp)) {
                    for (Path p : s.toList()) Files.deleteIfExists(p);
                }
                Files.deleteIfExists(tmp);
            }
        }

        String tables = render(run);
        PrintWriter out = spec.commandLine().getOut();
        out.print(tables);
        out.flush();
        if (output != null) {
            writeMarkdown(output, machine(run) + "\n" + tables);
            err.println("wrote " + output);
        }
        return 0;
    }

    // ------------------------------------------------------------------------------------------------
    // ONNX Runtime
    // ------------------------------------------------------------------------------------------------

    /** A timed configuration: all call times (ms) and the descriptors of the first timed pass. */
    static final class Timing {
        final String engine;
        final int threads, batch;
        final List<Double> callMs = new ArrayList<>();
        float[][] descriptors;
        int faces;

        Timing(String engine, int threads, int batch) {
            this.engine = engine;
            this.threads = threads;
            this.batch = batch;
        }

        double facesPerSecond() {
            return faces / (callMs.stream().mapToDouble(Double::doubleValue).sum() / 1000);
        }

        double[] calls() {
            return callMs.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    private interface Embedder extends AutoCloseable {
        float[][] embed(List<float[]> tensors);

        @Override
        void close();
    }

    private void measureOrt(ModelStore store, List<Integer> ts, List<Integer> bs, Run run, PrintWriter err) {
        Map<String, Embedder> embedders = new LinkedHashMap<>();
        Map<String, Timing> timings = new LinkedHashMap<>();
        try {
            for (int t : ts) {
                FaceModel m = store.open(model, t);
                Embedder e = new Embedder() {
                    public float[][] embed(List<float[]> tensors) {
                        return m.embed(tensors);
                    }

                    public void close() {
                        m.close();
                    }
                };
                embedders.put("t" + t, e);
                for (int b : bs) timings.put("t" + t + "/" + b, new Timing("onnxruntime", t, b));
            }
            timeInRounds(embedders, timings, run.tensors, "ONNX Runtime", err);
        } finally {
            embedders.values().forEach(Embedder::close);
        }
        run.ort.addAll(timings.values());
    }

    /**
     * Warm-up passes, then {@code repeats} rounds; each round runs one pass over the images for every embedder and
     * batch size, so slow phases of a shared machine spread over all configurations.
     */
    private void timeInRounds(Map<String, Embedder> embedders, Map<String, Timing> timings, List<float[]> tensors,
                              String what, PrintWriter err) {
        List<String> keys = new ArrayList<>(timings.keySet());
        Map<String, Embedder> byTiming = new HashMap<>();
        for (String k : keys) {
            // timing keys are "<embedder key>/<batch>"
            Embedder e = embedders.get(k.substring(0, k.lastIndexOf('/')));
            if (e == null) throw new IllegalStateException("no embedder for " + k + " in " + embedders.keySet());
            byTiming.put(k, e);
        }
        for (String k : keys) {
            Timing t = timings.get(k);
            for (int w = 0; w < warmup; w++) pass(byTiming.get(k), tensors, t.batch, null);
            err.printf(Locale.ROOT, "\r%s warm-up: %s\u001b[K", what, k);
            err.flush();
        }
        for (int r = 0; r < repeats; r++) {
            for (String k : keys) {
                Timing t = timings.get(k);
                float[][] d = pass(byTiming.get(k), tensors, t.batch, t);
                if (t.descriptors == null) t.descriptors = d;
                err.printf(Locale.ROOT, "\r%s round %d/%d: %s median %.2f ms per call\u001b[K", what, r + 1, repeats, k,
                        median(t.calls()));
                err.flush();
            }
        }
        err.println();
    }

    private static float[][] pass(Embedder e, List<float[]> tensors, int batch, Timing into) {
        float[][] all = new float[tensors.size()][];
        for (int i = 0; i < tensors.size(); i += batch) {
            List<float[]> chunk = tensors.subList(i, i + batch);
            long t0 = System.nanoTime();
            float[][] d = e.embed(chunk);
            long t1 = System.nanoTime();
            if (into != null) {
                into.callMs.add((t1 - t0) / 1e6);
                into.faces += batch;
            }
            System.arraycopy(d, 0, all, i, batch);
        }
        sink = all;
        return all;
    }

    /** ONNX Runtime session variants on the same model, for the investigation table. */
    private void measureVariants(Path onnx, ModelSpec ms, List<Integer> ts, List<Integer> bs, Run run, PrintWriter err) {
        record Variant(String name, OptLevel level, ExecutionMode mode, boolean spin, boolean reuseInput) {}
        List<Variant> vs = List.of(
                new Variant("ALL_OPT, sequential (as FaceModel), input copied per call", OptLevel.ALL_OPT,
                        ExecutionMode.SEQUENTIAL, true, false),
                new Variant("ALL_OPT, input allocated once (direct buffer, one OnnxTensor reused)", OptLevel.ALL_OPT,
                        ExecutionMode.SEQUENTIAL, true, true),
                new Variant("EXTENDED_OPT (no NCHWc layout transform)", OptLevel.EXTENDED_OPT, ExecutionMode.SEQUENTIAL,
                        true, false),
                new Variant("BASIC_OPT (constant folding, Conv+Add/Mul fusion)", OptLevel.BASIC_OPT,
                        ExecutionMode.SEQUENTIAL, true, false),
                new Variant("NO_OPT (graph as converted)", OptLevel.NO_OPT, ExecutionMode.SEQUENTIAL, true, false),
                new Variant("ALL_OPT, PARALLEL execution mode", OptLevel.ALL_OPT, ExecutionMode.PARALLEL, true, false),
                new Variant("ALL_OPT, spinning off", OptLevel.ALL_OPT, ExecutionMode.SEQUENTIAL, false, false));
        Map<String, Embedder> embedders = new LinkedHashMap<>();
        Map<String, Timing> timings = new LinkedHashMap<>();
        try {
            for (int t : ts) {
                for (int v = 0; v < vs.size(); v++) {
                    Variant var = vs.get(v);
                    String key = "v" + v + "t" + t;
                    embedders.put(key, RawSession.open(onnx, ms, t, var.level, var.mode, var.spin, var.reuseInput));
                    for (int b : bs) timings.put(key + "/" + b, new Timing(var.name, t, b));
                }
            }
            timeInRounds(embedders, timings, run.tensors, "variants", err);
        } finally {
            embedders.values().forEach(Embedder::close);
        }
        run.variants.addAll(timings.values());
    }

    /** A session opened with explicit options, optionally feeding one pre-allocated direct input tensor. */
    private static final class RawSession implements Embedder {
        private final OrtEnvironment env = OrtEnvironment.getEnvironment();
        private final OrtSession session;
        private final ModelSpec spec;
        private final boolean reuse;
        private final Map<Integer, OnnxTensor> inputs = new HashMap<>();
        private final Map<Integer, FloatBuffer> buffers = new HashMap<>();

        private RawSession(OrtSession session, ModelSpec spec, boolean reuse) {
            this.session = session;
            this.spec = spec;
            this.reuse = reuse;
        }

        static RawSession open(Path onnx, ModelSpec spec, int threads, OptLevel level, ExecutionMode mode, boolean spin,
                               boolean reuse) {
            try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
                if (threads > 0) {
                    o.setIntraOpNumThreads(threads);
                    o.setInterOpNumThreads(1);
                }
                o.setOptimizationLevel(level);
                o.setExecutionMode(mode);
                if (!spin) o.addConfigEntry("session.intra_op.allow_spinning", "0");
                return new RawSession(OrtEnvironment.getEnvironment().createSession(onnx.toString(), o), spec, reuse);
            } catch (OrtException e) {
                throw new FacecalException(onnx + ": cannot open with ONNX Runtime: " + e.getMessage(), e);
            }
        }

        @Override
        public float[][] embed(List<float[]> tensors) {
            int n = tensors.size();
            int per = spec.width() * spec.height() * 3;
            long[] shape = {n, spec.height(), spec.width(), 3};
            try {
                OnnxTensor input;
                if (reuse) {
                    FloatBuffer buf = buffers.computeIfAbsent(n, k -> ByteBuffer.allocateDirect(k * per * 4)
                            .order(ByteOrder.nativeOrder()).asFloatBuffer());
                    buf.clear();
                    for (float[] t : tensors) buf.put(t);
                    buf.rewind();
                    input = inputs.get(n);
                    if (input == null) {
                        input = OnnxTensor.createTensor(env, buf, shape); // wraps the direct buffer: no copy
                        inputs.put(n, input);
                    }
                    try (OrtSession.Result r = session.run(Map.of(spec.inputName(), input))) {
                        return (float[][]) r.get(spec.outputName()).orElseThrow().getValue();
                    }
                }
                FloatBuffer buf = FloatBuffer.allocate(per * n);
                for (float[] t : tensors) buf.put(t);
                buf.flip();
                try (OnnxTensor in = OnnxTensor.createTensor(env, buf, shape);
                     OrtSession.Result r = session.run(Map.of(spec.inputName(), in))) {
                    return (float[][]) r.get(spec.outputName()).orElseThrow().getValue();
                }
            } catch (OrtException e) {
                throw new FacecalException("inference failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            inputs.values().forEach(OnnxTensor::close);
            try {
                session.close();
            } catch (OrtException e) {
                // nothing to recover
            }
        }
    }

    /** Node types of the graph ONNX Runtime runs after ALL_OPT (saved with setOptimizedModelFilePath). */
    private static Map<String, Integer> optimisedGraph(Path onnx) throws IOException {
        Path tmp = Files.createTempFile("facecal-optimised", ".onnx");
        try {
            try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
                o.setOptimizationLevel(OptLevel.ALL_OPT);
                o.setIntraOpNumThreads(1);
                o.setOptimizedModelFilePath(tmp.toString());
                OrtEnvironment.getEnvironment().createSession(onnx.toString(), o).close();
            } catch (OrtException e) {
                return Map.of();
            }
            ModelProto m = ModelProto.parseFrom(Files.readAllBytes(tmp));
            Map<String, Integer> ops = new TreeMap<>();
            for (NodeProto n : m.getGraph().getNodeList()) {
                String name = (n.getDomain().isEmpty() ? "" : n.getDomain() + ":") + n.getOpType();
                for (AttributeProto a : n.getAttributeList()) {
                    if (a.getName().equals("activation")) name += "+" + a.getS().toStringUtf8();
                }
                ops.merge(name, 1, Integer::sum);
            }
            return ops;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** GFLOP/s of an n x n x n float32 MatMul in ONNX Runtime (MLAS SGEMM): best and median of 10 calls after 2. */
    private static double[] measureGemm(int n, int threads, PrintWriter err) {
        err.printf(Locale.ROOT, "SGEMM %dx%dx%d with %s thread(s)%n", n, n, n, threads == 0 ? "all" : threads);
        err.flush();
        SplittableRandom r = new SplittableRandom(1);
        ByteBuffer b = ByteBuffer.allocate(n * n * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n * n; i++) b.putFloat((float) (r.nextDouble() - 0.5));
        b.flip();
        TypeProto.Builder type = TypeProto.newBuilder();
        type.getTensorTypeBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber())
                .setShape(TensorShapeProto.newBuilder()
                        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(n))
                        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(n)));
        GraphProto g = GraphProto.newBuilder().setName("sgemm")
                .addInput(ValueInfoProto.newBuilder().setName("a").setType(type))
                .addOutput(ValueInfoProto.newBuilder().setName("c").setType(type))
                .addInitializer(TensorProto.newBuilder().setName("b").setDataType(TensorProto.DataType.FLOAT.getNumber())
                        .addDims(n).addDims(n).setRawData(ByteString.copyFrom(b)))
                .addNode(NodeProto.newBuilder().setOpType("MatMul").setName("mm").addInput("a").addInput("b").addOutput("c"))
                .build();
        ModelProto m = ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13)).build();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            if (threads > 0) {
                o.setIntraOpNumThreads(threads);
                o.setInterOpNumThreads(1);
            }
            o.setOptimizationLevel(OptLevel.ALL_OPT);
            try (OrtSession s = env.createSession(m.toByteArray(), o)) {
                FloatBuffer a = ByteBuffer.allocateDirect(n * n * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
                for (int i = 0; i < n * n; i++) a.put((float) (r.nextDouble() - 0.5));
                a.rewind();
                try (OnnxTensor in = OnnxTensor.createTensor(env, a, new long[] {n, n})) {
                    double[] gflops = new double[12];
                    for (int i = 0; i < gflops.length; i++) {
                        long t0 = System.nanoTime();
                        try (OrtSession.Result res = s.run(Map.of("a", in))) {
                            sink = res;
                        }
                        gflops[i] = 2.0 * n * n * n / (System.nanoTime() - t0);
                    }
                    double[] timed = Arrays.copyOfRange(gflops, 2, gflops.length);
                    return new double[] {Arrays.stream(timed).max().orElseThrow(), median(timed)};
                }
            }
        } catch (OrtException e) {
            throw new FacecalException("SGEMM measurement failed: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // face-api (Node)
    // ------------------------------------------------------------------------------------------------

    private Timing[] runNode(Run run, Path rgbFile, Path tmp, String backend, int n, int reps, int warm, List<Integer> bs,
                             PrintWriter err) throws IOException, InterruptedException {
        Path result = tmp.resolve("faceapi-" + backend + ".json");
        List<String> cmd = List.of(node, script.toAbsolutePath().toString(), "--input", rgbFile.toString(),
                "--count", String.valueOf(images), "--images", String.valueOf(n),
                "--width", String.valueOf(run.spec.width()), "--height", String.valueOf(run.spec.height()),
                "--backend", backend, "--batches", bs.stream().map(String::valueOf).collect(Collectors.joining(",")),
                "--repeats", String.valueOf(reps), "--warmup", String.valueOf(warm), "--out", result.toString());
        err.println("face-api, tfjs " + backend + ": " + String.join(" ", cmd));
        err.flush();
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new FacecalException("cannot start " + node + " (" + e.getMessage() + "); install Node 18 or later or "
                    + "give --node", e);
        }
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new FacecalException("the face-api side (" + backend + ") did not finish in 30 minutes");
        }
        if (p.exitValue() != 0) {
            throw new FacecalException("the face-api side (" + backend + ") failed with exit status " + p.exitValue()
                    + " (its error is above)");
        }
        JsonNode j = new ObjectMapper().readTree(result.toFile());
        run.jsInfo.put(backend, j);
        Timing[] out = new Timing[bs.size()];
        for (int k = 0; k < bs.size(); k++) {
            int b = bs.get(k);
            JsonNode bj = j.path("batches").path(String.valueOf(b));
            Timing t = new Timing("tfjs-" + backend, 1, b);
            for (JsonNode v : bj.path("callMs")) t.callMs.add(v.asDouble());
            t.faces = t.callMs.size() * b;
            JsonNode d = bj.path("descriptors");
            t.descriptors = new float[d.size()][];
            for (int i = 0; i < d.size(); i++) {
                JsonNode row = d.get(i);
                t.descriptors[i] = new float[row.size()];
                for (int c = 0; c < row.size(); c++) t.descriptors[i][c] = (float) row.get(c).asDouble();
            }
            out[k] = t;
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------
    // state
    // ------------------------------------------------------------------------------------------------

    private static final class Run {
        ModelSpec spec;
        List<Integer> batches;
        int cpuImages;
        int[][] rgb;
        List<float[]> tensors;
        double[] preprocessMs;
        FlopCount flops;
        CpuInfo cpu;
        double clockGhz;
        double stealOrt = Double.NaN, stealVariants = Double.NaN, stealWasm = Double.NaN;
        String ortVersion;
        Map<String, Integer> optimisedGraph;
        final Map<Integer, double[]> gemm = new LinkedHashMap<>();
        final List<Timing> ort = new ArrayList<>();
        final List<Timing> variants = new ArrayList<>();
        final Map<String, Timing[]> js = new LinkedHashMap<>();
        final Map<String, JsonNode> jsInfo = new LinkedHashMap<>();
    }

    // ------------------------------------------------------------------------------------------------
    // synthetic images
    // ------------------------------------------------------------------------------------------------

    /**
     * Deterministic synthetic face crops (integer arithmetic only): image i is face-api's "face" fixture pattern
     * (reference/faceapi/README.md) shifted by {@code (dx, dy)}, with a per-image skin tone and integer-hash noise.
     */
    static final class SyntheticFaces {
        static final String FORMULA = "image i: dx = (i + s) mod 7 - 3, dy = ((i + s) / 7) mod 7 - 3, tone = (37 (i + s)) "
                + "mod 61 - 30; X = x - dx, Y = y - dy; background (40 + Y/3, 60 + X/5, 90); face where "
                + "3844 (X-75)^2 + 2500 (Y-78)^2 <= 9610000: (224 - Y/4 + tone, 172 - Y/4 + tone, 140 - Y/4 + tone); "
                + "nose 72<=X<=78, 70<=Y<=95: (200,150,120); eyes (X-55)^2+(Y-62)^2 <= 49 or (X-95)^2+(Y-62)^2 <= 49: "
                + "(40,30,30); mouth |X-75|<=20, |Y-108|<=4: (150,60,70); later rules win; then + (h mod 21) - 10 with "
                + "h = (73856093 x XOR 19349663 y XOR 83492791 (c + 3 i)) AND 0x7fffffff (32-bit ints), clamped to 0..255; "
                + "s = seed, / = floor division";

        static int[][] generate(int n, int w, int h, int seed) {
            int[][] out = new int[n][];
            for (int i = 0; i < n; i++) {
                int k = i + seed;
                int dx = Math.floorMod(k, 7) - 3, dy = Math.floorMod(Math.floorDiv(k, 7), 7) - 3;
                int tone = Math.floorMod(37 * k, 61) - 30;
                int[] rgb = new int[w * h * 3];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int[] v = face(x - dx, y - dy, tone);
                        for (int c = 0; c < 3; c++) {
                            int hash = ((73856093 * x) ^ (19349663 * y) ^ (83492791 * (c + 3 * i))) & 0x7fffffff;
                            rgb[(y * w + x) * 3 + c] = Math.clamp(v[c] + hash % 21 - 10, 0, 255);
                        }
                    }
                }
                out[i] = rgb;
            }
            return out;
        }

        private static int[] face(int x, int y, int tone) {
            int[] v = {40 + Math.floorDiv(y, 3), 60 + Math.floorDiv(x, 5), 90};
            if (3844L * (x - 75) * (x - 75) + 2500L * (y - 78) * (y - 78) <= 9610000L) {
                int d = Math.floorDiv(y, 4);
                v = new int[] {224 - d + tone, 172 - d + tone, 140 - d + tone};
            }
            if (x >= 72 && x <= 78 && y >= 70 && y <= 95) v = new int[] {200, 150, 120};
            if ((x - 55) * (x - 55) + (y - 62) * (y - 62) <= 49 || (x - 95) * (x - 95) + (y - 62) * (y - 62) <= 49) {
                v = new int[] {40, 30, 30};
            }
            if (Math.abs(x - 75) <= 20 && Math.abs(y - 108) <= 4) v = new int[] {150, 60, 70};
            return v;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // FLOPs from the ONNX graph
    // ------------------------------------------------------------------------------------------------

    /**
     * Multiply-adds of a model at batch 1, from its ONNX graph: shapes are propagated from the input through every
     * node; Conv counts {@code N*Cout*Hout*Wout*(Cin/group)*kh*kw} MACs, MatMul/Gemm {@code M*K*N}; elementwise ops,
     * pooling and reductions count one operation per element touched (per window element for pooling).
     */
    static final class FlopCount {
        /** per op type: nodes, MACs (conv/matmul), other operations. */
        final Map<String, long[]> byOp = new TreeMap<>();
        long macs, otherOps, parameters;
        String problem;

        double gflops() {
            return (2.0 * macs + otherOps) / 1e9;
        }

        double gflopsMacsOnly() {
            return 2.0 * macs / 1e9;
        }

        static FlopCount of(Path onnx, ModelSpec spec) throws IOException {
            ModelProto m = ModelProto.parseFrom(Files.readAllBytes(onnx));
            FlopCount f = new FlopCount();
            GraphProto g = m.getGraph();
            Map<String, long[]> shapes = new HashMap<>();
            Map<String, TensorProto> init = new HashMap<>();
            for (TensorProto t : g.getInitializerList()) {
                init.put(t.getName(), t);
                shapes.put(t.getName(), t.getDimsList().stream().mapToLong(Long::longValue).toArray());
                f.parameters += t.getDimsList().stream().mapToLong(Long::longValue).reduce(1, (a, b) -> a * b);
            }
            shapes.put(spec.inputName(), "NHWC".equals(spec.layout()) ? new long[] {1, spec.height(), spec.width(), 3}
                    : new long[] {1, 3, spec.height(), spec.width()});
            for (NodeProto n : g.getNodeList()) {
                try {
                    f.visit(n, shapes, init);
                } catch (RuntimeException e) {
                    f.problem = "cannot follow shapes through " + n.getOpType() + " node '" + n.getName() + "' ("
                            + e.getMessage() + ")";
                    return f;
                }
            }
            return f;
        }

        private void add(String op, long macs, long other) {
            long[] a = byOp.computeIfAbsent(op, k -> new long[3]);
            a[0]++;
            a[1] += macs;
            a[2] += other;
            this.macs += macs;
            this.otherOps += other;
        }

        private static long size(long[] s) {
            long p = 1;
            for (long v : s) p *= v;
            return p;
        }

        private static long[] ints(NodeProto n, String name, long[] def) {
            for (AttributeProto a : n.getAttributeList()) {
                if (a.getName().equals(name)) return a.getIntsList().stream().mapToLong(Long::longValue).toArray();
            }
            return def;
        }

        private static long integer(NodeProto n, String name, long def) {
            for (AttributeProto a : n.getAttributeList()) if (a.getName().equals(name)) return a.getI();
            return def;
        }

        private static long[] int64s(TensorProto t) {
            if (t.getInt64DataCount() > 0) return t.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
            ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            long[] v = new long[b.remaining() / 8];
            for (int i = 0; i < v.length; i++) v[i] = b.getLong();
            return v;
        }

        private static long[] broadcast(long[] a, long[] b) {
            int r = Math.max(a.length, b.length);
            long[] o = new long[r];
            for (int i = 0; i < r; i++) {
                long x = i - (r - a.length) >= 0 ? a[i - (r - a.length)] : 1;
                long y = i - (r - b.length) >= 0 ? b[i - (r - b.length)] : 1;
                if (x != y && x != 1 && y != 1) throw new IllegalArgumentException("shapes do not broadcast");
                o[i] = Math.max(x, y);
            }
            return o;
        }

        /** Output size of a sliding window along one axis (auto_pad NOTSET). */
        private static long window(long in, long k, long stride, long padBegin, long padEnd, long dilation) {
            return (in + padBegin + padEnd - ((k - 1) * dilation + 1)) / stride + 1;
        }

        private void visit(NodeProto n, Map<String, long[]> shapes, Map<String, TensorProto> init) {
            List<long[]> in = new ArrayList<>();
            for (String name : n.getInputList()) {
                if (name.isEmpty()) {
                    in.add(null);
                    continue;
                }
                long[] s = shapes.get(name);
                if (s == null) throw new IllegalArgumentException("unknown shape of " + name);
                in.add(s);
            }
            String op = n.getOpType();
            long[] out;
            switch (op) {
                case "Conv" -> {
                    long[] x = in.get(0), w = in.get(1);
                    int sp = x.length - 2;
                    long[] strides = ints(n, "strides", filled(sp, 1));
                    long[] dil = ints(n, "dilations", filled(sp, 1));
                    long[] pads = ints(n, "pads", filled(2 * sp, 0));
                    long group = integer(n, "group", 1);
                    out = new long[x.length];
                    out[0] = x[0];
                    out[1] = w[0];
                    long k = 1;
                    for (int i = 0; i < sp; i++) {
                        out[2 + i] = window(x[2 + i], w[2 + i], strides[i], pads[i], pads[sp + i], dil[i]);
                        k *= w[2 + i];
                    }
                    add(op, size(out) * (x[1] / group) * k, in.size() > 2 ? size(out) : 0);
                }
                case "MatMul" -> {
                    long[] a = in.get(0), b = in.get(1);
                    long[] batch = broadcast(Arrays.copyOf(a, a.length - 2), Arrays.copyOf(b, b.length - 2));
                    out = Arrays.copyOf(batch, batch.length + 2);
                    out[batch.length] = a[a.length - 2];
                    out[batch.length + 1] = b[b.length - 1];
                    add(op, size(batch) * a[a.length - 2] * a[a.length - 1] * b[b.length - 1], 0);
                }
                case "Gemm" -> {
                    long[] a = in.get(0), b = in.get(1);
                    boolean ta = integer(n, "transA", 0) != 0, tb = integer(n, "transB", 0) != 0;
                    long mm = ta ? a[1] : a[0], kk = ta ? a[0] : a[1], nn = tb ? b[0] : b[1];
                    out = new long[] {mm, nn};
                    add(op, mm * kk * nn, in.size() > 2 ? mm * nn : 0);
                }
                case "Add", "Sub", "Mul", "Div", "Max", "Min", "Pow" -> {
                    out = broadcast(in.get(0), in.get(1));
                    add(op, 0, size(out));
                }
                case "Relu", "Sigmoid", "Tanh", "Sqrt", "Exp", "LeakyRelu", "PRelu", "Clip", "Softmax", "Neg", "Abs",
                        "BatchNormalization" -> {
                    out = in.get(0).clone();
                    add(op, 0, size(out) * (op.equals("BatchNormalization") ? 2 : 1));
                }
                case "Identity", "Dropout", "Cast" -> {
                    out = in.get(0).clone();
                    add(op, 0, 0);
                }
                case "Transpose" -> {
                    long[] x = in.get(0);
                    long[] perm = ints(n, "perm", null);
                    out = new long[x.length];
                    for (int i = 0; i < x.length; i++) out[i] = x[perm == null ? x.length - 1 - i : (int) perm[i]];
                    add(op, 0, 0);
                }
                case "MaxPool", "AveragePool" -> {
                    long[] x = in.get(0);
                    long[] k = ints(n, "kernel_shape", null);
                    int sp = k.length;
                    long[] strides = ints(n, "strides", filled(sp, 1));
                    long[] pads = ints(n, "pads", filled(2 * sp, 0));
                    out = x.clone();
                    long win = 1;
                    for (int i = 0; i < sp; i++) {
                        out[2 + i] = window(x[2 + i], k[i], strides[i], pads[i], pads[sp + i], 1);
                        win *= k[i];
                    }
                    add(op, 0, size(out) * win);
                }
                case "GlobalAveragePool", "GlobalMaxPool" -> {
                    long[] x = in.get(0);
                    out = x.clone();
                    for (int i = 2; i < out.length; i++) out[i] = 1;
                    add(op, 0, size(x));
                }
                case "ReduceMean", "ReduceSum", "ReduceMax", "ReduceL2" -> {
                    long[] x = in.get(0);
                    long[] axes = ints(n, "axes", null);
                    if (axes == null && in.size() > 1 && init.containsKey(n.getInput(1))) axes = int64s(init.get(n.getInput(1)));
                    boolean keep = integer(n, "keepdims", 1) != 0;
                    List<Long> o = new ArrayList<>();
                    for (int i = 0; i < x.length; i++) {
                        final int ax = i;
                        boolean reduced = axes == null || Arrays.stream(axes).anyMatch(a -> (a < 0 ? a + x.length : a) == ax);
                        if (!reduced) o.add(x[i]);
                        else if (keep) o.add(1L);
                    }
                    out = o.stream().mapToLong(Long::longValue).toArray();
                    add(op, 0, size(x));
                }
                case "Pad" -> {
                    long[] x = in.get(0);
                    long[] pads = in.size() > 1 && init.containsKey(n.getInput(1)) ? int64s(init.get(n.getInput(1)))
                            : ints(n, "pads", null);
                    out = x.clone();
                    for (int i = 0; i < x.length; i++) out[i] += pads[i] + pads[x.length + i];
                    add(op, 0, 0);
                }
                case "Flatten" -> {
                    long[] x = in.get(0);
                    int axis = (int) integer(n, "axis", 1);
                    if (axis < 0) axis += x.length;
                    out = new long[] {size(Arrays.copyOf(x, axis)), size(Arrays.copyOfRange(x, axis, x.length))};
                    add(op, 0, 0);
                }
                case "Reshape" -> {
                    long[] x = in.get(0);
                    long[] target = int64s(init.get(n.getInput(1)));
                    out = target.clone();
                    long known = 1;
                    int minus = -1;
                    for (int i = 0; i < out.length; i++) {
                        if (out[i] == 0) out[i] = x[i];
                        if (out[i] == -1) minus = i;
                        else known *= out[i];
                    }
                    if (minus >= 0) out[minus] = size(x) / known;
                    add(op, 0, 0);
                }
                case "Concat" -> {
                    int axis = (int) integer(n, "axis", 0);
                    out = in.get(0).clone();
                    if (axis < 0) axis += out.length;
                    for (int i = 1; i < in.size(); i++) out[axis] += in.get(i)[axis];
                    add(op, 0, 0);
                }
                case "LpNormalization" -> {
                    out = in.get(0).clone();
                    add(op, 0, 3 * size(out));
                }
                default -> throw new IllegalArgumentException("op " + op + " is not modelled");
            }
            for (String o : n.getOutputList()) shapes.put(o, out);
        }

        private static long[] filled(int n, long v) {
            long[] a = new long[n];
            Arrays.fill(a, v);
            return a;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // the machine
    // ------------------------------------------------------------------------------------------------

    /** What /proc/cpuinfo says, and the peak float32 rate assumed from it. */
    record CpuInfo(String model, String family, int cores, double mhz, boolean avx512, boolean avx2, boolean fma,
                   String vectorFlags) {
        static CpuInfo read() {
            Map<String, String> first = new LinkedHashMap<>();
            int processors = 0;
            try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
                for (String l : lines.toList()) {
                    int c = l.indexOf(':');
                    if (c < 0) continue;
                    String k = l.substring(0, c).trim(), v = l.substring(c + 1).trim();
                    if (k.equals("processor")) processors++;
                    first.putIfAbsent(k, v);
                }
            } catch (IOException | RuntimeException e) {
                // not Linux: fall back below
            }
            int cores = processors > 0 ? processors : Runtime.getRuntime().availableProcessors();
            List<String> flags = Arrays.asList(first.getOrDefault("flags", "").split("\\s+"));
            String vf = flags.stream().filter(f -> f.equals("fma") || f.equals("avx2") || f.equals("avx512f")
                    || f.equals("avx512_bf16") || f.equals("avx512_vnni") || f.equals("avx_vnni") || f.equals("amx_tile"))
                    .collect(Collectors.joining(" "));
            double mhz = 0;
            try {
                mhz = Double.parseDouble(first.getOrDefault("cpu MHz", "0"));
            } catch (NumberFormatException e) {
                // unknown
            }
            return new CpuInfo(first.getOrDefault("model name", System.getProperty("os.arch")),
                    "family " + first.getOrDefault("cpu family", "?") + ", model " + first.getOrDefault("model", "?")
                            + ", " + first.getOrDefault("vendor_id", "?"),
                    cores, mhz, flags.contains("avx512f"), flags.contains("avx2"), flags.contains("fma"), vf);
        }

        int lanes() {
            return avx512 ? 16 : avx2 ? 8 : 4;
        }

        /** float32 FLOPs per cycle of one core, assuming 2 FMA pipes as wide as the widest vector flag. */
        int flopsPerCycle() {
            return 2 * lanes() * (fma ? 2 : 1);
        }

        /** Assumed peak GFLOP/s of one core at {@code ghz}. */
        double peakPerCore(double ghz) {
            return flopsPerCycle() * ghz;
        }

        String simd() {
            return avx512 ? "AVX-512" : avx2 ? "AVX2" : "SSE";
        }
    }

    /**
     * The clock a core really runs at under load, in GHz: a dependent chain {@code x = x * C + 11} on longs costs
     * 4 cycles per step on current x86 cores (64-bit imul latency 3, add 1), so steps/s x 4 is cycles/s. The best of
     * 7 runs of 50 M steps (the first ones include JIT compilation; interference only slows a run down).
     */
    static double measureClockGhz() {
        double best = 0;
        for (int k = 0; k < 7; k++) {
            long x = k;
            long n = 50_000_000L;
            long t0 = System.nanoTime();
            for (long i = 0; i < n; i++) x = x * 0x5DEECE66DL + 11;
            long t = System.nanoTime() - t0;
            sink = x;
            best = Math.max(best, n * 4.0 / t);
        }
        return best;
    }

    // ------------------------------------------------------------------------------------------------
    // rendering
    // ------------------------------------------------------------------------------------------------

    private String threadsLabel(int t) {
        return t == 0 ? Runtime.getRuntime().availableProcessors() + " (all cores, ORT default)" : String.valueOf(t);
    }

    private int coresUsed(int t) {
        return t == 0 ? Runtime.getRuntime().availableProcessors() : t;
    }

    private String render(Run run) {
        StringBuilder sb = new StringBuilder();
        Timing[] wasm = run.js.get("wasm");
        Timing[] cpu = run.js.get("cpu");
        double flopsPerFace = run.flops.problem == null ? run.flops.gflops() * 1e9 : Double.NaN;

        sb.append("### Throughput and latency\n\n");
        sb.append(String.format(Locale.ROOT, "%d synthetic %dx%d face images (seed %d), %d timed pass(es) over them per "
                        + "configuration after %d warm-up pass(es), passes interleaved in rounds. `faces/s` = faces / "
                        + "total time of the timed calls (`at median call`: batch / median call time); latency = one `embed` call (a whole batch); per face = call / "
                        + "batch. ONNX Runtime: `FaceModel.embed` on preprocessed tensors (preprocessing a 150x150 crop, "
                        + "`Preprocess.tensor`, takes a median %.3f ms per face more, listed apart). face-api: one "
                        + "`computeFaceDescriptor` call, its own cast and normalisation included. `vs wasm` = faces/s "
                        + "over tfjs-wasm's at the same batch size.\n\n",
                images, run.spec.width(), run.spec.height(), seed, repeats, warmup, median(run.preprocessMs)));
        sb.append("| engine | threads | batch | faces/s | faces/s at median call | call median ms | call p90 ms | "
                + "per face median ms | GFLOP/s | vs wasm |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<Timing> rows = new ArrayList<>(run.ort);
        if (wasm != null) rows.addAll(List.of(wasm));
        if (cpu != null) rows.addAll(List.of(cpu));
        for (Timing t : rows) {
            double fps = t.facesPerSecond();
            double[] c = t.calls();
            Timing ref = wasm == null ? null : Arrays.stream(wasm).filter(w -> w.batch == t.batch).findFirst().orElse(null);
            String engine = t.engine.equals("onnxruntime") ? "ONNX Runtime " + run.ortVersion
                    : t.engine + (t.engine.equals("tfjs-cpu") ? " (" + t.faces + " faces, 1 pass)" : "");
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s | %s | %s | %s |\n", engine,
                    t.engine.startsWith("tfjs") ? "1" : threadsLabel(t.threads), t.batch, num(fps),
                    num(1000 * t.batch / median(c)),
                    num(median(c)), num(percentile(c, 0.9)), num(median(c) / t.batch),
                    Double.isNaN(flopsPerFace) ? "–" : num(flopsPerFace * fps / 1e9),
                    ref == null ? "" : fmt(fps / ref.facesPerSecond(), 2) + "×"));
        }
        if (wasm != null) {
            Timing bestOrt = run.ort.stream().max((a, b) -> Double.compare(a.facesPerSecond(), b.facesPerSecond())).orElseThrow();
            Timing bestWasm = Arrays.stream(wasm).max((a, b) -> Double.compare(a.facesPerSecond(), b.facesPerSecond())).orElseThrow();
            sb.append(String.format(Locale.ROOT, "\nBest against best: ONNX Runtime %s faces/s (%s thread(s), batch %d) / "
                            + "tfjs-wasm %s faces/s (batch %d) = **%s×**. Counting facecal's preprocessing too "
                            + "(%.3f ms per face): %s×.\n", num(bestOrt.facesPerSecond()), coresUsed(bestOrt.threads),
                    bestOrt.batch, num(bestWasm.facesPerSecond()), bestWasm.batch,
                    fmt(bestOrt.facesPerSecond() / bestWasm.facesPerSecond(), 2), median(run.preprocessMs),
                    fmt((1000 / bestWasm.facesPerSecond()) / (1000 / bestOrt.facesPerSecond() + median(run.preprocessMs)), 2)));
            JsonNode w = run.jsInfo.get("wasm");
            if (w != null) {
                sb.append(String.format(Locale.ROOT, "\nface-api side: Node %s (V8 %s), face-api %s, tfjs %s, "
                                + "tfjs-backend-wasm %s; wasm binary loaded: `%s` (SIMD %s, multithread %s, XNNPACK "
                                + "threads %s).\n", w.path("node").asText(), w.path("v8").asText(),
                        w.path("faceApi").asText(), w.path("tfjs").asText(), w.path("tfjsBackendWasm").asText(),
                        w.path("wasmBinary").asText(), w.path("wasmSimd").asText(), w.path("wasmMultithread").asText(),
                        w.path("wasmThreads").asText()));
            }
        }

        sb.append("\n### Same descriptors on both sides\n\n");
        sb.append("Largest absolute difference of any descriptor component, and largest Euclidean distance between the "
                + "two descriptors of one image (face_recognition's same-person cutoff is 0.6), over the images both "
                + "ran.\n\n");
        sb.append("| compared | images | max abs diff | max Euclidean distance |\n|---|---:|---:|---:|\n");
        Timing base = run.ort.getFirst();
        String baseName = "ORT " + threadsLabel(base.threads).replaceAll(" \\(.*", "") + " thr, batch " + base.batch;
        for (Timing t : run.ort) {
            if (t == base) continue;
            sb.append(agree(baseName, base, "ORT " + threadsLabel(t.threads).replaceAll(" \\(.*", "") + " thr, batch "
                    + t.batch, t));
        }
        for (Timing[] js : run.js.values()) {
            for (Timing t : js) sb.append(agree(baseName, base, t.engine + " batch " + t.batch, t));
        }
        if (wasm != null && cpu != null) sb.append(agree("tfjs-cpu batch 1", cpu[0], "tfjs-wasm batch 1", wasm[0]));

        sb.append("\n### FLOPs of the model (from the ONNX graph, per face)\n\n");
        FlopCount f = run.flops;
        if (f.problem != null) {
            sb.append("Not counted: ").append(f.problem).append(".\n");
        } else {
            sb.append("| op | nodes | multiply-adds | other ops | share of FLOPs |\n|---|---:|---:|---:|---:|\n");
            double total = 2.0 * f.macs + f.otherOps;
            f.byOp.forEach((op, a) -> sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %.2f %% |\n", op, a[0],
                    a[1] == 0 ? "" : String.format(Locale.ROOT, "%,d", a[1]),
                    a[2] == 0 ? "" : String.format(Locale.ROOT, "%,d", a[2]), 100 * (2.0 * a[1] + a[2]) / total)));
            sb.append(String.format(Locale.ROOT, "\n**%.3f GFLOP per face** (%,d multiply-adds = %.3f GFLOP, plus %.4f "
                            + "GFLOP of bias/scale adds, ReLU, pooling and the mean; 1 multiply-add = 2 FLOPs). "
                            + "Parameters: %,d.\n", f.gflops(), f.macs, f.gflopsMacsOnly(), f.otherOps / 1e9,
                    f.parameters));
        }
        if (!run.optimisedGraph.isEmpty()) {
            sb.append("\nThe graph ONNX Runtime runs after `ALL_OPT` (node types of the optimised model): ")
                    .append(run.optimisedGraph.entrySet().stream().map(e -> e.getKey() + " ×" + e.getValue())
                            .collect(Collectors.joining(", "))).append(".\n");
        }

        sb.append("\n### Against the machine's peak\n\n");
        CpuInfo c = run.cpu;
        double ghz = run.clockGhz;
        sb.append(String.format(Locale.ROOT, "Assumed peak per core: 2 FMA pipes x %d float32 lanes (%s) x 2 flops = "
                        + "%d FLOPs per cycle, times the clock. /proc/cpuinfo says %.2f GHz (`cpu MHz`, the nominal clock "
                        + "a VM reports: %s GFLOP/s per core), but the cores run faster under load: a dependent "
                        + "multiply-add chain (4 cycles per step) measures **%.2f GHz**, so the peak used below is "
                        + "**%s GFLOP/s per core**.%s\n\n", c.lanes(), c.simd(), c.flopsPerCycle(), c.mhz() / 1000,
                num(c.peakPerCore(c.mhz() / 1000)), ghz, num(c.peakPerCore(ghz)), run.gemm.isEmpty()
                        ? " (SGEMM ceiling not measured: --gemm 0.)"
                        : String.format(Locale.ROOT, " Measured ceiling: the best of 20 ONNX Runtime (MLAS) SGEMM calls "
                                + "of %dx%dx%d float32 (10 before timing the model, 10 after; the median column is the "
                                + "mean of the two medians).", gemm, gemm, gemm)));
        sb.append("| threads | peak at nominal clock | peak at measured clock | SGEMM best / median GFLOP/s | "
                + "SGEMM / peak |\n|---|---:|---:|---:|---:|\n");
        for (int t : run.ort.stream().map(x -> x.threads).distinct().toList()) {
            int used = coresUsed(t);
            double peak = c.peakPerCore(ghz) * used;
            double[] g = run.gemm.get(t);
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |\n", threadsLabel(t),
                    num(c.peakPerCore(c.mhz() / 1000) * used), num(peak),
                    g == null ? "–" : num(g[0]) + " / " + num(g[1]),
                    g == null ? "–" : String.format(Locale.ROOT, "%.0f %%", 100 * g[0] / peak)));
        }
        if (!Double.isNaN(flopsPerFace)) {
            sb.append("\n| engine | threads | batch | GFLOP/s achieved | of peak (measured clock) | of SGEMM best |\n"
                    + "|---|---|---:|---:|---:|---:|\n");
            for (Timing t : rows) {
                int used = t.engine.startsWith("tfjs") ? 1 : coresUsed(t.threads);
                double achieved = flopsPerFace * t.facesPerSecond() / 1e9;
                double peak = c.peakPerCore(ghz) * used;
                double[] g = run.gemm.get(t.engine.startsWith("tfjs") ? Integer.valueOf(1) : Integer.valueOf(t.threads));
                sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %.1f %% | %s |\n",
                        t.engine.equals("onnxruntime") ? "ONNX Runtime" : t.engine,
                        t.engine.startsWith("tfjs") ? "1" : threadsLabel(t.threads), t.batch, num(achieved),
                        100 * achieved / peak, g == null ? "" : String.format(Locale.ROOT, "%.1f %%", 100 * achieved / g[0])));
            }
        }

        if (!run.variants.isEmpty()) {
            sb.append("\n### ONNX Runtime session variants (same run, same images)\n\n");
            sb.append("Each variant is its own session; all are timed in the same interleaved rounds. faces/s, and in "
                    + "brackets the call median in ms.\n\n");
            List<Integer> ts = run.variants.stream().map(t -> t.threads).distinct().toList();
            sb.append("| variant |");
            for (int t : ts) for (int b : run.batches) sb.append(" ").append(threadsLabel(t).replaceAll(" \\(.*", ""))
                    .append(" thr, batch ").append(b).append(" |");
            sb.append("\n|---|");
            for (int i = 0; i < ts.size() * run.batches.size(); i++) sb.append("---:|");
            sb.append('\n');
            List<String> names = run.variants.stream().map(t -> t.engine).distinct().toList();
            for (String name : names) {
                sb.append("| ").append(name).append(" |");
                for (int t : ts) {
                    for (int b : run.batches) {
                        run.variants.stream().filter(v -> v.engine.equals(name) && v.threads == t && v.batch == b)
                                .findFirst().ifPresent(v -> sb.append(' ').append(num(v.facesPerSecond())).append(" (")
                                        .append(num(median(v.calls()))).append(") |"));
                    }
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static String agree(String an, Timing a, String bn, Timing b) {
        int n = Math.min(a.descriptors.length, b.descriptors.length);
        double maxAbs = 0, maxDist = 0;
        for (int i = 0; i < n; i++) {
            double d2 = 0;
            for (int k = 0; k < a.descriptors[i].length; k++) {
                double d = (double) a.descriptors[i][k] - b.descriptors[i][k];
                maxAbs = Math.max(maxAbs, Math.abs(d));
                d2 += d * d;
            }
            maxDist = Math.max(maxDist, Math.sqrt(d2));
        }
        return String.format(Locale.ROOT, "| %s vs %s | %d | %.2e | %.2e |\n", an, bn, n, maxAbs, maxDist);
    }

    private String machine(Run run) {
        StringBuilder sb = new StringBuilder();
        sb.append("Run on ").append(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).withNano(0))).append(" UTC.\n\n");
        CpuInfo c = run.cpu;
        sb.append("| | |\n|---|---|\n");
        sb.append("| CPU | ").append(c.model()).append(" (").append(c.family()).append(") |\n");
        sb.append("| cores | ").append(c.cores()).append(" (`nproc` ").append(Runtime.getRuntime().availableProcessors())
                .append(") |\n");
        sb.append("| clock | ").append(fmt(c.mhz(), 0)).append(" MHz nominal (`cpu MHz`); ").append(fmt(run.clockGhz, 2))
                .append(" GHz measured under load |\n");
        sb.append("| vector flags | ").append(c.vectorFlags()).append(" |\n");
        sb.append("| OS | ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append(' ').append(System.getProperty("os.arch")).append(" |\n");
        sb.append("| JDK | ").append(System.getProperty("java.vm.vendor")).append(' ')
                .append(System.getProperty("java.vm.name")).append(' ').append(Runtime.version()).append(" |\n");
        sb.append("| ONNX Runtime | ").append(run.ortVersion).append(" (Java API, CPU execution provider) |\n");
        sb.append("| model | ").append(model).append(" (").append(run.spec.width()).append('x').append(run.spec.height())
                .append(' ').append(run.spec.layout()).append(" in, ").append(run.spec.dimension()).append("-D out) |\n");
        sb.append("| CPU steal during timing | ONNX Runtime ").append(pct(run.stealOrt)).append(", tfjs-wasm ")
                .append(pct(run.stealWasm)).append(", variants ").append(pct(run.stealVariants))
                .append(" (/proc/stat: time the hypervisor ran others on these vCPUs) |\n");
        sb.append("| images | ").append(SyntheticFaces.FORMULA).append(" |\n");
        sb.append("\nCommand (exactly as run):\n\n```\n").append(commandLine()).append("\n```\n");
        return sb.toString();
    }

    private String commandLine() {
        return CommandLines.current("bench-embed", spec.commandLine().getParseResult().originalArgs());
    }


    /** The aggregate "cpu" line of /proc/stat (user nice system idle iowait irq softirq steal ...), or null. */
    private static long[] cpuTimes() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/stat"))) {
            return lines.filter(l -> l.startsWith("cpu ")).findFirst()
                    .map(l -> Arrays.stream(l.substring(4).trim().split("\\s+")).mapToLong(Long::parseLong).toArray())
                    .orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Share of CPU time the hypervisor gave to others (steal) between two /proc/stat readings. */
    private static double steal(long[] a, long[] b) {
        if (a == null || b == null || a.length < 8 || b.length < 8) return Double.NaN;
        long total = 0;
        for (int i = 0; i < 8; i++) total += b[i] - a[i];
        return total == 0 ? Double.NaN : (double) (b[7] - a[7]) / total;
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f %%", 100 * v);
    }

    /** Replaces the text between the markers, or appends a new section with them. */
    static void writeMarkdown(Path file, String generated) throws IOException {
        GeneratedSection.write(file, BEGIN, END, HEADING, generated);
    }

    // ------------------------------------------------------------------------------------------------
    // small helpers
    // ------------------------------------------------------------------------------------------------

    static double median(double[] a) {
        return percentile(a, 0.5);
    }

    /** Linear interpolation between order statistics (NumPy's default). */
    static double percentile(double[] a, double q) {
        if (a.length == 0) return Double.NaN;
        double[] s = a.clone();
        Arrays.sort(s);
        return Interval.quantile(s, q);
    }

    /** 3 significant digits, at most 2 decimals past the point for numbers >= 1. */
    private static String num(double v) {
        if (Double.isNaN(v)) return "–";
        double a = Math.abs(v);
        if (a >= 100) return String.format(Locale.ROOT, "%,.0f", v);
        if (a >= 10) return fmt(v, 1);
        if (a >= 1) return fmt(v, 2);
        return fmt(v, 3);
    }

    private static String fmt(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
