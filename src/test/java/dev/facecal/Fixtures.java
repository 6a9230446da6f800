package dev.facecal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Access to the reference fixtures ({@code src/test/resources/fixtures}, made by {@code reference/make_fixtures.py})
 * and to the shared offline data mirror ({@code ../shared}, never committed).
 */
public final class Fixtures {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Fixtures() {}

    public static Path resource(String relative) {
        try {
            var url = Fixtures.class.getResource("/fixtures/" + relative);
            if (url == null) throw new IllegalStateException("missing test resource fixtures/" + relative);
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The shared folder beside the project (system property {@code facecal.shared}, else {@code ../shared}). */
    public static Path shared() {
        Path p = Path.of(System.getProperty("facecal.shared", "../shared")).toAbsolutePath().normalize();
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("the shared data folder " + p + " is missing: clone facecal beside shared/");
        }
        return p;
    }

    public static Path pivotCsv() {
        return shared().resolve("datasets/deepface-unit/face-recognition-pivot.csv");
    }

    /** The input a fixture was computed from. */
    public static Path input(JsonNode fixture) {
        String in = fixture.get("input").asText();
        return in.startsWith("shared:") ? shared().resolve(in.substring("shared:".length())) : resource(in);
    }

    public static JsonNode json(Path p) {
        try {
            return MAPPER.readTree(p.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every expected-calibration fixture ({@code reference/make_fixtures.py}: each names the {@code input} table it
     * was computed from). Other reference files in the folder, such as {@code calibration_quality.json}, have tests
     * of their own.
     */
    public static List<Path> expected() {
        try (Stream<Path> s = Files.list(resource("expected"))) {
            return s.filter(p -> p.toString().endsWith(".json")).filter(p -> json(p).has("input")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
