package dev.facecal.models;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.facecal.FacecalException;
import io.jhdf.HdfFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Converts the synthetic VGG-Face weights file (same layout and layer structure as DeepFace's
 * {@code vgg_face_weights.h5}, few channels; {@code reference/make_vggface_h5.py}) and checks ONNX Runtime's
 * output against a float64 forward pass written here directly from DeepFace's Keras model definition, on the
 * weights as jhdf reads them (NHWC activations, HWIO kernels, explicit zero padding; nothing shared with the
 * converter).
 */
class VggFaceConverterTest {

    static final Path FIXTURES = Path.of("src/test/resources/fixtures/vggface");
    static final Path SYNTHETIC = FIXTURES.resolve("vgg_face_synthetic.h5");
    static final Path BAD_FC6 = FIXTURES.resolve("vgg_face_bad_fc6.h5");
    static final int BATCH = 2;
    static final int SIZE = 224;

    /** kernels [kh][kw][in][out] flattened, biases, per weighted layer, in the file's order */
    static float[][] kernels = new float[16][];
    static int[][] kernelShapes = new int[16][];
    static float[][] biases = new float[16][];
    static float[] input;

    @BeforeAll
    static void readWeightsAndMakeInput() {
        try (HdfFile f = new HdfFile(SYNTHETIC)) {
            for (int i = 0; i < 16; i++) {
                String layer = "conv2d_" + (i + 1);
                var k = f.getDatasetByPath("/" + layer + "/" + layer + "/kernel:0");
                kernels[i] = (float[]) k.getDataFlat();
                kernelShapes[i] = k.getDimensions();
                biases[i] = (float[]) f.getDatasetByPath("/" + layer + "/" + layer + "/bias:0").getDataFlat();
            }
        }
        Random random = new Random(7);
        input = new float[BATCH * SIZE * SIZE * 3];
        for (int i = 0; i < input.length; i++) input[i] = random.nextFloat(); // BGR / 255, in [0, 1)
    }

    // ---- the independent reference: DeepFace's base_model() in float64 ------------------------------------------

    /** activations [h][w][c] flattened, NHWC without the batch axis */
    record Act(int h, int w, int c, double[] v) {
        double at(int y, int x, int ch) {
            return v[(y * w + x) * c + ch];
        }
    }

    static Act zeroPad1(Act a) {
        int h = a.h() + 2, w = a.w() + 2;
        double[] v = new double[h * w * a.c()];
        for (int y = 0; y < a.h(); y++) {
            for (int x = 0; x < a.w(); x++) {
                for (int ch = 0; ch < a.c(); ch++) v[((y + 1) * w + x + 1) * a.c() + ch] = a.at(y, x, ch);
            }
        }
        return new Act(h, w, a.c(), v);
    }

