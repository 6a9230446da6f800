package dev.facecal.notebook;

import dev.facecal.dataset.Dataset;
import dev.facecal.dataset.Identity;
import dev.facecal.distance.DistanceMetric;
import dev.facecal.pipeline.FacePipeline;
import dev.facecal.pipeline.ScoredPairs;
import java.util.ArrayList;
import java.util.List;

/**
 * Face-pair tiles for {@link Show#pairs}: the faces as the model sees them (after detection and alignment).
 */
public final class FaceGallery {
    private FaceGallery() {
    }

    /**
     * The hardest pairs at {@code threshold} ({@link ScoredPairs#hardest}): misclassified first, then the correct
     * pairs nearest the threshold; each caption names the files, the truth, the distance and whether the
     * threshold gets it right.
     */
    public static List<FacePairTile> hardest(FacePipeline pipeline, ScoredPairs scored, DistanceMetric metric,
                                             double threshold, int k) {
        List<FacePairTile> out = new ArrayList<>();
        for (int i : scored.hardest(metric, threshold, k)) {
            boolean ok = scored.correct(i, metric, threshold);
            out.add(new FacePairTile(pipeline.face(scored.photoX().get(i)), pipeline.face(scored.photoY().get(i)),
                    scored.describe(i, metric) + (ok ? "\ncorrect at " : "\nWRONG at ") + threshold));
        }
        return out;
    }

    /** The first two photos of each person with two or more photos (what "same person" looks like to the model). */
    public static List<FacePairTile> people(FacePipeline pipeline, Dataset d) {
        List<FacePairTile> out = new ArrayList<>();
        for (Identity id : d.identities()) {
            if (id.size() >= 2) {
                out.add(new FacePairTile(pipeline.face(d.resolve(id.files().get(0))),
                        pipeline.face(d.resolve(id.files().get(1))),
                        id.name() + ": " + id.files().get(0) + ", " + id.files().get(1)));
            }
        }
        return out;
    }
}
