package dev.facecal.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facecal.bench.EmbeddingBench.Timing;
import dev.facecal.face.SyntheticFaces;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The markdown of {@code facecal bench-embed}: throughput and latency, agreement, FLOPs, the machine's peak. */
public final class EmbeddingBenchReport {
    /** The markers around the generated results in docs/benchmarks.md, and the heading of a new section. */
    public static final String BEGIN = "<!-- facecal bench-embed: begin generated results (rewritten by `facecal bench-embed --output`) -->";
    public static final String END = "<!-- facecal bench-embed: end generated results -->";
    public static final String HEADING = "## Embedding speed: dlib on ONNX Runtime against face-api (tfjs)";

    private EmbeddingBenchReport() {
    }

    /** Replaces the text between the markers, or appends a new section with them. */
    public static void write(Path file, String generated) throws IOException {
        GeneratedSection.write(file, BEGIN, END, HEADING, generated);
    }

    private static Timing[] array(List<Timing> t) {
        return t == null ? null : t.toArray(Timing[]::new);
    }

    private static String threadsLabel(int t) {
        return t == 0 ? Runtime.getRuntime().availableProcessors() + " (all cores, ORT default)" : String.valueOf(t);
    }

    private static int coresUsed(int t) {
        return t == 0 ? Runtime.getRuntime().availableProcessors() : t;
    }

    /** The result tables. */
    public static String render(EmbeddingBench.Result run) {
        EmbeddingBench.Options o = run.options();
        StringBuilder sb = new StringBuilder();
        Timing[] wasm = array(run.js().get("wasm"));
        Timing[] cpu = array(run.js().get("cpu"));
        double flopsPerFace = run.flops().problem() == null ? run.flops().gflops() * 1e9 : Double.NaN;

        sb.append("### Throughput and latency\n\n");
        sb.append(String.format(Locale.ROOT, "%d synthetic %dx%d face images (seed %d), %d timed pass(es) over them per "
                        + "configuration after %d warm-up pass(es), passes interleaved in rounds. `faces/s` = faces / "
                        + "total time of the timed calls (`at median call`: batch / median call time); latency = one `embed` call (a whole batch); per face = call / "
                        + "batch. ONNX Runtime: `FaceModel.embed` on preprocessed tensors (preprocessing a %dx%d crop, "
                        + "`Preprocess.tensor`, takes a median %.3f ms per face more, listed apart). %s `vs wasm` = "
                        + "faces/s over tfjs-wasm's at the same batch size.\n\n",
                o.images(), run.spec().width(), run.spec().height(), o.seed(), o.repeats(), o.warmup(),
                run.spec().width(), run.spec().height(), Stats.median(run.preprocessMs()),
                o.reference() instanceof HumanModelsReference.Options
                        ? "TF.js: the original graph model's `execute` on the same float32 tensors plus the "
                                + "read-back (`reference/humanmodels/bench_embed.js`)."
                        : "face-api: one `computeFaceDescriptor` call, its own cast and normalisation included."));
        sb.append("| engine | threads | batch | faces/s | faces/s at median call | call median ms | call p90 ms | "
                + "per face median ms | GFLOP/s | vs wasm |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<Timing> rows = new ArrayList<>(run.ort());
        if (wasm != null) rows.addAll(List.of(wasm));
        if (cpu != null) rows.addAll(List.of(cpu));
        for (Timing t : rows) {
            double fps = t.facesPerSecond();
            double[] c = t.calls();
            Timing ref = wasm == null ? null : Arrays.stream(wasm).filter(w -> w.batch() == t.batch()).findFirst().orElse(null);
            String engine = t.engine().equals("onnxruntime") ? "ONNX Runtime " + run.ortVersion()
                    : t.engine() + (t.engine().equals("tfjs-cpu") ? " (" + t.faces() + " faces, 1 pass)" : "");
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s | %s | %s | %s |\n", engine,
                    t.engine().startsWith("tfjs") ? "1" : threadsLabel(t.threads()), t.batch(), num(fps),
                    num(1000 * t.batch() / Stats.median(c)),
                    num(Stats.median(c)), num(Stats.percentile(c, 0.9)), num(Stats.median(c) / t.batch()),
                    Double.isNaN(flopsPerFace) ? "–" : num(flopsPerFace * fps / 1e9),
                    ref == null ? "" : fmt(fps / ref.facesPerSecond(), 2) + "×"));
        }
        if (wasm != null) {
            Timing bestOrt = run.ort().stream().max((a, b) -> Double.compare(a.facesPerSecond(), b.facesPerSecond())).orElseThrow();
            Timing bestWasm = Arrays.stream(wasm).max((a, b) -> Double.compare(a.facesPerSecond(), b.facesPerSecond())).orElseThrow();
            sb.append(String.format(Locale.ROOT, "\nBest against best: ONNX Runtime %s faces/s (%s thread(s), batch %d) / "
                            + "tfjs-wasm %s faces/s (batch %d) = **%s×**. Counting facecal's preprocessing too "
                            + "(%.3f ms per face): %s×.\n", num(bestOrt.facesPerSecond()), coresUsed(bestOrt.threads()),
                    bestOrt.batch(), num(bestWasm.facesPerSecond()), bestWasm.batch(),
                    fmt(bestOrt.facesPerSecond() / bestWasm.facesPerSecond(), 2), Stats.median(run.preprocessMs()),
                    fmt((1000 / bestWasm.facesPerSecond()) / (1000 / bestOrt.facesPerSecond() + Stats.median(run.preprocessMs())), 2)));
            JsonNode w = run.jsInfo().get("wasm");
            if (w != null) {
                if (o.reference() instanceof HumanModelsReference.Options) {
                    sb.append(String.format(Locale.ROOT, "\nTF.js side: Node %s (V8 %s), %s model `%s`, tfjs %s, "
                                    + "tfjs-backend-wasm %s; wasm binary loaded: `%s` (SIMD %s, multithread %s, XNNPACK "
                                    + "threads %s).\n", w.path("node").asText(), w.path("v8").asText(),
                            w.path("package").asText(), w.path("model").asText(), w.path("tfjs").asText(),
                            w.path("tfjsBackendWasm").asText(), w.path("wasmBinary").asText(),
                            w.path("wasmSimd").asText(), w.path("wasmMultithread").asText(),
                            w.path("wasmThreads").asText()));
                } else {
                    sb.append(String.format(Locale.ROOT, "\nface-api side: Node %s (V8 %s), face-api %s, tfjs %s, "
                                    + "tfjs-backend-wasm %s; wasm binary loaded: `%s` (SIMD %s, multithread %s, "
                                    + "XNNPACK threads %s).\n", w.path("node").asText(), w.path("v8").asText(),
                            w.path("faceApi").asText(), w.path("tfjs").asText(), w.path("tfjsBackendWasm").asText(),
                            w.path("wasmBinary").asText(), w.path("wasmSimd").asText(),
                            w.path("wasmMultithread").asText(), w.path("wasmThreads").asText()));
                }
            }
        }