    /** Keras Conv2D, padding 'valid', stride 1, kernel [kh][kw][in][out] */
    static Act conv(Act a, int layer, boolean relu) {
        int[] s = kernelShapes[layer];
        int kh = s[0], kw = s[1], in = s[2], out = s[3];
        assertEquals(a.c(), in);
        float[] k = kernels[layer];
        int h = a.h() - kh + 1, w = a.w() - kw + 1;
        double[] v = new double[h * w * out];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int o = 0; o < out; o++) {
                    double sum = biases[layer][o];
                    for (int dy = 0; dy < kh; dy++) {
                        for (int dx = 0; dx < kw; dx++) {
                            for (int i = 0; i < in; i++) {
                                sum += a.at(y + dy, x + dx, i) * k[((dy * kw + dx) * in + i) * out + o];
                            }
                        }
                    }
                    v[(y * w + x) * out + o] = relu ? Math.max(0, sum) : sum;
                }
            }
        }
        return new Act(h, w, out, v);
    }

    /** Keras MaxPooling2D((2, 2), strides=(2, 2)) */
    static Act maxPool(Act a) {
        int h = a.h() / 2, w = a.w() / 2;
        double[] v = new double[h * w * a.c()];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int ch = 0; ch < a.c(); ch++) {
                    double m = Math.max(Math.max(a.at(2 * y, 2 * x, ch), a.at(2 * y, 2 * x + 1, ch)),
                            Math.max(a.at(2 * y + 1, 2 * x, ch), a.at(2 * y + 1, 2 * x + 1, ch)));
                    v[(y * w + x) * a.c() + ch] = m;
                }
            }
        }
        return new Act(h, w, a.c(), v);
    }

    static double[] reference(int image, VggFaceVariant variant) {
        double[] v = new double[SIZE * SIZE * 3];
        for (int i = 0; i < v.length; i++) v[i] = input[image * v.length + i];
        Act a = new Act(SIZE, SIZE, 3, v);
        int layer = 0;
        for (int block : new int[]{2, 2, 3, 3, 3}) {
            for (int j = 0; j < block; j++) a = conv(zeroPad1(a), layer++, true);
            a = maxPool(a);
        }
        assertEquals(7, a.h());
        a = conv(a, 13, true);             // fc6
        a = conv(a, 14, true);             // fc7 (model.layers[-5])
        if (variant == VggFaceVariant.V2020) {
            a = conv(a, 15, false);        // fc8, before Flatten + softmax (model.layers[-2])
            return a.v();
        }
        double norm = 0;
        for (double x : a.v()) norm += x * x;
        norm = Math.sqrt(norm);
        double[] out = a.v().clone();
        for (int i = 0; i < out.length; i++) out[i] /= norm + 1e-10;
        return out;
    }

    // ---- ONNX Runtime -----------------------------------------------------------------------------------------

    static float[][] runOnnx(byte[] model) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession session = env.createSession(model, options);
             OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[]{BATCH, SIZE, SIZE, 3});
             OrtSession.Result r = session.run(Map.of("input", x))) {
            return (float[][]) r.get("embedding").orElseThrow().getValue();
        }
    }

    @ParameterizedTest
    @EnumSource(VggFaceVariant.class)
    void matchesPlainJavaForwardPass(VggFaceVariant variant) throws OrtException {
        float[][] got = runOnnx(VggFaceConverter.convert(SYNTHETIC, variant));
        int dim = variant == VggFaceVariant.CURRENT ? 12 : 9; // fc7 and fc8 channels of the synthetic file
        assertEquals(BATCH, got.length);
        for (int n = 0; n < BATCH; n++) {
            double[] want = reference(n, variant);
            assertEquals(dim, want.length);
            assertEquals(dim, got[n].length);
            double scale = Arrays.stream(want).map(Math::abs).max().orElseThrow();
            assertTrue(scale > 1e-3, "degenerate reference output " + Arrays.toString(want));
            long nonZero = Arrays.stream(want).filter(x -> x != 0).count();
            assertTrue(nonZero >= dim / 2, "too few active outputs to be a useful check: " + Arrays.toString(want));
            for (int i = 0; i < dim; i++) {
                double tol = 1e-4 * Math.max(Math.abs(want[i]), 1e-2 * scale);
                assertEquals(want[i], got[n][i], tol, variant + " image " + n + " component " + i);
            }
            if (variant == VggFaceVariant.CURRENT) {
                double norm = 0;
                for (float x : got[n]) norm += (double) x * x;
                assertEquals(1.0, Math.sqrt(norm), 1e-6, "L2 norm of image " + n);
            }
        }
        assertTrue(!Arrays.equals(got[0], got[1]), "the two images gave the same embedding");
    }

    @Test
    void conversionIsByteIdenticalAcrossRuns() {
        for (VggFaceVariant v : VggFaceVariant.values()) {
            assertArrayEquals(VggFaceConverter.convert(SYNTHETIC, v), VggFaceConverter.convert(SYNTHETIC, v),
                    v.name());
        }
    }

    // ---- bad input -------------------------------------------------------------------------------------------

    static void assertFix(FacecalException e, Path file) {
        assertTrue(e.getMessage().contains(file.toString()), "message names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(VggFaceConverter.PINNED_URL), "message gives the fix: " + e.getMessage());
        // the library says what to do; the command line spells it as ./facecal model install vgg-face --from ...
        assertTrue(e.getMessage().contains("install vgg-face from it"), e.getMessage());
        assertEquals(new FacecalException.Remedy(FacecalException.Action.INSTALL_MODEL_FROM_FILE, "vgg-face",
                "vgg_face_weights.h5"), e.remedy());
    }

    @Test
    void truncatedFileIsReportedAsTruncated(@TempDir Path dir) throws IOException {
        byte[] whole = Files.readAllBytes(SYNTHETIC);
        for (int keep : new int[]{whole.length / 2, whole.length - 100, 1000, 20}) {
            Path cut = dir.resolve("vgg_face_weights_" + keep + ".h5");
            Files.write(cut, Arrays.copyOf(whole, keep));
            FacecalException e = assertThrows(FacecalException.class,
                    () -> VggFaceConverter.convert(cut, VggFaceVariant.CURRENT));
            assertFix(e, cut);
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
    }

    @Test
    void nonHdf5FileIsReportedAsSuch(@TempDir Path dir) throws IOException {
        Path html = dir.resolve("vgg_face_weights.h5");
        Files.writeString(html, "<!DOCTYPE html>\n<html><body>Not Found</body></html>\n", StandardCharsets.UTF_8);
        FacecalException e = assertThrows(FacecalException.class,
                () -> VggFaceConverter.convert(html, VggFaceVariant.V2020));
        assertFix(e, html);
        assertTrue(e.getMessage().contains("not an HDF5 file"), e.getMessage());
        assertTrue(e.getMessage().contains("<!DOCTYPE html>"), e.getMessage());

        Path empty = dir.resolve("empty.h5");
        Files.write(empty, new byte[0]);
        assertFix(assertThrows(FacecalException.class, () -> VggFaceConverter.convert(empty, VggFaceVariant.V2020)),
                empty);
    }

    @Test
    void missingFileIsReportedWithTheDownload(@TempDir Path dir) {
        Path missing = dir.resolve("nowhere/vgg_face_weights.h5");
        FacecalException e = assertThrows(FacecalException.class,
                () -> VggFaceConverter.convert(missing, VggFaceVariant.CURRENT));
        assertFix(e, missing);
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void wrongLayerShapeNamesTheLayer() {
        FacecalException e = assertThrows(FacecalException.class,
                () -> VggFaceConverter.convert(BAD_FC6, VggFaceVariant.CURRENT));
        assertFix(e, BAD_FC6);
        assertTrue(e.getMessage().contains("'conv2d_14'"), e.getMessage());
        assertTrue(e.getMessage().contains("fc6"), e.getMessage());
        assertTrue(e.getMessage().contains("[3, 3, 4, 10]"), e.getMessage());
    }

    @Test
    void installNeverReplacesAGoodModelWithABadOne(@TempDir Path dir) throws IOException {
        Path onnx = dir.resolve("models/vgg-face.onnx");
        String sha = VggFaceConverter.install(SYNTHETIC, VggFaceVariant.CURRENT, onnx);
        byte[] good = Files.readAllBytes(onnx);
        assertArrayEquals(VggFaceConverter.convert(SYNTHETIC, VggFaceVariant.CURRENT), good);
        assertEquals(64, sha.length());

        Path cut = dir.resolve("cut.h5");
        Files.write(cut, Arrays.copyOf(Files.readAllBytes(SYNTHETIC), 5000));
        assertThrows(FacecalException.class, () -> VggFaceConverter.install(cut, VggFaceVariant.CURRENT, onnx));
        assertThrows(FacecalException.class, () -> VggFaceConverter.install(BAD_FC6, VggFaceVariant.CURRENT, onnx));
        assertArrayEquals(good, Files.readAllBytes(onnx));
        try (var files = Files.list(onnx.getParent())) {
            assertEquals(1, files.count(), "no temporary files left behind");
        }
    }
}
