package dev.facecal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.Fixtures;
import dev.facecal.models.FaceApiTarball;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault test (issue 11): {@code facecal distances} killed with SIGKILL at three points, before its first result,
 * after its first cached embedding and after three, each time resumed by the next run; the last run's output equals
 * an uninterrupted run's byte for byte, the killed runs leave nothing in their temp directory (the native libraries
 * come from facecal's cache, not a copy per run), finished photos are never computed again, and progress is shown
 * before the first photo is done. Two runs started together on one cache compute each photo once, and a cache on a
 * full file system gives a clear error and keeps every finished entry whole.
 */
class KillResumeTest {
    @TempDir
    Path dir;

    private Path models;
    private Path photos;
    private Path pairs;
    private Path expected;

    /** The dlib model installed, the pair list, and the output of an uninterrupted run on its own cache. */
    @BeforeEach
    void anUninterruptedRun() throws IOException {
        models = dir.resolve("models");
        assertEquals(0, CliTest.run("model", "install", "dlib", "--from", FaceApiTarball.get().toString(), "--models",
                models.toString()).status());
        photos = Fixtures.shared().resolve("datasets/deepface-unit");
        pairs = pairs();
        expected = dir.resolve("expected.csv");
        assertEquals(0, CliTest.run(args(photos, pairs, models, dir.resolve("cache-alone"), expected)).status());
    }

    @Test
    void killedRunsResumeToTheSameBytesAndLeakNothing() throws Exception {
        Path cache = dir.resolve("cache");
        Path out = dir.resolve("out.csv");
        Path err = dir.resolve("err.txt");
        List<BooleanSupplier> points = List.of(
                () -> read(err).contains("photos 0/10"),
                () -> entries(cache) >= 1,
                () -> entries(cache) >= 3);
        int before = 0;
        for (int i = 0; i < points.size(); i++) {
            Path tmp = Files.createDirectories(dir.resolve("tmp" + i));
            Process p = child(tmp, err, args(photos, pairs, models, cache, out));
            long deadline = System.nanoTime() + 600_000_000_000L;
            while (!points.get(i).getAsBoolean() && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
            assertTrue(p.isAlive(), "the run ended before kill point " + i + ": " + read(err));
            p.destroyForcibly(); // SIGKILL
            p.waitFor();
            assertEquals(List.of(), files(tmp), "kill point " + i + " left files in the temp directory");
            int now = entries(cache);
            assertTrue(now >= before, "finished entries are kept");
            before = now;
            assertTrue(!Files.exists(out), "no partial output");
        }
        Path tmp = Files.createDirectories(dir.resolve("tmp-last"));
        Process last = child(tmp, err, args(photos, pairs, models, cache, out));
        assertEquals(0, last.waitFor(), read(err));
        assertTrue(read(err).contains("(" + before + " from the cache)"), read(err));
        assertEquals(Files.readString(expected), Files.readString(out));
        assertEquals(List.of(), files(tmp), "a normal run leaves nothing in the temp directory");
    }

    @Test
    void twoRunsSharingACacheComputeEachPhotoOnce() throws Exception {
        Path cache = dir.resolve("cache");
        Path errA = dir.resolve("a.txt"), errB = dir.resolve("b.txt");
        Path outA = dir.resolve("a.csv"), outB = dir.resolve("b.csv");
        Process a = child(Files.createDirectories(dir.resolve("tmp-a")), errA, args(photos, pairs, models, cache, outA));
        Process b = child(Files.createDirectories(dir.resolve("tmp-b")), errB, args(photos, pairs, models, cache, outB));
        assertEquals(0, a.waitFor(), read(errA));
        assertEquals(0, b.waitFor(), read(errB));
        assertEquals(Files.readString(expected), Files.readString(outA));
        assertEquals(Files.readString(expected), Files.readString(outB));
        int computedA = 10 - fromCache(read(errA)), computedB = 10 - fromCache(read(errB));
        assertEquals(10, computedA + computedB, "each of the 10 photos computed by one run only: " + read(errA)
                + " / " + read(errB));
        try (Stream<Path> s = Files.walk(cache)) {
            assertEquals(List.of(), s.filter(p -> !Files.isDirectory(p) && !p.toString().endsWith(".f32")).toList(),
                    "no claim or temporary file left");
        }
    }

    @Test
    void aFullDiskIsAClearErrorAndKeepsEveryFinishedEntryWhole() throws Exception {
        Path small = Files.createDirectories(dir.resolve("small"));
        // a real full file system: a 24 KiB tmpfs holds the cache's folder and five entries (one page each)
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=24k", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        String why = new String(mount.getInputStream().readAllBytes());
        Assumptions.assumeTrue(mount.waitFor() == 0, "mounting a small tmpfs needs root: " + why);
        try {
            Path cache = small.resolve("cache"), out = dir.resolve("out.csv"), err = dir.resolve("err.txt");
            Files.writeString(out, "earlier output\n");
            Process p = child(Files.createDirectories(dir.resolve("tmp-full")), err, args(photos, pairs, models, cache, out));
            int status = p.waitFor();
            String e = read(err);
            assertEquals(2, status, e);
            assertTrue(e.contains("cannot write to the embedding cache") && e.contains("No space left on device")
                    && e.contains("free space"), e);
            assertFalse(e.contains("\tat ") || e.contains("Exception:"), "no stack trace: " + e);
            assertEquals("earlier output\n", Files.readString(out), "the earlier output is untouched");
            int kept = entries(cache);
            assertTrue(kept >= 1 && kept < 10, "some entries fit, not all: " + kept);
            try (Stream<Path> s = Files.walk(cache)) {
                for (Path f : s.filter(Files::isRegularFile).toList()) {
                    assertTrue(f.toString().endsWith(".f32"), "only whole entries are left: " + f);
                    assertEquals(4 + 4 * 128, Files.size(f), f + " is whole");
                }
            }
            // the entries resume a run on a disk with room: computed once, same bytes
            Path roomy = dir.resolve("roomy");
            try (Stream<Path> s = Files.walk(cache)) {
                for (Path f : s.toList()) Files.copy(f, roomy.resolve(cache.relativize(f).toString()));
            }
            Path out2 = dir.resolve("out2.csv");
            Process resumed = child(Files.createDirectories(dir.resolve("tmp-resume")), err,
                    args(photos, pairs, models, roomy, out2));
            assertEquals(0, resumed.waitFor(), read(err));
            assertTrue(read(err).contains("(" + kept + " from the cache)"), read(err));
            assertEquals(Files.readString(expected), Files.readString(out2));
        } finally {
            new ProcessBuilder("umount", small.toString()).inheritIO().start().waitFor();
        }
    }

    private static int fromCache(String err) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\((\\d+) from the cache\\)").matcher(err);
        assertTrue(m.find(), err);
        return Integer.parseInt(m.group(1));
    }

