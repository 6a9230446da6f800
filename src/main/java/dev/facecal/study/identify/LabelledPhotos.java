package dev.facecal.study.identify;

import dev.facecal.dataset.Dataset;
import dev.facecal.dataset.LabelledImage;
import dev.facecal.pipeline.PhotoEmbeddings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The photos of a {@link Dataset} that have an embedding, with their person: the input of identification
 * ({@link RankOneIdentification}) and of the classification head ({@link ClassificationHead}).
 *
 * @param files         photo names as the data set lists them
 * @param photos        resolved photo paths (for showing faces)
 * @param identity      the person of each photo, an index into {@code identityNames}
 * @param identityNames the persons, in data set order
 * @param vectors       the embeddings (not copied)
 */
public record LabelledPhotos(List<String> files, List<Path> photos, int[] identity, List<String> identityNames,
                             float[][] vectors) {

    /** Checks the lengths agree. */
    public LabelledPhotos {
        files = List.copyOf(files);
        photos = List.copyOf(photos);
        identityNames = List.copyOf(identityNames);
        if (files.size() != photos.size() || files.size() != identity.length || files.size() != vectors.length) {
            throw new IllegalArgumentException("files, photos, labels and vectors differ in length");
        }
    }

    /** Photos of {@code d} in data set order; photos whose embedding failed are left out. */
    public static LabelledPhotos of(Dataset d, PhotoEmbeddings embeddings) {
        Map<String, Integer> index = new LinkedHashMap<>();
        d.identities().forEach(i -> index.put(i.name(), index.size()));
        List<String> files = new ArrayList<>();
        List<Path> photos = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<float[]> v = new ArrayList<>();
        for (LabelledImage img : d.images()) {
            Path p = d.resolve(img.file());
            float[] e = embeddings.embedding(p);
            if (e == null) continue;
            files.add(img.file());
            photos.add(p);
            labels.add(index.get(img.identity()));
            v.add(e);
        }
        return new LabelledPhotos(files, photos, labels.stream().mapToInt(Integer::intValue).toArray(),
                List.copyOf(index.keySet()), v.toArray(float[][]::new));
    }

    /** Number of photos. */
    public int size() {
        return files.size();
    }

    /** Number of persons. */
    public int identities() {
        return identityNames.size();
    }

    /** The person's name of photo {@code i}. */
    public String name(int i) {
        return identityNames.get(identity[i]);
    }

    /** The first photo of each person (index into this set), -1 for a person without photos. */
    public int[] firstPhotos() {
        int[] first = new int[identityNames.size()];
        java.util.Arrays.fill(first, -1);
        for (int i = 0; i < identity.length; i++) {
            if (first[identity[i]] < 0) first[identity[i]] = i;
        }
        return first;
    }
}
