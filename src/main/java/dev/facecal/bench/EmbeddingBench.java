package dev.facecal.bench;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import com.fasterxml.jackson.databind.JsonNode;
import dev.facecal.FacecalException;
import dev.facecal.embed.FaceModel;
import dev.facecal.embed.ModelSpec;
import dev.facecal.embed.Preprocess;
import dev.facecal.face.SyntheticFaces;
import dev.facecal.models.HumanModels;
import dev.facecal.models.InstalledModel;
import dev.facecal.models.ModelStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The embedding benchmark of {@code facecal bench-embed}: speed of a face-embedding model on ONNX Runtime
 * ({@link FaceModel#embed}) at several batch sizes and thread counts, on deterministic synthetic face images
 * ({@link SyntheticFaces}); optionally, in the same run and on the same pixels, face-api's tfjs {@code wasm} and
 * {@code cpu} backends ({@link FaceApiReference}), ONNX Runtime session variants, the model's FLOPs
 * ({@link OnnxFlops}) and the machine's peak ({@link CpuInfo}, {@link MachinePeak}). Passes are interleaved in rounds
 * so that slow phases of a shared machine spread over all configurations. Speed is measured, never asserted.
 */
public final class EmbeddingBench {
    private static volatile Object sink;

    private EmbeddingBench() {
    }

    /**
     * What to run.
     *
     * @param store     the model folder
     * @param model     the installed model
     * @param images    synthetic images, a multiple of every batch size
     * @param batches   batch sizes
     * @param threads   ONNX Runtime intra-op threads to run (0 = all cores)
     * @param repeats   timed passes per configuration
     * @param warmup    untimed passes per configuration first
     * @param seed      seed of the synthetic images
     * @param reference the TF.js side (face-api for dlib, the original graph model for human-models), or null
     * @param cpuImages images for tfjs's slow cpu backend, timed once (0 = skip)
     * @param variants  also time ONNX Runtime session variants
     * @param gemm      size of the SGEMM that measures the practical peak (0 = skip)
     */
    public record Options(ModelStore store, String model, int images, List<Integer> batches, List<Integer> threads,
                          int repeats, int warmup, int seed, TfjsReference reference, int cpuImages,
                          boolean variants, int gemm) {
        public Options {
            if (images < 1) throw new IllegalArgumentException("images must be at least 1, got " + images);
            if (repeats < 1) throw new IllegalArgumentException("repeats must be at least 1, got " + repeats);
            if (warmup < 0) throw new IllegalArgumentException("warmup must be at least 0, got " + warmup);
            batches = batches.stream().distinct().sorted().toList();
            for (int b : batches) {
                if (b < 1 || images % b != 0) {
                    throw new IllegalArgumentException("images " + images + " must be a multiple of every batch size; "
                            + "batch " + b + " does not divide it");
                }
            }
            threads = threads.stream().distinct().toList();
            if (threads.stream().anyMatch(t -> t < 0)) {
                throw new IllegalArgumentException("threads must be 0 (all cores) or more");
            }
            cpuImages = Math.min(cpuImages, images);
            for (int b : batches) {
                if (cpuImages > 0 && cpuImages % b != 0) {
                    throw new IllegalArgumentException("cpu-images " + cpuImages + " must be a multiple of every "
                            + "batch size");
                }
            }
            if (reference instanceof FaceApiReference.Options && !"dlib".equals(model)) {
                throw new IllegalArgumentException("reference: face-api runs the dlib model only, not " + model);
            }
            if (reference instanceof HumanModelsReference.Options && !HumanModels.names().contains(model)) {
                throw new IllegalArgumentException("reference: the TF.js graph-model side runs "
                        + HumanModels.names() + ", not " + model);
            }
        }
    }

    /** A timed configuration: all call times (ms) and the descriptors of the first timed pass. */
    public static final class Timing {
        private final String engine;
        private final int threads, batch;
        private final List<Double> callMs = new ArrayList<>();
        private float[][] descriptors;
        private int faces;

        Timing(String engine, int threads, int batch) {
            this.engine = engine;
            this.threads = threads;
            this.batch = batch;
        }

        /** A timing from recorded call times (tests, other engines). */
        public static Timing of(String engine, int threads, int batch, double[] callMs, float[][] descriptors) {
            Timing t = new Timing(engine, threads, batch);
            for (double c : callMs) t.callMs.add(c);
            t.faces = callMs.length * batch;
            t.descriptors = descriptors;
            return t;
        }

        /** {@code onnxruntime}, {@code tfjs-wasm}, {@code tfjs-cpu} or a session variant's name. */
        public String engine() {
            return engine;
        }

        public int threads() {
            return threads;
        }

        public int batch() {
            return batch;
        }

        /** Faces embedded in the timed calls. */
        public int faces() {
            return faces;
        }

        /** The descriptors of the first timed pass. */
        public float[][] descriptors() {
            return descriptors;
        }

        /** Faces per second over the timed calls. */
        public double facesPerSecond() {
            return faces / (callMs.stream().mapToDouble(Double::doubleValue).sum() / 1000);
        }

        /** Every timed call, ms. */
        public double[] calls() {
            return callMs.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    /**
     * The benchmark's result.
     *
     * @param options        what was run
     * @param spec           the model's spec
     * @param preprocessMs   preprocessing time per image (ms), last of 5 rounds
     * @param flops          the model's operations per face
     * @param cpu            the processor
     * @param clockGhz       the clock measured under load
     * @param stealOrt       CPU steal during the ONNX Runtime timing (NaN: unknown)
     * @param stealVariants  during the variants
     * @param stealWasm      during tfjs-wasm
     * @param ortVersion     ONNX Runtime's version
     * @param optimisedGraph node types of the graph ONNX Runtime runs after ALL_OPT
     * @param gemm           threads to the SGEMM ceiling
     * @param ort            the ONNX Runtime timings
     * @param variants       the session variants' timings
     * @param js             backend ({@code wasm}, {@code cpu}) to face-api's timings per batch
     * @param jsInfo         backend to face-api's description of itself
     */
    public record Result(Options options, ModelSpec spec, double[] preprocessMs, OnnxFlops flops, CpuInfo cpu,
                         double clockGhz, double stealOrt, double stealVariants, double stealWasm, String ortVersion,
                         Map<String, Integer> optimisedGraph, Map<Integer, MachinePeak.Gemm> gemm, List<Timing> ort,
                         List<Timing> variants, Map<String, List<Timing>> js, Map<String, JsonNode> jsInfo) {}

    /** Runs the benchmark; progress on {@code log}. */
    public static Result run(Options o, PrintWriter log) throws IOException, InterruptedException {
        ModelStore store = o.store();
        InstalledModel installed = store.installed(o.model()).orElseThrow(() -> new FacecalException("model '"
                + o.model() + "' is not installed in the model folder " + store.dir(),
                new FacecalException.Remedy(FacecalException.Action.INSTALL_MODEL, o.model(), null)));
        ModelSpec ms = installed.spec();
        Path onnx = store.onnx(o.model());
        int[][] rgb = SyntheticFaces.generate(o.images(), ms.width(), ms.height(), o.seed());
        List<float[]> tensors = new ArrayList<>();
        double[] pre = new double[o.images()];
        for (int round = 0; round < 5; round++) { // the first rounds warm the JIT up; the last one is kept
            tensors.clear();
            for (int i = 0; i < o.images(); i++) {
                long t0 = System.nanoTime();
                tensors.add(Preprocess.tensor(rgb[i], ms.width(), ms.height(), ms));
                pre[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        log.println("counting FLOPs of " + onnx);
        OnnxFlops flops = OnnxFlops.of(onnx, ms);
        CpuInfo cpu = CpuInfo.read();
        log.println("measuring the clock");
        double clock = MachinePeak.clockGhz();
        String ortVersion = OrtEnvironment.getEnvironment().getVersion();
        Map<String, Integer> optimised = optimisedGraph(onnx);

        Map<Integer, MachinePeak.Gemm> gemm = new LinkedHashMap<>();
        if (o.gemm() > 0) {
            for (int t : o.threads()) gemm.put(t, gemm(o.gemm(), t, log));
        }
        long[] cpu0 = ProcStat.cpuTimes();
        List<Timing> ort = measureOrt(o, tensors, log);
        double stealOrt = ProcStat.steal(cpu0, ProcStat.cpuTimes());
        if (o.gemm() > 0) { // again after the model, keeping the best: a ceiling should not depend on one noisy second
            for (int t : o.threads()) {
                MachinePeak.Gemm again = gemm(o.gemm(), t, log), first = gemm.get(t);
                gemm.put(t, new MachinePeak.Gemm(Math.max(first.best(), again.best()),
                        (first.median() + again.median()) / 2));
            }
        }
        List<Timing> variants = List.of();
        double stealVariants = Double.NaN, stealWasm = Double.NaN;
        if (o.variants()) {
            cpu0 = ProcStat.cpuTimes();
            variants = measureVariants(o, onnx, ms, tensors, log);
            stealVariants = ProcStat.steal(cpu0, ProcStat.cpuTimes());
        }
        Map<String, List<Timing>> js = new LinkedHashMap<>();
        Map<String, JsonNode> jsInfo = new LinkedHashMap<>();
        if (o.reference() != null) {
            Path tmp = Files.createTempDirectory("facecal-bench-embed");
            try {
                cpu0 = ProcStat.cpuTimes();
                switch (o.reference()) {
                    case FaceApiReference.Options fa -> {
                        Path rgbFile = tmp.resolve("images.rgb");
                        try (var out = Files.newOutputStream(rgbFile)) {
                            for (int[] img : rgb) {
                                byte[] b = new byte[img.length];
                                for (int k = 0; k < img.length; k++) b[k] = (byte) img[k];
                                out.write(b);
                            }
                        }
                        FaceApiReference.Run wasm = FaceApiReference.run(fa, ms, rgbFile, tmp, "wasm", o.images(),
                                o.images(), o.repeats(), o.warmup(), o.batches(), log);
                        js.put("wasm", wasm.timings());
                        jsInfo.put("wasm", wasm.info());
                        stealWasm = ProcStat.steal(cpu0, ProcStat.cpuTimes());
                        if (o.cpuImages() > 0) {
                            FaceApiReference.Run c = FaceApiReference.run(fa, ms, rgbFile, tmp, "cpu", o.images(),
                                    o.cpuImages(), 1, 0, o.batches(), log);
                            js.put("cpu", c.timings());
                            jsInfo.put("cpu", c.info());
                        }
                    }
                    case HumanModelsReference.Options hm -> {
                        Path tensorFile = tmp.resolve("tensors.f32");
                        HumanModelsReference.writeTensors(tensors, tensorFile);
                        FaceApiReference.Run wasm = HumanModelsReference.run(hm, o.model(), ms, tensorFile, tmp, "wasm",
                                o.images(), o.images(), o.repeats(), o.warmup(), o.batches(), log);
                        js.put("wasm", wasm.timings());
                        jsInfo.put("wasm", wasm.info());
                        stealWasm = ProcStat.steal(cpu0, ProcStat.cpuTimes());
                        if (o.cpuImages() > 0) {
                            FaceApiReference.Run c = HumanModelsReference.run(hm, o.model(), ms, tensorFile, tmp, "cpu",
                                    o.images(), o.cpuImages(), 1, 0, o.batches(), log);
                            js.put("cpu", c.timings());
                            jsInfo.put("cpu", c.info());
                        }
                    }
                }
            } finally {
                try (Stream<Path> s = Files.list(tmp)) {
                    for (Path p : s.toList()) Files.deleteIfExists(p);
                }
                Files.deleteIfExists(tmp);
            }
        }
        return new Result(o, ms, pre, flops, cpu, clock, stealOrt, stealVariants, stealWasm, ortVersion, optimised,
                gemm, ort, variants, js, jsInfo);
    }

    private static MachinePeak.Gemm gemm(int n, int threads, PrintWriter log) {
        log.printf(Locale.ROOT, "SGEMM %dx%dx%d with %s thread(s)%n", n, n, n, threads == 0 ? "all" : threads);
        log.flush();
        return MachinePeak.sgemm(n, threads, 10);
    }

    private interface Embedder extends AutoCloseable {
        float[][] embed(List<float[]> tensors);

        @Override
        void close();
    }

    private static List<Timing> measureOrt(Options o, List<float[]> tensors, PrintWriter log) {
        Map<String, Embedder> embedders = new LinkedHashMap<>();
        Map<String, Timing> timings = new LinkedHashMap<>();
        try {
            for (int t : o.threads()) {
                FaceModel m = o.store().open(o.model(), t);
                embedders.put("t" + t, new Embedder() {
                    public float[][] embed(List<float[]> batch) {
                        return m.embed(batch);
                    }

                    public void close() {
                        m.close();
                    }
                });
                for (int b : o.batches()) timings.put("t" + t + "/" + b, new Timing("onnxruntime", t, b));
            }
            timeInRounds(o, embedders, timings, tensors, "ONNX Runtime", log);
        } finally {
            embedders.values().forEach(Embedder::close);
        }
        return List.copyOf(timings.values());
    }

    /**
     * Warm-up passes, then {@code repeats} rounds; each round runs one pass over the images for every embedder and
     * batch size, so slow phases of a shared machine spread over all configurations.
     */
    private static void timeInRounds(Options o, Map<String, Embedder> embedders, Map<String, Timing> timings,
                                     List<float[]> tensors, String what, PrintWriter log) {
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
            for (int w = 0; w < o.warmup(); w++) pass(byTiming.get(k), tensors, t.batch, null);
            log.printf(Locale.ROOT, "\r%s warm-up: %s\u001b[K", what, k);
            log.flush();
        }
        for (int r = 0; r < o.repeats(); r++) {
            for (String k : keys) {
                Timing t = timings.get(k);
                float[][] d = pass(byTiming.get(k), tensors, t.batch, t);
                if (t.descriptors == null) t.descriptors = d;
                log.printf(Locale.ROOT, "\r%s round %d/%d: %s median %.2f ms per call\u001b[K", what, r + 1, o.repeats(),
                        k, Stats.median(t.calls()));
                log.flush();
            }
        }
        log.println();
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
    private static List<Timing> measureVariants(Options o, Path onnx, ModelSpec ms, List<float[]> tensors,
                                                PrintWriter log) {
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
            for (int t : o.threads()) {
                for (int v = 0; v < vs.size(); v++) {
                    Variant var = vs.get(v);
                    String key = "v" + v + "t" + t;
                    embedders.put(key, RawSession.open(onnx, ms, t, var.level, var.mode, var.spin, var.reuseInput));
                    for (int b : o.batches()) timings.put(key + "/" + b, new Timing(var.name, t, b));
                }
            }
            timeInRounds(o, embedders, timings, tensors, "variants", log);
        } finally {
            embedders.values().forEach(Embedder::close);
        }
        return List.copyOf(timings.values());
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
    static Map<String, Integer> optimisedGraph(Path onnx) throws IOException {
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
}
