package dev.facecal.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The converted dlib model against face-api itself: every component of every fixture descriptor
 * ({@code fixtures/faceapi/descriptors.json}, face-api 1.7.15 on tfjs' cpu backend) within 1e-4 when ONNX Runtime
 * runs the graph on the tensor face-api fed its network.
 */
class DlibConverterTest {
    static final double TOLERANCE = 1e-4;

    private static byte[] model;
    private static List<FaceApiFixtures.Case> cases;

    @BeforeAll
    static void convert() {
        var tgz = FaceApiTarball.get();
        long t0 = System.nanoTime();
        model = DlibConverter.convert(tgz);
        System.out.printf(Locale.ROOT, "DlibConverter.convert: %.2f s, %d bytes%n", (System.nanoTime() - t0) / 1e9,
                model.length);
        cases = FaceApiFixtures.cases();
    }

    @Test
    void matchesFaceApiDescriptors() throws OrtException {
        float[][] got = run(model, OrtSession.SessionOptions.OptLevel.ALL_OPT, cases);
        double max = 0;
        for (int k = 0; k < cases.size(); k++) {
            var c = cases.get(k);
            double caseMax = 0;
            for (int i = 0; i < 128; i++) {
                double d = Math.abs(got[k][i] - c.descriptor()[i]);
                caseMax = Math.max(caseMax, d);
                assertTrue(d <= TOLERANCE, c.name() + " component " + i + ": ONNX " + got[k][i] + " vs face-api "
                        + c.descriptor()[i]);
            }
            System.out.printf(Locale.ROOT, "  %-28s %dx%d max |diff| %.3g%n", c.name(), c.width(), c.height(), caseMax);
            max = Math.max(max, caseMax);
        }
        System.out.printf(Locale.ROOT, "dlib ONNX vs face-api (tfjs cpu), %d inputs: max |diff| %.3g%n", cases.size(), max);
    }

    @Test
    void batchOfOneEqualsBatchOfMany() throws OrtException {
        float[][] all = run(model, OrtSession.SessionOptions.OptLevel.ALL_OPT, cases);
        for (int k : new int[] {0, cases.size() - 1}) {
            float[][] one = run(model, OrtSession.SessionOptions.OptLevel.ALL_OPT, List.of(cases.get(k)));
            for (int i = 0; i < 128; i++) assertEquals(all[k][i], one[0][i], 1e-6, cases.get(k).name());
        }
    }

    @Test
    void graphHasTheAgreedInterface() throws OrtException {
        var env = OrtEnvironment.getEnvironment();
        try (var opts = new OrtSession.SessionOptions(); OrtSession s = env.createSession(model, opts)) {
            NodeInfo in = s.getInputInfo().get(DlibConverter.INPUT);
            NodeInfo out = s.getOutputInfo().get(DlibConverter.OUTPUT);
            assertArrayEquals(new long[] {-1, 150, 150, 3}, ((TensorInfo) in.getInfo()).getShape());
            assertArrayEquals(new long[] {-1, 128}, ((TensorInfo) out.getInfo()).getShape());
            assertEquals(1, s.getInputInfo().size());
            assertEquals(1, s.getOutputInfo().size());
        }
    }

    @Test
    void conversionIsByteIdenticalAcrossRuns() {
        long t0 = System.nanoTime();
        byte[] again = DlibConverter.convert(FaceApiTarball.get());
        System.out.printf(Locale.ROOT, "DlibConverter.convert (second run): %.2f s; SHA-256 %s%n",
                (System.nanoTime() - t0) / 1e9, FaceApiFixtures.sha256(again));
        assertArrayEquals(model, again);
    }

    /** Separate bias/scale nodes vs folded, ORT optimisations on and off: printed, for the record. */
    @Test
    void reportVariants() throws OrtException {
        byte[] folded = DlibConverter.convert(TfjsWeights.fromTarball(FaceApiTarball.get(), "model",
                "face_recognition_model"), DlibGraph.Affine.FOLDED);
        float[][] reference = run(model, OrtSession.SessionOptions.OptLevel.ALL_OPT, cases);
        for (var variant : List.of(new Object[] {"separate", model}, new Object[] {"folded", folded})) {
            for (var level : List.of(OrtSession.SessionOptions.OptLevel.ALL_OPT,
                    OrtSession.SessionOptions.OptLevel.NO_OPT)) {
                float[][] got = run((byte[]) variant[1], level, cases);
                double max = 0;
                double fromDefault = 0;
                for (int k = 0; k < cases.size(); k++) {
                    for (int i = 0; i < 128; i++) {
                        max = Math.max(max, Math.abs(got[k][i] - cases.get(k).descriptor()[i]));
                        fromDefault = Math.max(fromDefault, Math.abs(got[k][i] - reference[k][i]));
                    }
                }
                System.out.printf(Locale.ROOT, "  variant %-8s %-8s max |diff| vs face-api %.3g, vs separate+ALL_OPT %.3g%n",
                        variant[0], level, max, fromDefault);
                assertTrue(max <= TOLERANCE);
            }
        }
    }

    static float[][] run(byte[] onnx, OrtSession.SessionOptions.OptLevel level, List<FaceApiFixtures.Case> batch)
            throws OrtException {
        var env = OrtEnvironment.getEnvironment();
        int n = batch.size();
        int per = 150 * 150 * 3;
        FloatBuffer buf = FloatBuffer.allocate(n * per);
        for (var c : batch) buf.put(c.netInput());
        buf.flip();
        try (var opts = new OrtSession.SessionOptions()) {
            opts.setOptimizationLevel(level);
            try (OrtSession s = env.createSession(onnx, opts);
                 OnnxTensor t = OnnxTensor.createTensor(env, buf, new long[] {n, 150, 150, 3});
                 OrtSession.Result r = s.run(java.util.Map.of(DlibConverter.INPUT, t))) {
                return (float[][]) r.get(0).getValue();
            }
        }
    }
}
