package dev.facecal.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The machine description: /proc/cpuinfo and /proc/stat parsing, and the peak measurements (values, not speed). */
class MachineTest {

    @Test
    void cpuinfoGivesTheVectorWidthAndThePeakPerCycle() {
        List<String> lines = List.of("processor\t: 0", "vendor_id\t: GenuineIntel", "cpu family\t: 6", "model\t\t: 143",
                "model name\t: Intel(R) Xeon(R) Platinum 8480+", "cpu MHz\t\t: 2000.000",
                "flags\t\t: fpu sse2 avx fma avx2 avx512f avx512_vnni amx_tile", "", "processor\t: 1",
                "model name\t: Intel(R) Xeon(R) Platinum 8480+");
        CpuInfo c = CpuInfo.parse(lines, 99, "amd64");
        assertEquals("Intel(R) Xeon(R) Platinum 8480+", c.model());
        assertEquals(2, c.cores());
        assertEquals(2000.0, c.mhz(), 0.0);
        assertEquals(16, c.lanes());
        assertEquals(64, c.flopsPerCycle()); // 2 pipes x 16 lanes x 2 FLOPs per FMA
        assertEquals(128.0, c.peakPerCore(2.0), 0.0);
        assertEquals("AVX-512", c.simd());
        assertEquals("fma avx2 avx512f avx512_vnni amx_tile", c.vectorFlags());
        CpuInfo none = CpuInfo.parse(List.of(), 4, "aarch64");
        assertEquals("aarch64", none.model());
        assertEquals(4, none.cores());
        assertEquals(8, none.flopsPerCycle()); // no flags: 4 lanes, no FMA
    }

    @Test
    void stealIsTheHypervisorsShareBetweenTwoReadings() {
        long[] a = ProcStat.parse("cpu  100 0 50 800 10 0 0 40 0 0");
        long[] b = ProcStat.parse("cpu  200 0 100 1600 20 0 0 80 0 0");
        assertEquals(40.0 / 1000, ProcStat.steal(a, b), 1e-15);
        assertTrue(Double.isNaN(ProcStat.steal(null, b)));
        assertTrue(Double.isNaN(ProcStat.steal(a, a)));
    }

    @Test
    void peakMeasurementsGiveFiniteRates() {
        double ghz = MachinePeak.clockGhz(2, 1_000_000L);
        assertTrue(ghz > 0 && Double.isFinite(ghz), "clock " + ghz);
        MachinePeak.Gemm g = MachinePeak.sgemm(64, 1, 3);
        assertTrue(g.best() > 0 && g.best() >= g.median(), g.toString());
        assertFalse(Double.isNaN(g.median()));
    }

    @Test
    void statsAreNumPysLinearPercentiles() {
        double[] v = {4, 1, 3, 2};
        assertEquals(2.5, Stats.median(v), 0.0);
        assertEquals(3.7, Stats.percentile(v, 0.9), 1e-12);
        assertEquals(1, Stats.min(v), 0.0);
        assertEquals(4, Stats.max(v), 0.0);
        assertTrue(Double.isNaN(Stats.median(new double[0])));
        assertEquals(8 * 3, Stats.nLogN(8), 1e-12);
    }
}
