package dev.facecal.bench;

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
import com.google.protobuf.ByteString;
import dev.facecal.FacecalException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What the machine can do at best, to put a model's speed in proportion: the clock a core really runs at under load,
 * and the FLOP rate of a large float32 matrix product in ONNX Runtime (MLAS SGEMM, the kernel its convolutions
 * use). Measured, never asserted.
 */
public final class MachinePeak {
    private static volatile Object sink;

    private MachinePeak() {
    }

    /**
     * GFLOP/s of SGEMM.
     *
     * @param best   the best call
     * @param median the median call
     */
    public record Gemm(double best, double median) {}

    /**
     * The clock a core runs at under load, in GHz: a dependent chain {@code x = x * C + 11} on longs costs 4 cycles
     * per step on current x86 cores (64-bit imul latency 3, add 1), so steps/s x 4 is cycles/s. The best of
     * {@code runs} runs of {@code steps} steps (the first ones include JIT compilation; interference only slows a run
     * down).
     */
    public static double clockGhz(int runs, long steps) {
        double best = 0;
        for (int k = 0; k < runs; k++) {
            long x = k;
            long t0 = System.nanoTime();
            for (long i = 0; i < steps; i++) x = x * 0x5DEECE66DL + 11;
            long t = System.nanoTime() - t0;
            sink = x;
            best = Math.max(best, steps * 4.0 / t);
        }
        return best;
    }

    /** {@link #clockGhz(int, long)} with 7 runs of 50 M steps, as {@code bench-embed} measures it. */
    public static double clockGhz() {
        return clockGhz(7, 50_000_000L);
    }

    /**
     * GFLOP/s of an {@code n x n x n} float32 MatMul in ONNX Runtime: best and median of {@code calls} calls after 2
     * untimed ones ({@code threads} 0 = all cores).
     */
    public static Gemm sgemm(int n, int threads, int calls) {
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
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession s = env.createSession(m.toByteArray(), o)) {
                FloatBuffer a = ByteBuffer.allocateDirect(n * n * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
                for (int i = 0; i < n * n; i++) a.put((float) (r.nextDouble() - 0.5));
                a.rewind();
                try (OnnxTensor in = OnnxTensor.createTensor(env, a, new long[] {n, n})) {
                    double[] gflops = new double[calls + 2];
                    for (int i = 0; i < gflops.length; i++) {
                        long t0 = System.nanoTime();
                        try (OrtSession.Result res = s.run(Map.of("a", in))) {
                            sink = res;
                        }
                        gflops[i] = 2.0 * n * n * n / (System.nanoTime() - t0);
                    }
                    double[] timed = Arrays.copyOfRange(gflops, 2, gflops.length);
                    return new Gemm(Arrays.stream(timed).max().orElseThrow(), Stats.median(timed));
                }
            }
        } catch (OrtException e) {
            throw new FacecalException("SGEMM measurement failed: " + e.getMessage(), e);
        }
    }
}
