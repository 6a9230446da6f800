package dev.facecal.pipeline;

import dev.facecal.dataset.FileFetcher;
import dev.facecal.embed.EmbeddingStore;
import dev.facecal.embed.FaceModel;
import dev.facecal.embed.Images;
import dev.facecal.embed.Preprocess;
import dev.facecal.face.Extraction;
import dev.facecal.face.FaceExtractor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Embeds each photo once (DeepFace re-embeds both photos of every pair): content hash → cached embedding or
 * failure, else face extraction (or the whole image with {@code extractor == null}, i.e. {@code --detector none})
 * → preprocessing → the model, in batches, each result stored atomically as soon as its batch is done, so an
 * interrupted run resumes where it stopped.
 */
public final class PhotoEmbedder {
    private PhotoEmbedder() {}

    /** Embedding or failure of one photo. */
    public record Result(Path photo, float[] embedding, String failure, boolean cached) {
        public boolean ok() {
            return embedding != null;
        }
    }

    /**
     * @param progress called with the number of photos done so far
     */
    public static Map<Path, Result> embed(List<Path> photos, FaceModel model, FaceExtractor extractor,
                                          EmbeddingStore store, int batch, Consumer<Integer> progress) {
        Map<Path, Result> out = new LinkedHashMap<>();
        List<Path> pending = new ArrayList<>();
        List<String> pendingSha = new ArrayList<>();
        List<float[]> tensors = new ArrayList<>();
        int done = 0;
        for (Path photo : photos) {
            if (!Files.isRegularFile(photo)) {
                out.put(photo, new Result(photo, null, "file not found", false));
                progress.accept(++done);
                continue;
            }
            String sha = FileFetcher.sha256(photo);
            var cached = store.get(sha);
            if (cached.isPresent()) {
                out.put(photo, new Result(photo, cached.get().embedding(), cached.get().failure(), true));
                progress.accept(++done);
                continue;
            }
            Images.Rgb face;
            try {
                if (extractor == null) {
                    face = Images.read(photo);
                } else {
                    Extraction ex = extractor.extract(photo);
                    if (!ex.ok()) {
                        store.putFailure(sha, ex.failure());
                        out.put(photo, new Result(photo, null, ex.failure(), false));
                        progress.accept(++done);
                        continue;
                    }
                    face = ex.crop().pixels();
                }
            } catch (RuntimeException e) {
                String reason = e.getMessage() == null ? e.toString() : e.getMessage();
                store.putFailure(sha, reason);
                out.put(photo, new Result(photo, null, reason, false));
                progress.accept(++done);
                continue;
            }
            pending.add(photo);
            pendingSha.add(sha);
            tensors.add(Preprocess.tensor(face.rgb(), face.width(), face.height(), model.spec()));
            if (tensors.size() == batch) {
                done += flush(model, store, pending, pendingSha, tensors, out);
                progress.accept(done);
            }
        }
        if (!tensors.isEmpty()) {
            done += flush(model, store, pending, pendingSha, tensors, out);
            progress.accept(done);
        }
        // keep the caller's order
        Map<Path, Result> ordered = new LinkedHashMap<>();
        for (Path p : photos) ordered.put(p, out.get(p));
        return ordered;
    }

    private static int flush(FaceModel model, EmbeddingStore store, List<Path> pending, List<String> sha,
                             List<float[]> tensors, Map<Path, Result> out) {
        float[][] emb = model.embed(tensors);
        for (int i = 0; i < emb.length; i++) {
            store.put(sha.get(i), emb[i]);
            out.put(pending.get(i), new Result(pending.get(i), emb[i], null, false));
        }
        int n = emb.length;
        pending.clear();
        sha.clear();
        tensors.clear();
        return n;
    }
}
