package dev.facecal.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

/** CPU time from {@code /proc/stat}, to tell how much the hypervisor stole from a timed span (shared machines). */
public final class ProcStat {
    private ProcStat() {
    }

    /** The aggregate {@code cpu} line of this machine's /proc/stat, or null outside Linux. */
    public static long[] cpuTimes() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/stat"))) {
            return lines.filter(l -> l.startsWith("cpu ")).findFirst().map(ProcStat::parse).orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The numbers of a {@code cpu ...} line: user nice system idle iowait irq softirq steal ... */
    public static long[] parse(String cpuLine) {
        return Arrays.stream(cpuLine.substring(cpuLine.indexOf(' ')).trim().split("\\s+")).mapToLong(Long::parseLong)
                .toArray();
    }

    /** Share of CPU time the hypervisor gave to others (steal) between two readings; NaN when unknown. */
    public static double steal(long[] a, long[] b) {
        if (a == null || b == null || a.length < 8 || b.length < 8) return Double.NaN;
        long total = 0;
        for (int i = 0; i < 8; i++) total += b[i] - a[i];
        return total == 0 ? Double.NaN : (double) (b[7] - a[7]) / total;
    }
}
