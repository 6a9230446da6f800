package dev.facecal.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingStoreTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsEmbeddingsAndFailures() {
        EmbeddingStore s = EmbeddingStore.of(dir, "dlib", "detector=none");
        assertTrue(s.get("abc").isEmpty());
        s.put("abc", new float[] {1.5f, -2f, 3.25f});
        assertArrayEquals(new float[] {1.5f, -2f, 3.25f}, s.get("abc").orElseThrow().embedding(), 0f);
        s.putFailure("def", "no face found");
        assertFalse(s.get("def").orElseThrow().ok());
        assertEquals("no face found", s.get("def").orElseThrow().failure());
    }

    @Test
    void configurationsDoNotShareEntries() {
        assertNotEquals(EmbeddingStore.of(dir, "dlib", "detector=none").dir(),
                EmbeddingStore.of(dir, "dlib", "detector=opencv").dir());
        assertEquals(EmbeddingStore.of(dir, "dlib", "detector=none").dir(),
                EmbeddingStore.of(dir, "dlib", "detector=none").dir());
    }

    @Test
    void aRunKilledHalfwayResumesWithoutRecomputing() throws Exception {
        EmbeddingStore s = EmbeddingStore.of(dir, "m");
        int[] computed = {0};
        Runnable run = () -> {
            for (int i = 0; i < 10; i++) {
                String key = "photo" + i;
                if (s.get(key).isPresent()) continue;
                computed[0]++;
                if (computed[0] == 6 && i == 5) throw new IllegalStateException("killed");
                s.put(key, new float[] {i});
            }
        };
        try {
            run.run();
        } catch (IllegalStateException killed) {
            // the "process" died while computing photo5
        }
        assertEquals(6, computed[0]);
        computed[0] = 0;
        run.run();
        assertEquals(5, computed[0], "only photo5..photo9 are computed again");
        try (var files = Files.list(s.dir())) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".part")));
        }
        assertEquals(9f, s.get("photo9").orElseThrow().embedding()[0], 0f);
    }
}
