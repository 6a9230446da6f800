package dev.facecal.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facecal.embed.ModelSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark reports rendered from given results, and a small calibration benchmark run end to end. */
class BenchReportTest {

    private static CalibrationBench.Size size(int n, double seconds) {
        Map<String, double[]> phases = new LinkedHashMap<>();
        for (String p : List.of("stats", "sort", "roc", "c45", "c45_exact", "sweeps", "logistic")) {
            phases.put(p, new double[] {seconds / 10, seconds / 8});
        }
        HeapMonitor.Use heap = new HeapMonitor.Use(64L << 20, 32L << 20, 1);
        return new CalibrationBench.Size(n, n / 10, n / 2, 20L * n, new double[] {seconds / 4, seconds / 3},
                new double[] {seconds, seconds * 1.1}, phases, new HeapMonitor.Use(8L << 20, 0, 0), heap, 0.4, 0.99,
                null);
    }

    @Test
    void calibrationReportHasARowPerSizeAndTheGrowth() {
        var options = new CalibrationBench.Options(List.of(1000, 10000), 2, 42, 0.1, null);
        String md = CalibrationBenchReport.render(new CalibrationBench.Result(options,
                List.of(size(1000, 0.01), size(10000, 0.12))));
        assertTrue(md.startsWith("### Full calibration (facecal, bootstrap off)"), md);
        assertTrue(md.contains("| 1,000 | 500 | 0.011 | 0.010 | 0.011 | 1.00 / 1.00 |  | 64 | 32 |"), md);
        assertTrue(md.contains("| 10,000 | 5,000 |"), md);
        assertTrue(md.contains("### Phases of the calibration"), md);
        assertTrue(md.contains("| pairs | stats | sort | roc | c45 | c45_exact | sweeps | logistic | sum | full calibration |"), md);
        assertTrue(!md.contains("Python reference"), "no reference section without --reference");
        String machine = CalibrationBenchReport.machine(options, "facecal bench --sizes 1000,10000");
        assertTrue(machine.contains("| data | SyntheticPairs seed 42, 10.0 % same-person |"), machine);
        assertTrue(machine.contains("facecal bench --sizes 1000,10000"), machine);
    }

    @Test
    void optionsNameTheBadValue() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new CalibrationBench.Options(List.of(50), 1, 1, 0.1, null));
        assertTrue(e.getMessage().contains("[50]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CalibrationBench.Options(List.of(1000), 0, 1, 0.1, null));
    }

    @Test
    void aSmallCalibrationBenchmarkRuns() throws Exception {
        var options = new CalibrationBench.Options(List.of(2000, 500), 1, 7, 0.2, null);
        StringWriter log = new StringWriter();
        CalibrationBench.Result r = CalibrationBench.run(options, new PrintWriter(log));
        assertEquals(List.of(500, 2000), r.sizes().stream().map(CalibrationBench.Size::n).toList());
        for (CalibrationBench.Size s : r.sizes()) {
            assertEquals(1, s.calibrate().length);
            assertEquals(7, s.phases().size());
            assertTrue(s.distinct() > 0 && s.distinct() <= s.n());
            assertTrue(s.auc() > 0.5 && s.auc() <= 1, "separable synthetic classes: " + s.auc());
        }
        assertTrue(CalibrationBenchReport.render(r).contains("| 2,000 |"));
    }

    @Test
    void pythonAgreementLinesCompareTheTwoSides() throws Exception {
        var res = new ObjectMapper().readTree("""
                {"roc": {"auc": 0.9}, "stats": {"pos_mean": 0.3, "pos_std": 0.1, "neg_mean": 0.7, "neg_std": 0.12},
                 "c45": 0.5, "logistic": {"w": -10.0, "b": 5.0}}""");
        List<String> checks = PythonReference.crossCheck(res,
                new PythonReference.Facecal(0.9, 0.3, 0.1, 0.7, 0.12, 0.51, -10.0000001, 5.0, true));
        assertEquals("AUC identical", checks.get(0));
        assertEquals("mean/std identical", checks.get(1));
        assertEquals("C4.5 differs (0.5 vs 0.51)", checks.get(2));
        assertTrue(checks.get(3).startsWith("logistic w, b within 1e-08"), checks.get(3));
    }

    @Test
    void embeddingReportComparesDescriptorsAndRatesAgainstThePeak() {
        float[][] d = {{0.1f, 0.2f}, {0.3f, 0.4f}};
        float[][] e = {{0.1f, 0.2f}, {0.3f, 0.5f}};
        var ort1 = EmbeddingBench.Timing.of("onnxruntime", 1, 1, new double[] {10, 10, 12}, d);
        var ort16 = EmbeddingBench.Timing.of("onnxruntime", 1, 2, new double[] {15, 15}, d);
        var wasm = EmbeddingBench.Timing.of("tfjs-wasm", 1, 1, new double[] {40, 40}, e);
        var cpu = new CpuInfo("test cpu", "family 6", 2, 2000, false, true, true, "fma avx2");
        ModelSpec spec = ModelSpec.dlib();
        var options = new EmbeddingBench.Options(null, "dlib", 2, List.of(1, 2), List.of(1), 2, 0, 7, null, 0, false,
                0);
        OnnxFlops flops = OnnxFlops.of(ai.onnx.proto.OnnxMl.ModelProto.getDefaultInstance(), spec);
        var result = new EmbeddingBench.Result(options, spec, new double[] {0.5, 0.7}, flops, cpu, 3.0, Double.NaN,
                Double.NaN, Double.NaN, "1.29.0", Map.of(), Map.of(), List.of(ort1, ort16), List.of(),
                Map.of("wasm", List.of(wasm)), Map.of());
        String md = EmbeddingBenchReport.render(result);
        assertTrue(md.contains("| ONNX Runtime 1.29.0 | 1 | 1 | 93.8 |"), md);
        assertTrue(md.contains("| tfjs-wasm | 1 | 1 | 25.0 |"), md);
        assertTrue(md.contains("| ORT 1 thr, batch 1 vs tfjs-wasm batch 1 | 2 | 1.00e-01 | 1.00e-01 |"), md);
        assertTrue(md.contains("32 FLOPs per cycle"), md);
    }
}
