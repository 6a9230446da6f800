package dev.facecal.study.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.calibrate.PrecisionRecallTable;
import dev.facecal.distance.CutoffCounter;
import dev.facecal.distance.DistanceMetric;
import dev.facecal.study.StudyData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LFW / synthetic switch, with a miniature LFW made of real photos. */
class ScaleSourceTest {

    @Test
    void withoutLfwTheSyntheticCollectionIsChosen(@TempDir Path root) throws IOException {
        assertFalse(ScaleSource.lfwInstalled(root));
        Files.createDirectories(root.resolve("dataset/lfw/Empty_Person"));
        assertFalse(ScaleSource.lfwInstalled(root), "a person folder without photos is not LFW");
        LabelledEmbeddings e = ScaleSource.choose(root, () -> {
            throw new AssertionError("no LFW: the embeddings stage is not needed");
        }, 2019, dev.facecal.pipeline.Progress.NONE);
        assertTrue(e.synthetic());
        assertEquals(Seed002.IMAGES, e.size());
        assertTrue(ScaleSource.describe(root).startsWith("no LFW under"));
    }

    @Test
    void anLfwFolderIsReadEmbeddedAndCounted(@TempDir Path root) throws IOException {
        Path photos = StudyData.workspace().photos();
        // LFW's layout: dataset/lfw/<Person>/<Person>_000N.jpg
        Map<String, String[]> people = Map.of("Angelina_Jolie", new String[] {"img1.jpg", "img2.jpg", "img4.jpg"},
                "Scarlett_Johansson", new String[] {"img8.jpg", "img9.jpg"}, "Jeff_Bezos", new String[] {"img20.jpg"});
        for (var p : people.entrySet()) {
            Path dir = Files.createDirectories(root.resolve("dataset/lfw").resolve(p.getKey()));
            int k = 1;
            for (String f : p.getValue()) {
                Files.copy(photos.resolve(f), dir.resolve(p.getKey() + "_000" + k++ + ".jpg"));
            }
        }
        assertTrue(ScaleSource.lfwInstalled(root));
        assertTrue(ScaleSource.describe(root).startsWith("LFW found under"));
        LabelledEmbeddings e = ScaleSource.lfw(root, StudyData.embedding(), dev.facecal.pipeline.Progress.NONE);
        assertFalse(e.synthetic());
        assertEquals(6, e.size());
        assertEquals(3, e.identities());
        assertEquals(3 + 1, e.positivePairs());
        assertEquals(15, e.pairs());
        CutoffCounts c = CutoffCounts.count(DistanceMetric.EUCLIDEAN, e, PrecisionRecallTable.SEED_002_CUTOFFS, 0.01, 200, 1);
        assertTrue(c.matches(CutoffCounter.stored(DistanceMetric.EUCLIDEAN, e.vectors(), e.identity(), PrecisionRecallTable.SEED_002_CUTOFFS)));
        assertEquals(4, c.positives());
        // the dlib distances of these photos: same person well below 0.6, different above 0.6
        assertEquals(4, c.confusions()[6].tp());
    }
}
