package dev.facecal.models;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The face-api 1.7.15 tarball for tests: {@code $FACECAL_FACEAPI_TGZ} when set, else a copy cached in
 * {@code target/faceapi/}, fetched once with {@code npm pack} (CI has npm and the npm registry).
 */
public final class FaceApiTarball {
    private static Path cached;

    private FaceApiTarball() {}

    public static synchronized Path get() {
        if (cached != null) return cached;
        String env = System.getenv("FACECAL_FACEAPI_TGZ");
        if (env != null && !env.isBlank()) {
            cached = Path.of(env);
        } else {
            Path dir = Path.of("target", "faceapi").toAbsolutePath();
            Path tgz = dir.resolve(FaceApiPackage.TARBALL_NAME);
            cached = Files.isRegularFile(tgz) ? tgz : FaceApiPackage.npmPack(dir);
        }
        FaceApiPackage.verify(cached);
        return cached;
    }
}
