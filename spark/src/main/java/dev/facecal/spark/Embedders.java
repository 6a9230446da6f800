package dev.facecal.spark;

import dev.facecal.pipeline.PhotoEmbedder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one open {@link PhotoEmbedder} per executor JVM and settings: opened by the first task that needs it, shared by
 * the executor's task threads (the model session is thread-safe; each thread borrows its own detector), closed when
 * the JVM shuts down. Opening a model costs seconds; a task embeds a few dozen photos, so opening per task would
 * cost more than the photos.
 */
final class Embedders {
    private static final Map<EmbedSettings, PhotoEmbedder> OPEN = new ConcurrentHashMap<>();
    private static final AtomicInteger OPENED = new AtomicInteger();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Embedders::closeAll, "facecal-embedders"));
    }

    private Embedders() {}

    /** This JVM's embedder for {@code settings}, opened on first use. */
    static PhotoEmbedder of(EmbedSettings settings) {
        return OPEN.computeIfAbsent(settings, s -> {
            OPENED.incrementAndGet();
            return PhotoEmbedder.open(s.options());
        });
    }

    /** How many embedders this JVM has opened so far (a model session each). */
    static int opened() {
        return OPENED.get();
    }

    static void closeAll() {
        for (PhotoEmbedder e : OPEN.values()) e.close();
        OPEN.clear();
    }
}
