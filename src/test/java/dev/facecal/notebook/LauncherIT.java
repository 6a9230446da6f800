package dev.facecal.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.notebook.NotebookRunner.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher builds only when the jar's inputs changed. It runs here on a copy of the project's layout whose
 * {@code target/} points at the real jar, with a stand-in {@code mvn} on PATH that records each call, so the test
 * sees every build the launcher would start without running Maven inside Maven.
 */
class LauncherIT {

    @Test
    void buildsOnlyWhenSourcesChangedNeverForFetchedData(@TempDir Path tmp) throws IOException {
        Path project = NotebookRunner.projectRoot();
        Path root = Files.createDirectories(tmp.resolve("facecal"));
        Files.copy(project.resolve("facecal"), root.resolve("facecal"));
        Path source = Files.createDirectories(root.resolve("src/main/java")).resolve("Source.java");
        Files.writeString(source, "class Source {}\n");
        Files.writeString(root.resolve("pom.xml"), "<project/>\n");
        Path manifest = Files.createDirectories(root.resolve("dataset")).resolve("deepface-unit.tsv");
        Files.writeString(manifest, "name\tsha256\turl\n");
        Path photo = Files.createDirectories(root.resolve("dataset/deepface-unit")).resolve("img1.jpg");
        Files.createDirectories(root.resolve("target"));
        Files.createSymbolicLink(root.resolve("target/facecal.jar"), project.resolve("target/facecal.jar"));
        Files.createSymbolicLink(root.resolve("target/lib"), project.resolve("target/lib"));
        Path log = tmp.resolve("mvn.log");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.writeString(bin.resolve("mvn"), "#!/bin/sh\necho \"$@\" >> '" + log + "'\n");
        Files.setPosixFilePermissions(bin.resolve("mvn"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = Map.of("PATH", bin + ":" + System.getenv("PATH"));

        Result first = version(root, env);                       // no record of a build yet: builds once
        assertEquals(1, builds(log), first.output());
        assertTrue(first.output().contains("building"), first.output());
        Result second = version(root, env);                      // up to date: starts the JVM directly
        assertEquals(1, builds(log), second.output());
        assertFalse(second.output().contains("building"), second.output());

        touchLater(photo);                                       // fetched data: no build
        Files.writeString(root.resolve("dataset/deepface-unit/new.jpg"), "x");
        touchLater(root.resolve("dataset/deepface-unit/new.jpg"));
        version(root, env);
        assertEquals(1, builds(log), "a fetched photo must not trigger a build");

        touchLater(manifest);                                    // a manifest packed into the jar: builds
        version(root, env);
        assertEquals(2, builds(log));
        touchLater(source);                                      // a source: builds
        version(root, env);
        assertEquals(3, builds(log));
        version(root, env);
        assertEquals(3, builds(log));
    }

    private static Result version(Path root, Map<String, String> env) {
        Result r = NotebookRunner.exec(List.of("./facecal", "--version"), root, env, Duration.ofMinutes(2));
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("facecal "), r.output());
        return r;
    }

    private static int builds(Path log) throws IOException {
        return Files.exists(log) ? Files.readAllLines(log).size() : 0;
    }

    /** Sets {@code file}'s time to now, after the last build's stamp (a short pause keeps the two apart). */
    private static void touchLater(Path file) throws IOException {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!Files.exists(file)) {
            Files.writeString(file, "");
        }
        Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
    }
}
