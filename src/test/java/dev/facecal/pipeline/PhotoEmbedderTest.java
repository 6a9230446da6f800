package dev.facecal.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.Fixtures;
import dev.facecal.Sha256;
import dev.facecal.face.Haar;
import dev.facecal.models.FaceApiTarball;
import dev.facecal.models.ModelStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PhotoEmbedder} against the embeddings stage ({@link EmbeddingStage}, what {@code facecal embed} and
 * {@code distances} run) on the same real photos: the same embedding bits, the same failure reasons, with a status;
 * from two threads at once (one extractor each) as from one.
 */
class PhotoEmbedderTest {
    @TempDir
    Path dir;

    @Test
    void embeddingsAreTheEmbeddingsStagesBitForBit() throws Exception {
        ModelStore store = new ModelStore(dir.resolve("models"));
        store.install("dlib", FaceApiTarball.get(), null, false, new PrintWriter(new StringWriter()));
        Path unit = Fixtures.shared().resolve("datasets/deepface-unit");
        List<Path> photos = new ArrayList<>();
        for (String f : List.of("img1.jpg", "img2.jpg", "img18.jpg", "couple.jpg")) photos.add(unit.resolve(f));
        photos.add(Files.writeString(dir.resolve("notes.jpg"), "not a photo"));
        EmbeddingOptions options = new EmbeddingOptions(store, "dlib", FaceOptions.opencv(Haar.cascades()), null, 3,
                1, false);
        PhotoEmbeddings stage = EmbeddingStage.run(photos, options, Progress.NONE);

        try (PhotoEmbedder embedder = PhotoEmbedder.open(options)) {
            assertEquals(store.installed("dlib").orElseThrow().onnxSha256(), embedder.modelSha256());
            List<PhotoEmbedder.PhotoBytes> bytes = new ArrayList<>();
            for (Path p : photos) bytes.add(new PhotoEmbedder.PhotoBytes(p.toString(), Files.readAllBytes(p)));
            List<EmbeddedPhoto> all = embedder.embedAll(bytes);
            List<EmbeddedPhoto> other = new ArrayList<>();
            Thread t = new Thread(() -> other.addAll(embedder.embedAll(bytes.reversed())));
            t.start();
            List<EmbeddedPhoto> one = new ArrayList<>();
            for (PhotoEmbedder.PhotoBytes b : bytes) one.add(embedder.embed(b.name(), b.bytes()));
            t.join();
            assertEquals(photos.size(), other.size(), "the second thread finished");
            int ok = 0;
            for (int i = 0; i < photos.size(); i++) {
                PhotoResult expected = stage.get(photos.get(i));
                for (EmbeddedPhoto e : List.of(all.get(i), one.get(i), other.get(photos.size() - 1 - i))) {
                    assertEquals(photos.get(i).toString(), e.name());
                    assertEquals(Sha256.of(bytes.get(i).bytes()), e.sha256());
                    assertEquals(expected.failure(), e.reason(), e.name());
                    if (expected.ok()) {
                        assertEquals(PhotoStatus.OK, e.status());
                        assertArrayEquals(bits(expected.embedding()), bits(e.embedding()), e.name());
                    } else {
                        assertNull(e.embedding());
                        assertEquals(PhotoStatus.of(expected.failure()), e.status());
                        assertTrue(e.status() != PhotoStatus.OK && e.status() != PhotoStatus.ERROR, e.toString());
                    }
                }
                if (expected.ok()) ok++;
            }
            assertTrue(ok >= 3, "the single-person photos are embedded: " + ok);
            assertEquals(PhotoStatus.UNREADABLE, all.get(photos.size() - 1).status());
        }
    }

    private static int[] bits(float[] f) {
        int[] b = new int[f.length];
        for (int i = 0; i < f.length; i++) b[i] = Float.floatToRawIntBits(f[i]);
        return b;
    }
}
