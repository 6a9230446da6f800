package dev.facecal.study.scale;

import dev.facecal.dataset.Dataset;
import dev.facecal.dataset.LabelledImage;
import dev.facecal.pipeline.PhotoEmbeddings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Embeddings with the person of each, the input of {@link CutoffCounts#count} (the all-pairs cutoff counter): real
 * ones (a {@link Dataset} embedded by the face pipeline) or {@link SyntheticEmbeddings}.
 *
 * @param name          what they are, for captions
 * @param synthetic     whether they were generated
 * @param vectors       one embedding per image (not copied)
 * @param identity      the person of each image, an index into {@code identityNames}
 * @param identityNames the persons' names
 */
public record LabelledEmbeddings(String name, boolean synthetic, float[][] vectors, int[] identity,
                                 String[] identityNames) {

    /** Checks that every vector has a label within range. */
    public LabelledEmbeddings {
        if (vectors.length != identity.length) {
            throw new IllegalArgumentException(vectors.length + " vectors but " + identity.length + " labels");
        }
        for (int id : identity) {
            if (id < 0 || id >= identityNames.length) {
                throw new IllegalArgumentException("label " + id + " is not one of the " + identityNames.length
                        + " persons");
            }
        }
    }

    /**
     * The photos of {@code dataset} that have an embedding in {@code embeddings}, in data set order; failed photos
     * are left out (as face_recognition skips photos where it finds no face). Persons left without any photo are
     * still listed.
     */
    public static LabelledEmbeddings of(String name, Dataset dataset, PhotoEmbeddings embeddings) {
        Map<String, Integer> index = new LinkedHashMap<>();
        dataset.identities().forEach(i -> index.put(i.name(), index.size()));
        List<float[]> v = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (LabelledImage img : dataset.images()) {
            float[] e = embeddings.embedding(dataset.resolve(img.file()));
            if (e != null) {
                v.add(e);
                labels.add(index.get(img.identity()));
            }
        }
        return new LabelledEmbeddings(name, false, v.toArray(float[][]::new),
                labels.stream().mapToInt(Integer::intValue).toArray(), index.keySet().toArray(String[]::new));
    }

    /** Number of embeddings. */
    public int size() {
        return vectors.length;
    }

    /** Number of persons. */
    public int identities() {
        return identityNames.length;
    }

    /** All pairs, {@code N (N - 1) / 2}. */
    public long pairs() {
        return (long) vectors.length * (vectors.length - 1) / 2;
    }

    /** Same-person pairs, {@code sum n_p (n_p - 1) / 2}. */
    public long positivePairs() {
        long[] c = new long[identityNames.length];
        for (int id : identity) c[id]++;
        long s = 0;
        for (long n : c) s += n * (n - 1) / 2;
        return s;
    }

}
