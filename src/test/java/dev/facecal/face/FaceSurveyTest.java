package dev.facecal.face;

import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.facecal.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Runs the detector over every photo of the deepface-unit mirror and counts what each {@link MultiFacePolicy} keeps
 * (the table in {@link MultiFacePolicy}'s javadoc). Prints per-photo detail with {@code -Dfacecal.survey=true}.
 */
class FaceSurveyTest {
    @Test
    void policyCountsOnTheMirror() throws IOException {
        Path dir = Fixtures.shared().resolve("datasets/deepface-unit");
        assertTrue(Files.isDirectory(dir), "deepface-unit mirror missing: " + dir);
        boolean print = Boolean.getBoolean("facecal.survey");
        List<Path> photos;
        try (Stream<Path> s = Files.list(dir)) {
            photos = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        FaceExtractor ex = new FaceExtractor(Haar.detector());
        Map<MultiFacePolicy, Integer> kept = new EnumMap<>(MultiFacePolicy.class);
        for (MultiFacePolicy p : MultiFacePolicy.values()) kept.put(p, 0);
        for (Path photo : photos) {
            Mat img = Imgcodecs.imread(photo.toString(), Imgcodecs.IMREAD_COLOR);
            List<Detection> faces = ex.detectAll(img);
            img.release();
            for (MultiFacePolicy p : MultiFacePolicy.values()) {
                if (p.choose(faces).ok()) kept.merge(p, 1, Integer::sum);
            }
            if (print) {
                List<Long> areas = new ArrayList<>(faces.stream().map(d -> d.box().area()).toList());
                areas.sort(Comparator.reverseOrder());
                long eyes = faces.stream().filter(Detection::hasEyes).count();
                System.out.printf("SURVEY %-24s faces=%d eyes=%d areas=%s ratio=%s%n", photo.getFileName(), faces.size(),
                        eyes, areas, areas.size() > 1 ? String.format("%.2f", (double) areas.get(0) / areas.get(1)) : "-");
            }
        }
        if (print) System.out.println("SURVEY photos=" + photos.size() + " kept=" + kept);
        assertEquals(64, photos.size());
        assertEquals(Map.of(MultiFacePolicy.DOMINANT, 62, MultiFacePolicy.LARGEST, 64, MultiFacePolicy.FAIL, 59), kept);
    }
}