        sb.append("\n### Same descriptors on both sides\n\n");
        sb.append("Largest absolute difference of any descriptor component, and largest Euclidean distance between the "
                + "two descriptors of one image (face_recognition's same-person cutoff is 0.6), over the images both "
                + "ran.\n\n");
        sb.append("| compared | images | max abs diff | max Euclidean distance |\n|---|---:|---:|---:|\n");
        Timing base = run.ort().getFirst();
        String baseName = "ORT " + threadsLabel(base.threads()).replaceAll(" \\(.*", "") + " thr, batch " + base.batch();
        for (Timing t : run.ort()) {
            if (t == base) continue;
            sb.append(agree(baseName, base, "ORT " + threadsLabel(t.threads()).replaceAll(" \\(.*", "") + " thr, batch "
                    + t.batch(), t));
        }
        for (List<Timing> js : run.js().values()) {
            for (Timing t : js) sb.append(agree(baseName, base, t.engine() + " batch " + t.batch(), t));
        }
        if (wasm != null && cpu != null) sb.append(agree("tfjs-cpu batch 1", cpu[0], "tfjs-wasm batch 1", wasm[0]));

        sb.append("\n### FLOPs of the model (from the ONNX graph, per face)\n\n");
        OnnxFlops f = run.flops();
        if (f.problem() != null) {
            sb.append("Not counted: ").append(f.problem()).append(".\n");
        } else {
            sb.append("| op | nodes | multiply-adds | other ops | share of FLOPs |\n|---|---:|---:|---:|---:|\n");
            double total = 2.0 * f.macs() + f.otherOps();
            f.byOp().forEach((op, a) -> sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %.2f %% |\n", op, a[0],
                    a[1] == 0 ? "" : String.format(Locale.ROOT, "%,d", a[1]),
                    a[2] == 0 ? "" : String.format(Locale.ROOT, "%,d", a[2]), 100 * (2.0 * a[1] + a[2]) / total)));
            sb.append(String.format(Locale.ROOT, "\n**%.3f GFLOP per face** (%,d multiply-adds = %.3f GFLOP, plus %.4f "
                            + "GFLOP of bias/scale adds, ReLU, pooling and the mean; 1 multiply-add = 2 FLOPs). "
                            + "Parameters: %,d.\n", f.gflops(), f.macs(), f.gflopsMacsOnly(), f.otherOps() / 1e9,
                    f.parameters()));
        }
        if (!run.optimisedGraph().isEmpty()) {
            sb.append("\nThe graph ONNX Runtime runs after `ALL_OPT` (node types of the optimised model): ")
                    .append(run.optimisedGraph().entrySet().stream().map(e -> e.getKey() + " ×" + e.getValue())
                            .collect(Collectors.joining(", "))).append(".\n");
        }

        sb.append("\n### Against the machine's peak\n\n");
        CpuInfo c = run.cpu();
        double ghz = run.clockGhz();
        sb.append(String.format(Locale.ROOT, "Assumed peak per core: 2 FMA pipes x %d float32 lanes (%s) x 2 flops = "
                        + "%d FLOPs per cycle, times the clock. /proc/cpuinfo says %.2f GHz (`cpu MHz`, the nominal clock "
                        + "a VM reports: %s GFLOP/s per core), but the cores run faster under load: a dependent "
                        + "multiply-add chain (4 cycles per step) measures **%.2f GHz**, so the peak used below is "
                        + "**%s GFLOP/s per core**.%s\n\n", c.lanes(), c.simd(), c.flopsPerCycle(), c.mhz() / 1000,
                num(c.peakPerCore(c.mhz() / 1000)), ghz, num(c.peakPerCore(ghz)), run.gemm().isEmpty()
                        ? " (SGEMM ceiling not measured: --gemm 0.)"
                        : String.format(Locale.ROOT, " Measured ceiling: the best of 20 ONNX Runtime (MLAS) SGEMM calls "
                                + "of %dx%dx%d float32 (10 before timing the model, 10 after; the median column is the "
                                + "mean of the two medians).", o.gemm(), o.gemm(), o.gemm())));
        sb.append("| threads | peak at nominal clock | peak at measured clock | SGEMM best / median GFLOP/s | "
                + "SGEMM / peak |\n|---|---:|---:|---:|---:|\n");
        for (int t : run.ort().stream().map(x -> x.threads()).distinct().toList()) {
            int used = coresUsed(t);
            double peak = c.peakPerCore(ghz) * used;
            MachinePeak.Gemm g = run.gemm().get(t);
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |\n", threadsLabel(t),
                    num(c.peakPerCore(c.mhz() / 1000) * used), num(peak),
                    g == null ? "–" : num(g.best()) + " / " + num(g.median()),
                    g == null ? "–" : String.format(Locale.ROOT, "%.0f %%", 100 * g.best() / peak)));
        }
        if (!Double.isNaN(flopsPerFace)) {
            sb.append("\n| engine | threads | batch | GFLOP/s achieved | of peak (measured clock) | of SGEMM best |\n"
                    + "|---|---|---:|---:|---:|---:|\n");
            for (Timing t : rows) {
                int used = t.engine().startsWith("tfjs") ? 1 : coresUsed(t.threads());
                double achieved = flopsPerFace * t.facesPerSecond() / 1e9;
                double peak = c.peakPerCore(ghz) * used;
                MachinePeak.Gemm g = run.gemm().get(t.engine().startsWith("tfjs") ? Integer.valueOf(1) : Integer.valueOf(t.threads()));
                sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %.1f %% | %s |\n",
                        t.engine().equals("onnxruntime") ? "ONNX Runtime" : t.engine(),
                        t.engine().startsWith("tfjs") ? "1" : threadsLabel(t.threads()), t.batch(), num(achieved),
                        100 * achieved / peak, g == null ? "" : String.format(Locale.ROOT, "%.1f %%", 100 * achieved / g.best())));
            }
        }

        if (!run.variants().isEmpty()) {
            sb.append("\n### ONNX Runtime session variants (same run, same images)\n\n");
            sb.append("Each variant is its own session; all are timed in the same interleaved rounds. faces/s, and in "
                    + "brackets the call median in ms.\n\n");
            List<Integer> ts = run.variants().stream().map(t -> t.threads()).distinct().toList();
            sb.append("| variant |");
            for (int t : ts) for (int b : o.batches()) sb.append(" ").append(threadsLabel(t).replaceAll(" \\(.*", ""))
                    .append(" thr, batch ").append(b).append(" |");
            sb.append("\n|---|");
            for (int i = 0; i < ts.size() * o.batches().size(); i++) sb.append("---:|");
            sb.append('\n');
            List<String> names = run.variants().stream().map(t -> t.engine()).distinct().toList();
            for (String name : names) {
                sb.append("| ").append(name).append(" |");
                for (int t : ts) {
                    for (int b : o.batches()) {
                        run.variants().stream().filter(v -> v.engine().equals(name) && v.threads() == t && v.batch() == b)
                                .findFirst().ifPresent(v -> sb.append(' ').append(num(v.facesPerSecond())).append(" (")
                                        .append(num(Stats.median(v.calls()))).append(") |"));
                    }
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static String agree(String an, Timing a, String bn, Timing b) {
        int n = Math.min(a.descriptors().length, b.descriptors().length);
        double maxAbs = 0, maxDist = 0;
        for (int i = 0; i < n; i++) {
            double d2 = 0;
            for (int k = 0; k < a.descriptors()[i].length; k++) {
                double d = (double) a.descriptors()[i][k] - b.descriptors()[i][k];
                maxAbs = Math.max(maxAbs, Math.abs(d));
                d2 += d * d;
            }
            maxDist = Math.max(maxDist, Math.sqrt(d2));
        }
        return String.format(Locale.ROOT, "| %s vs %s | %d | %.2e | %.2e |\n", an, bn, n, maxAbs, maxDist);
    }

    /** The machine and the command, above the tables in docs/benchmarks.md. */
    public static String machine(EmbeddingBench.Result run, String commandLine) {
        EmbeddingBench.Options o = run.options();
        StringBuilder sb = new StringBuilder();
        sb.append("Run on ").append(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).withNano(0))).append(" UTC.\n\n");
        CpuInfo c = run.cpu();
        sb.append("| | |\n|---|---|\n");
        sb.append("| CPU | ").append(c.model()).append(" (").append(c.family()).append(") |\n");
        sb.append("| cores | ").append(c.cores()).append(" (`nproc` ").append(Runtime.getRuntime().availableProcessors())
                .append(") |\n");
        sb.append("| clock | ").append(fmt(c.mhz(), 0)).append(" MHz nominal (`cpu MHz`); ").append(fmt(run.clockGhz(), 2))
                .append(" GHz measured under load |\n");
        sb.append("| vector flags | ").append(c.vectorFlags()).append(" |\n");
        sb.append("| OS | ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append(' ').append(System.getProperty("os.arch")).append(" |\n");
        sb.append("| JDK | ").append(System.getProperty("java.vm.vendor")).append(' ')
                .append(System.getProperty("java.vm.name")).append(' ').append(Runtime.version()).append(" |\n");
        sb.append("| ONNX Runtime | ").append(run.ortVersion()).append(" (Java API, CPU execution provider) |\n");
        sb.append("| model | ").append(o.model()).append(" (").append(run.spec().width()).append('x').append(run.spec().height())
                .append(' ').append(run.spec().layout()).append(" in, ").append(run.spec().dimension()).append("-D out) |\n");
        sb.append("| CPU steal during timing | ONNX Runtime ").append(pct(run.stealOrt())).append(", tfjs-wasm ")
                .append(pct(run.stealWasm())).append(", variants ").append(pct(run.stealVariants()))
                .append(" (/proc/stat: time the hypervisor ran others on these vCPUs) |\n");
        sb.append("| images | ").append(SyntheticFaces.FORMULA).append(" |\n");
        sb.append("\nCommand (exactly as run):\n\n```\n").append(commandLine).append("\n```\n");
        return sb.toString();
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f %%", 100 * v);
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
