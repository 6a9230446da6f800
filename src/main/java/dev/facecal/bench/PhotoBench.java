package dev.facecal.bench;

import dev.facecal.face.StageClock;
import dev.facecal.pipeline.EmbeddingOptions;
import dev.facecal.pipeline.EmbeddingStage;
import dev.facecal.pipeline.PhotoEmbeddings;
import dev.facecal.pipeline.Progress;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench-photos}: the photo pipeline timed stage by stage ({@link StageClock}) on real photos: one cold run
 * (an empty embedding cache: read, decode, detect, eyes, align, preprocess, embed, cache write) and one warm run
 * (every photo from the cache), with photos/s end to end (wall clock, the model already open), the process's CPU
 * seconds, the load average of the machine (the runs are only comparable on a quiet one) and the process's peak
 * resident memory so far (VmHWM: run one detector per process to read it per detector).
 */
public final class PhotoBench {
    private PhotoBench() {}

    /** One run: the photos, the wall and CPU seconds, each stage's summed thread nanoseconds, the peak RSS. */
    public record Run(String label, int photos, int failed, double wallSeconds, double cpuSeconds, long[] stageNanos,
                      long peakRssKb, String loadAverage) {
        public double photosPerSecond() {
            return photos / wallSeconds;
        }
    }

    /** A cold run into an empty cache under {@code scratch}, then a warm run from it. */
    public static List<Run> coldAndWarm(List<Path> photos, EmbeddingOptions options, int workers, Path scratch) {
        EmbeddingOptions o = options.withCache(scratch.resolve("cache"));
        List<Run> out = new ArrayList<>();
        out.add(run("cold", photos, o, workers));
        out.add(run("warm", photos, o, workers));
        return out;
    }

    static Run run(String label, List<Path> photos, EmbeddingOptions options, int workers) {
        StageClock clock = new StageClock();
        String load = loadAverage();
        double cpu0 = cpuSeconds();
        long t0 = System.nanoTime();
        PhotoEmbeddings e = EmbeddingStage.run(photos, options, Progress.NONE, workers, clock);
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = cpuSeconds() - cpu0;
        long[] nanos = new long[StageClock.Stage.values().length];
        for (StageClock.Stage s : StageClock.Stage.values()) nanos[s.ordinal()] = clock.nanos(s);
        return new Run(label, e.size(), e.failures().size(), wall, cpu, nanos, peakRssKb(), load);
    }

    /** The run as a table: per stage, milliseconds per photo (summed over threads) and share of the stages' total. */
    public static String table(String title, Run r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s, %s cache: %d photos (%d failed) in %.2f s = %.2f photos/s, "
                        + "CPU %.1f s, peak RSS %d MB, load average %s%n", title, r.label(), r.photos(), r.failed(),
                r.wallSeconds(), r.photosPerSecond(), r.cpuSeconds(), r.peakRssKb() / 1024, r.loadAverage()));
        long total = 0;
        for (long n : r.stageNanos()) total += n;
        b.append("| stage | ms/photo | share | what |\n|---|---:|---:|---|\n");
        for (StageClock.Stage s : StageClock.Stage.values()) {
            long n = r.stageNanos()[s.ordinal()];
            b.append(String.format(Locale.ROOT, "| %s | %.2f | %.1f %% | %s |%n", s.label(), n / 1e6 / r.photos(),
                    total == 0 ? 0 : 100.0 * n / total, s.what()));
        }
        return b.toString();
    }

    static double cpuSeconds() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean s ? s.getProcessCpuTime() / 1e9 : Double.NaN;
    }

    /** VmHWM of this process in kB (Linux), -1 elsewhere. */
    public static long peakRssKb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** The 1, 5 and 15 minute load averages (Linux), "?" elsewhere. */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