    private Path pairs() throws IOException {
        return Files.writeString(dir.resolve("pairs.csv"), """
                file_x,file_y,Decision
                img1.jpg,img2.jpg,Yes
                img16.jpg,img17.jpg,Yes
                img22.jpg,img23.jpg,Yes
                img1.jpg,img16.jpg,No
                img2.jpg,img22.jpg,No
                img17.jpg,img23.jpg,No
                img25.jpg,img24.jpg,Yes
                img5.jpg,img6.jpg,Yes
                """);
    }

    private static String[] args(Path photos, Path pairs, Path models, Path cache, Path out) {
        return new String[] {"distances", "--dataset", photos.toString(), "--pairs", pairs.toString(), "--models",
            models.toString(), "--cache", cache.toString(), "--out", out.toString(), "--workers", "2"};
    }

    private static Process child(Path tmp, Path err, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UsePerfData", "-Djava.io.tmpdir=" + tmp, "--enable-native-access=ALL-UNNAMED",
                "-cp", runtimeClassPath(), "dev.facecal.cli.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile()).start();
    }

    /**
     * This JVM's class path without the test libraries: with JUnit and ArchUnit on it the child crashed (SIGSEGV, no
     * JVM error report) at its first photo, which the packaged jar's class path never does.
     */
    private static String runtimeClassPath() {
        return Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> !e.matches(".*(junit|archunit|opentest4j|apiguardian|surefire|test-classes).*"))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    private static int entries(Path cache) {
        if (!Files.isDirectory(cache)) return 0;
        try (Stream<Path> s = Files.walk(cache)) {
            return (int) s.filter(p -> p.getFileName().toString().endsWith(".f32")).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).toList();
        }
    }

    private static String read(Path f) {
        try {
            return Files.isRegularFile(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
