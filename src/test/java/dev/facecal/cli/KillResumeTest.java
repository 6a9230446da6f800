package dev.facecal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault test (issue 11): {@code facecal distances} killed with SIGKILL at three points, before its first result,
 * after its first cached embedding and after three, each time resumed by the next run; the last run's output equals
 * an uninterrupted run's byte for byte, the killed runs leave nothing in their temp directory (the native libraries
 * come from facecal's cache, not a copy per run), finished photos are never computed again, and progress is shown
 * before the first photo is done.
 */
class KillResumeTest {
    @TempDir
    Path dir;

    @Test
    void killedRunsResumeToTheSameBytesAndLeakNothing() throws Exception {
        Path models = dir.resolve("models");
        assertEquals(0, CliTest.run("model", "install", "dlib", "--from", FaceApiTarball.get().toString(), "--models",
                models.toString()).status());
        Path photos = Fixtures.shared().resolve("datasets/deepface-unit");
        Path pairs = Files.writeString(dir.resolve("pairs.csv"), """
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
        Path expected = dir.resolve("expected.csv");
        assertEquals(0, CliTest.run(args(photos, pairs, models, dir.resolve("cache-whole"), expected)).status());

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
