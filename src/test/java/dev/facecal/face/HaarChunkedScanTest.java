package dev.facecal.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.MatOfInt;
import org.opencv.core.MatOfRect;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.objdetect.CascadeClassifier;

/**
 * {@link HaarDetector}'s face scan in chunks of scales ({@link HaarDetector#faces}) against OpenCV's single
 * {@code detectMultiScale3(gray, 1.1, 10, outputRejectLevels=true)} on DeepFace's bordered gray image, on real photos
 * from 1 MP to 14.1 MP: the same raw candidates (the union of the chunks' against one call with
 * {@code minNeighbors} 0), and the same faces with the same reject levels and level weights (DeepFace's confidence),
 * and the same face chosen by every {@link MultiFacePolicy}. OpenCV's own output order depends on its threads, so
 * faces are compared as sorted lists.
 */
class HaarChunkedScanTest {
    private static HaarDetector detector;
    private static CascadeClassifier reference;

    @BeforeAll
    static void setUp() {
        detector = Haar.detector();
        reference = new CascadeClassifier(Haar.cascades().resolve(HaarDetector.FACE_CASCADE).toString());
    }

    @AfterAll
    static void tearDown() {
        // the reference classifier holds the integral images of its largest image: drop it now
        reference = null;
        System.gc();
    }

    private static Mat borderedGray(String name) {
        Path p = Fixtures.shared().resolve("datasets/deepface-unit").resolve(name);
        PhotoDecoder.Result d = PhotoDecoder.bgr(p);
        assertTrue(d.ok(), name + ": " + d.failure());
        Mat gray = HaarDetector.gray(d.bgr());
        d.bgr().release();
        Mat bordered = new Mat();
        int hb = gray.rows() / 2, wb = gray.cols() / 2;
        Core.copyMakeBorder(gray, bordered, hb, hb, wb, wb, Core.BORDER_CONSTANT, new Scalar(0));
        gray.release();
        return bordered;
    }

    private record Face(int x, int y, int w, int h, int level, double weight) {
    }

    private static final Comparator<Face> ORDER = Comparator.comparingInt(Face::x).thenComparingInt(Face::y)
            .thenComparingInt(Face::w).thenComparingInt(Face::h).thenComparingInt(Face::level)
            .thenComparingDouble(Face::weight);

    private static List<Face> faces(Rect[] r, int[] l, double[] w) {
        assertEquals(r.length, w.length);
        assertEquals(r.length, l.length);
        List<Face> out = new ArrayList<>();
        for (int i = 0; i < r.length; i++) {
            out.add(new Face(r[i].x, r[i].y, r[i].width, r[i].height, l[i], w[i]));
        }
        return out;
    }

    private static List<Face> sorted(List<Face> f) {
        List<Face> s = new ArrayList<>(f);
        s.sort(ORDER);
        return s;
    }

    private static List<Face> single(Mat gray, int minNeighbors) {
        MatOfRect rects = new MatOfRect();
        MatOfInt levels = new MatOfInt();
        MatOfDouble weights = new MatOfDouble();
        reference.detectMultiScale3(gray, rects, levels, weights, HaarDetector.SCALE_FACTOR, minNeighbors, 0,
                new Size(), new Size(), true);
        List<Face> f = faces(rects.empty() ? new Rect[0] : rects.toArray(),
                levels.empty() ? new int[0] : levels.toArray(), weights.empty() ? new double[0] : weights.toArray());
        rects.release();
        levels.release();
        weights.release();
        return f;
    }

    private static List<Detection> detections(List<Face> f) {
        return f.stream().map(x -> new Detection(new Box(x.x(), x.y(), x.w(), x.h()), null, null,
                (100 - x.weight()) / 100)).toList();
    }

    /** Checks one photo with chunks of at most {@code budget} bytes; returns the number of chunks. */
    private static int check(String name, Mat gray, long budget, boolean raw) {
        List<int[]> chunks = detector.chunks(gray, budget);
        List<Face> expected = single(gray, HaarDetector.MIN_NEIGHBORS);
        HaarGrouping.Grouped g = detector.openCvFaces(gray, budget);
        List<Face> actual = faces(g.rects(), g.levels(), g.weights());
        assertEquals(sorted(expected), sorted(actual), name + " with " + chunks.size() + " chunks");
        for (MultiFacePolicy p : MultiFacePolicy.values()) {
            MultiFacePolicy.Choice a = p.choose(detections(expected)), b = p.choose(detections(actual));
            assertEquals(a.ok(), b.ok(), name + " " + p);
            if (a.ok()) assertEquals(a.face(), b.face(), name + " " + p);
        }
        if (raw && chunks.size() > 1) {
            List<Face> all = single(gray, 0);
            HaarGrouping.Grouped r = detector.raw(gray, chunks);
            assertEquals(sorted(all), sorted(faces(r.rects(), r.levels(), r.weights())), name + ": raw candidates");
        }
        return chunks.size();
    }

    @Test
    void chunksCoverEveryScaleOnce() {
        // OpenCV's scale list for a 24x24 cascade at 1.1 on 3000 x 2000, and the chunks' window ranges
        List<Integer> all = new ArrayList<>();
        for (double f = 1; ; f *= 1.1) {
            int w = (int) Math.rint(24 * f);
            if (w > 2000) break;
            all.add(w);
        }
        for (long budget : new long[] {0, 1L << 20, 64L << 20, 1L << 40}) {
            List<int[]> chunks = HaarDetector.chunks(3000, 2000, 24, 24, 1.1, budget);
            List<Integer> covered = new ArrayList<>();
            for (int[] c : chunks) {
                for (int w : all) {
                    if (w >= c[0] && w <= c[2]) covered.add(w);
                }
            }
            assertEquals(all, covered, "budget " + budget);
        }
        assertEquals(1, HaarDetector.chunks(3000, 2000, 24, 24, 1.1, 1L << 40).size());
        // equal window sizes of consecutive scales stay in one chunk: 2x2 windows at 1.1 round to 2, 2, 2, 3, ...
        for (int[] c : HaarDetector.chunks(300, 200, 2, 2, 1.1, 0)) {
            assertTrue(c[0] == c[2] || c[0] < c[2]);
        }
        List<int[]> tiny = HaarDetector.chunks(300, 200, 2, 2, 1.1, 0);
        for (int i = 1; i < tiny.size(); i++) assertTrue(tiny.get(i - 1)[2] < tiny.get(i)[0]);
    }

    @Test
    void smallPhotosOneScaleAChunk() {
        // the smallest chunks (budget 0), on photos with one face, a tiny false positive, three boxes, two and five
        // faces; and the detector's own budget
        for (String name : List.of("img1.jpg", "img8.jpg", "img44.jpg", "couple.jpg", "selfie-many-people.jpg")) {
            Mat gray = borderedGray(name);
            try {
                assertTrue(check(name, gray, 0, true) > 5, name);
                check(name, gray, HaarDetector.CHUNK_BYTES, false);
            } finally {
                gray.release();
            }
        }
    }

    @Test
    void largePhotos() {
        // img4.jpg 4.3 MP, img49.jpg 12.6 MP, img40.jpg 14.1 MP (56 MP with DeepFace's border): the detector's
        // budget, as it runs them
        for (String name : List.of("img4.jpg", "img49.jpg", "img40.jpg")) {
            Mat gray = borderedGray(name);
            try {
                assertTrue(check(name, gray, HaarDetector.CHUNK_BYTES, name.equals("img4.jpg")) > 1, name);
            } finally {
                gray.release();
            }
        }
    }
}
