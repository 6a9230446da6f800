package dev.facecal.notebook;

import dev.facecal.FacecalException;
import dev.facecal.calibrate.Numbers;
import dev.facecal.dataset.Dataset;
import dev.facecal.dataset.Identity;
import dev.facecal.distance.DistanceMetric;
import dev.facecal.face.Extraction;
import dev.facecal.face.FaceExtractor;
import dev.facecal.pairs.Pair;
import dev.facecal.pairs.SplitPart;
import dev.facecal.pipeline.FaceOptions;
import dev.facecal.pipeline.FaceStage;
import dev.facecal.pipeline.ScoredPairs;
import dev.facecal.study.SplitThresholdStudy;
import dev.facecal.study.identify.ClassificationHead;
import dev.facecal.study.identify.LabelledPhotos;
import dev.facecal.study.identify.RankOneIdentification;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Face-pair tiles for {@link Show#pairs}: the faces as the model sees them (the faces stage: decoded, detected and
 * aligned with the run's options). One gallery per workspace ({@link Workspace#gallery()}) keeps the last
 * {@value #CACHED} faces it drew, since a notebook shows the same faces several times.
 */
public final class FaceGallery {
    /** Faces kept in memory. */
    static final int CACHED = 256;

    private final FaceExtractor extractor;
    private final Map<Path, BufferedImage> faces = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, BufferedImage> eldest) {
            return size() > CACHED;
        }
    };

    /** A gallery drawing faces with {@code options}. */
    public FaceGallery(FaceOptions options) {
        this.extractor = FaceStage.open(options, w -> System.out.println("warning: " + w));
    }

    /**
     * The face the model sees for {@code photo}: the aligned crop, or the photo itself with detector {@code none}.
     * A photo without a usable face is an error naming it and the reason.
     */
    public synchronized BufferedImage face(Path photo) {
        BufferedImage img = faces.get(photo);
        if (img == null) {
            Extraction e = extractor.extract(photo);
            if (!e.ok()) throw new FacecalException(photo + ": " + e.failure());
            img = e.crop().pixels().toBufferedImage();
            faces.put(photo, img);
        }
        return img;
    }

    /**
     * The hardest pairs at {@code threshold} ({@link ScoredPairs#hardest}): misclassified first, then the correct
     * pairs nearest the threshold; each caption names the files, the truth, the distance and whether the threshold
     * gets it right.
     */
    public List<FacePairTile> hardest(ScoredPairs scored, DistanceMetric metric, double threshold, int k) {
        List<FacePairTile> out = new ArrayList<>();
        for (int i : scored.hardest(metric, threshold, k)) {
            boolean ok = scored.correct(i, metric, threshold);
            out.add(new FacePairTile(face(scored.photoX().get(i)), face(scored.photoY().get(i)),
                    scored.describe(i, metric) + (ok ? "\ncorrect at " : "\nWRONG at ") + threshold));
        }
        return out;
    }

    /** The first two photos of each person with two or more photos (what "same person" looks like to the model). */
    public List<FacePairTile> people(Dataset d) {
        List<FacePairTile> out = new ArrayList<>();
        for (Identity id : d.identities()) {
            if (id.size() >= 2) {
                out.add(new FacePairTile(face(d.resolve(id.files().get(0))), face(d.resolve(id.files().get(1))),
                        id.name() + ": " + id.files().get(0) + ", " + id.files().get(1)));
            }
        }
        return out;
    }

    /** Rank-1 errors: the probe's face, then the wrongly chosen person's gallery face; at most {@code max}. */
    public List<FacePairTile> rankOneErrors(RankOneIdentification r, int max) {
        LabelledPhotos set = r.set();
        List<FacePairTile> tiles = new ArrayList<>();
        for (RankOneIdentification.Probe p : r.errors()) {
            if (tiles.size() >= max) break;
            int g = r.gallery()[set.identityNames().indexOf(p.predicted())];
            tiles.add(new FacePairTile(face(set.photos().get(p.index())), face(set.photos().get(g)),
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
    public List<FacePairTile> headErrors(ClassificationHead.Result r, int max) {
        LabelledPhotos set = r.set();
        int[] first = set.firstPhotos();
        List<FacePairTile> tiles = new ArrayList<>();
        for (ClassificationHead.Prediction p : r.testErrors()) {
            if (tiles.size() >= max) break;
            int g = first[p.predicted()];
            tiles.add(new FacePairTile(face(set.photos().get(p.index())), face(set.photos().get(g)),
                    String.format(Locale.ROOT, "test photo %s (%s)%npredicted %s (shown: %s), confidence %.3f%n"
                            + "p(own person) %.3f, rank %d", set.files().get(p.index()), set.name(p.index()),
                            set.identityNames().get(p.predicted()), set.files().get(g), p.confidence(),
                            p.trueProbability(), p.rank())));
        }
        return tiles;
    }

    /**
     * The first {@code k} pairs of a part of seed 004's study (a same-person pair, then its sampled different-person
     * pair), captioned with the distance and the decision at the threshold chosen on validation.
     */
    public List<FacePairTile> splitPairs(SplitThresholdStudy.Result result, SplitPart part, int k) {
        SplitThresholdStudy.Part p = result.part(part);
        double t = result.chosen().threshold();
        String metric = result.metric().deepfaceName();
        List<FacePairTile> out = new ArrayList<>();
        for (int i = 0; i < Math.min(k, p.size()); i++) {
            Pair pair = p.scored().pairs().get(i);
            boolean accepted = p.distances()[i] <= t;
            out.add(new FacePairTile(face(p.scored().photoX().get(i)), face(p.scored().photoY().get(i)),
                    pair.fileX() + " vs " + pair.fileY() + " (" + (pair.same() ? "same person" : "different people")
                            + ")\n" + metric + " = " + Numbers.repr(p.distances()[i]) + ": "
                            + (accepted ? "verified" : "not verified") + (accepted == pair.same() ? " (right)" : " (WRONG)")));
        }
        return out;
    }
}
