package dev.facecal.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@code /proc/cpuinfo} says about the machine, and the peak float32 rate assumed from it: 2 FMA pipes as
 * wide as the widest vector flag, 2 FLOPs per fused multiply-add.
 *
 * @param model       {@code model name}
 * @param family      family, model and vendor
 * @param cores       logical processors listed
 * @param mhz         {@code cpu MHz} of the first processor (the nominal clock a VM reports)
 * @param avx512      {@code avx512f} present
 * @param avx2        {@code avx2} present
 * @param fma         {@code fma} present
 * @param vectorFlags the vector flags found, space-separated
 */
public record CpuInfo(String model, String family, int cores, double mhz, boolean avx512, boolean avx2, boolean fma,
                      String vectorFlags) {

    /** This machine's {@code /proc/cpuinfo}; outside Linux the JVM's processor count and {@code os.arch}. */
    public static CpuInfo read() {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
        } catch (IOException | RuntimeException e) {
            lines = List.of();
        }
        return parse(lines, Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"));
    }

    /** Reads the lines of a {@code /proc/cpuinfo}; the fallbacks stand in for what they lack. */
    public static CpuInfo parse(List<String> lines, int fallbackCores, String fallbackModel) {
        Map<String, String> first = new LinkedHashMap<>();
        int processors = 0;
        for (String l : lines) {
            int c = l.indexOf(':');
            if (c < 0) continue;
            String k = l.substring(0, c).trim(), v = l.substring(c + 1).trim();
            if (k.equals("processor")) processors++;
            first.putIfAbsent(k, v);
        }
        int cores = processors > 0 ? processors : fallbackCores;
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
        return new CpuInfo(first.getOrDefault("model name", fallbackModel),
                "family " + first.getOrDefault("cpu family", "?") + ", model " + first.getOrDefault("model", "?")
                        + ", " + first.getOrDefault("vendor_id", "?"),
                cores, mhz, flags.contains("avx512f"), flags.contains("avx2"), flags.contains("fma"), vf);
    }

    /** float32 lanes of the widest vector unit. */
    public int lanes() {
        return avx512 ? 16 : avx2 ? 8 : 4;
    }

    /** float32 FLOPs per cycle of one core, assuming 2 FMA pipes as wide as the widest vector flag. */
    public int flopsPerCycle() {
        return 2 * lanes() * (fma ? 2 : 1);
    }

    /** Assumed peak GFLOP/s of one core at {@code ghz}. */
    public double peakPerCore(double ghz) {
        return flopsPerCycle() * ghz;
    }

    /** {@code AVX-512}, {@code AVX2} or {@code SSE}. */
    public String simd() {
        return avx512 ? "AVX-512" : avx2 ? "AVX2" : "SSE";
    }
}
