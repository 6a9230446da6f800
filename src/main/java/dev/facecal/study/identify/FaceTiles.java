package dev.facecal.study.identify;

import dev.facecal.notebook.FacePairTile;
import dev.facecal.pipeline.FacePipeline;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Error cases as face pairs for {@code Show.pairs}: the probe's face (as the model saw it) beside the gallery face
 * of the person it was wrongly given.
 */
public final class FaceTiles {
    private FaceTiles() {}

    /** Rank-1 errors: probe face, then the wrongly chosen person's gallery face; at most {@code max}. */
    public static List<FacePairTile> rankOneErrors(FacePipeline pipeline, RankOneIdentification r, int max) {
        Faces faces = new Faces(pipeline);
        LabelledPhotos set = r.set();
        List<FacePairTile> tiles = new ArrayList<>();
        for (RankOneIdentification.Probe p : r.errors()) {
            if (tiles.size() >= max) break;
            int g = r.gallery()[set.identityNames().indexOf(p.predicted())];
            tiles.add(new FacePairTile(faces.of(set.photos().get(p.index())), faces.of(set.photos().get(g)),
                    String.format(Locale.ROOT, "probe %s (%s)%nnearest: %s, %s, similarity %.4f%nown gallery photo: "
                            + "similarity %.4f, rank %d", p.file(), p.identity(), p.predicted(), p.galleryFile(),
                            p.similarity(), p.trueSimilarity(), p.rank())));
        }
        return tiles;
    }

    /**
     * Test photos the classification head got wrong: the photo's face, then the gallery face (first photo) of the
     * person predicted; at most {@code max}.
     */
    public static List<FacePairTile> headErrors(FacePipeline pipeline, ClassificationHead.Result r, int max) {
        Faces faces = new Faces(pipeline);
        LabelledPhotos set = r.set();
        int[] first = set.firstPhotos();
        List<FacePairTile> tiles = new ArrayList<>();
        for (ClassificationHead.Prediction p : r.testErrors()) {
            if (tiles.size() >= max) break;
            int g = first[p.predicted()];
            tiles.add(new FacePairTile(faces.of(set.photos().get(p.index())), faces.of(set.photos().get(g)),
                    String.format(Locale.ROOT, "test photo %s (%s)%npredicted %s (shown: %s), confidence %.3f%n"
                            + "p(own person) %.3f, rank %d", set.files().get(p.index()), set.name(p.index()),
                            set.identityNames().get(p.predicted()), set.files().get(g), p.confidence(),
                            p.trueProbability(), p.rank())));
        }
        return tiles;
    }

    /** Faces read once each. */
    private static final class Faces {
        private final FacePipeline pipeline;
        private final Map<Path, BufferedImage> cache = new HashMap<>();

        Faces(FacePipeline pipeline) {
            this.pipeline = pipeline;
        }

        BufferedImage of(Path photo) {
            return cache.computeIfAbsent(photo, pipeline::face);
        }
    }
}
