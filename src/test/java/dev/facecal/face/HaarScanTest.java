package dev.facecal.face;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.MatOfInt;
import org.opencv.core.MatOfRect;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.objdetect.CascadeClassifier;

/**
 * {@link HaarScan} against OpenCV's own {@code CascadeClassifier} on real photos: the raw candidates (no grouping,
 * {@code minNeighbors} 0) must be the same windows, and for the face cascade's {@code detectMultiScale3(...,
 * outputRejectLevels=true)} the same reject levels and the same level weights to the last bit; grouped, the same faces
 * and eyes as OpenCV's. OpenCV's order depends on its threads, so candidates are compared as sorted lists.
 */
class HaarScanTest {
    private static HaarCascade faceCascade, eyeCascade;
    private static CascadeClassifier faceReference, eyeReference;

    @BeforeAll
    static void setUp() throws Exception {
        OpenCvNative.load();
        faceCascade = HaarCascade.read(Haar.cascades().resolve(HaarDetector.FACE_CASCADE));
        eyeCascade = HaarCascade.read(Haar.cascades().resolve(HaarDetector.EYE_CASCADE));
        faceReference = new CascadeClassifier(Haar.cascades().resolve(HaarDetector.FACE_CASCADE).toString());
        eyeReference = new CascadeClassifier(Haar.cascades().resolve(HaarDetector.EYE_CASCADE).toString());
    }

    private static Path photo(String name) {
        return Fixtures.shared().resolve("datasets/deepface-unit").resolve(name);
    }

    private static Mat gray(String name) {
        PhotoDecoder.Result d = PhotoDecoder.bgr(photo(name));
        assertTrue(d.ok(), name + ": " + d.failure());
        Mat gray = HaarDetector.gray(d.bgr());
        d.bgr().release();
        return gray;
    }

    /** The gray photo with DeepFace's black border of half its size on each side. */
    private static Mat bordered(Mat gray) {
        Mat bordered = new Mat();
        Core.copyMakeBorder(gray, bordered, gray.rows() / 2, gray.rows() / 2, gray.cols() / 2, gray.cols() / 2,
                Core.BORDER_CONSTANT, new Scalar(0));
        return bordered;
    }

    record Cand(int x, int y, int w, int h, int level, double weight) {
    }

    private static final Comparator<Cand> ORDER = Comparator.comparingInt(Cand::w).thenComparingInt(Cand::h)
            .thenComparingInt(Cand::y).thenComparingInt(Cand::x).thenComparingInt(Cand::level)
            .thenComparingDouble(Cand::weight);

    /** The raw candidates as OpenCV returns them with minNeighbors 0: cut to the image ({@code clipObjects}). */
    private static List<Cand> clipped(Mat img, HaarScan.Candidates c) {
        HaarGrouping.Grouped g = HaarGrouping.clip(img.cols(), img.rows(),
                new HaarGrouping.Grouped(c.rects(), c.levels(), c.weights()));
        return sorted(g.rects(), g.levels(), g.weights());
    }

    private static List<Cand> sorted(Rect[] r, int[] l, double[] w) {
        List<Cand> out = new ArrayList<>();
        for (int i = 0; i < r.length; i++) {
            out.add(new Cand(r[i].x, r[i].y, r[i].width, r[i].height, l == null ? 0 : l[i], w == null ? 0 : w[i]));
        }
        out.sort(ORDER);
        return out;
    }

    /** OpenCV's face candidates: {@code detectMultiScale3(gray, f, minNeighbors, ..., outputRejectLevels=true)}. */
    private static List<Cand> openCvFaces(Mat gray, double factor, int minNeighbors, Size min, Size max) {
        MatOfRect rects = new MatOfRect();
        MatOfInt levels = new MatOfInt();
        MatOfDouble weights = new MatOfDouble();
        try {
            faceReference.detectMultiScale3(gray, rects, levels, weights, factor, minNeighbors, 0, min, max, true);
            return sorted(rects.empty() ? new Rect[0] : rects.toArray(), levels.empty() ? new int[0] : levels.toArray(),
                    weights.empty() ? new double[0] : weights.toArray());
        } finally {
            rects.release();
            levels.release();
            weights.release();
        }
    }

    private static List<Cand> openCvEyes(Mat gray, int minNeighbors) {
        MatOfRect rects = new MatOfRect();
        try {
            eyeReference.detectMultiScale(gray, rects, 1.1, minNeighbors);
            return sorted(rects.empty() ? new Rect[0] : rects.toArray(), null, null);
        } finally {
            rects.release();
        }
    }

    @Test
    void faceCandidatesEqualOpenCvsOnBorderedPhotos() {
        // one to five faces, a tiny false positive, a 4.3 MP photo (17 MP with the border), EXIF-rotated photos
        for (String name : List.of("img1.jpg", "img8.jpg", "img44.jpg", "couple.jpg", "selfie-many-people.jpg",
                "img4.jpg", "img11.jpg", "img20.jpg")) {
            Mat gray = gray(name), b = bordered(gray);
            try {
                List<Cand> expected = openCvFaces(b, 1.1, 0, new Size(), new Size());
                HaarScan.Candidates c = new HaarScan(faceCascade).scan(b, 1.1, new Size(), new Size(), true);
                List<Cand> actual = clipped(b, c);
                assertTrue(expected.size() > 10, name + ": " + expected.size() + " raw candidates");
                assertEquals(expected, actual, name);
            } finally {
                gray.release();
                b.release();
            }
        }
    }

    @Test
    void fastModeScanEqualsOpenCvs() {
        // the fast mode's call: no border, scale step 1.2, a minimum size; and a maximum size
        for (String name : List.of("img3.jpg", "couple.jpg", "img30.jpg")) {
            Mat gray = gray(name);
            try {
                Size min = new Size(60, 60), max = new Size(400, 400);
                HaarScan scan = new HaarScan(faceCascade);
                HaarScan.Candidates c = scan.scan(gray, 1.2, min, new Size(), true);
                assertEquals(openCvFaces(gray, 1.2, 0, min, new Size()), clipped(gray, c),
                        name);
                c = scan.scan(gray, 1.1, new Size(), max, true);
                assertEquals(openCvFaces(gray, 1.1, 0, new Size(), max), clipped(gray, c),
                        name + " with maxSize");
            } finally {
                gray.release();
            }
        }
    }

    @Test
    void groupedFacesAndEyesEqualOpenCvsOnEveryPhoto() throws IOException {
        // every photo of deepface-unit, without the border (the border is checked above): DeepFace's grouped faces
        // (minNeighbors 10) and, inside each face, the grouped eyes and the raw eye candidates
        HaarDetector detector = Haar.detector();
        assertTrue(detector.ownScan(), "the shipped cascades are scanned by HaarScan");
        HaarScan eyeScan = new HaarScan(eyeCascade);
        int faces = 0, eyes = 0;
        List<Path> photos;
        try (Stream<Path> s = Files.list(photo(""))) {
            photos = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        assertTrue(photos.size() >= 60, photos.size() + " photos");
        for (Path p : photos) {
            String name = p.getFileName().toString();
            Mat gray = gray(name);
            try {
                HaarGrouping.Grouped g = detector.faces(gray);
                List<Cand> expected = openCvFaces(gray, 1.1, HaarDetector.MIN_NEIGHBORS, new Size(), new Size());
                assertEquals(expected, sorted(g.rects(), g.levels(), g.weights()), name);
                for (Rect f : g.rects()) {
                    Mat face = gray.submat(f);
                    try {
                        assertEquals(openCvEyes(face, HaarDetector.MIN_NEIGHBORS),
                                sorted(detector.eyeBoxes(face), null, null), name + " eyes in " + f);
                        HaarScan.Candidates raw = eyeScan.scan(face, 1.1, new Size(), new Size(), false);
                        Rect[] clipped = HaarGrouping.clip(face.cols(), face.rows(),
                                new HaarGrouping.Grouped(raw.rects(), new int[0], new double[0])).rects();
                        assertEquals(openCvEyes(face, 0), sorted(clipped, null, null), name + " raw eyes in " + f);
                        eyes += raw.rects().length;
                    } finally {
                        face.release();
                    }
                    faces++;
                }
            } finally {
                gray.release();
            }
        }
        assertTrue(faces >= 60 && eyes > 1000, faces + " faces, " + eyes + " raw eye candidates");
    }

    @Test
    void vectorLanesGiveTheScalarScansCandidatesBitForBit() {
        // HaarLanes evaluates the first k stages of a row's windows in vector lanes: for any k the candidates, their
        // order, levels and weights must be the scalar scan's, at scales scanned every column and every second
        // column (planar integral images), on photos, on a bordered photo, on noise (few windows pass, many are
        // rejected late) and on flat patches (setWindow rejects), for both cascades
        assertTrue(HaarScan.LANES, "the tests run with --add-modules jdk.incubator.vector (pom.xml's jdk.flags)");
        Random random = new Random(23);
        Mat noise = new Mat(157 + random.nextInt(40), 211 + random.nextInt(40), CvType.CV_8UC1);
        Core.randu(noise, 0, 256);
        noise.submat(new Rect(20, 30, 90, 60)).setTo(new Scalar(77));
        Mat img1 = gray("img1.jpg"), img8 = gray("img8.jpg"), couple = gray("couple.jpg");
        Mat bordered = bordered(img1);
        try {
            int checked = 0;
            for (HaarCascade cascade : List.of(faceCascade, eyeCascade)) {
                for (Mat img : List.of(noise, img1, img8, couple, bordered)) {
                    HaarScan.Candidates scalar = new HaarScan(cascade, 0).scan(img, 1.1, new Size(), new Size(), true);
                    for (int k : new int[] {1, 3, 10, Integer.MAX_VALUE}) {
                        HaarScan.Candidates lanes = new HaarScan(cascade, k).scan(img, 1.1, new Size(), new Size(),
                                true);
                        String what = cascade.stages() + " stages, " + img.cols() + "x" + img.rows() + ", k=" + k;
                        assertEquals(List.of(scalar.rects()).toString(), List.of(lanes.rects()).toString(), what);
                        assertArrayEquals(scalar.levels(), lanes.levels(), what);
                        assertArrayEquals(scalar.weights(), lanes.weights(), what);
                        checked += lanes.rects().length;
                    }
                }
            }
            assertTrue(checked > 1000, checked + " candidates compared");
        } finally {
            noise.release();
            img1.release();
            img8.release();
            couple.release();
            bordered.release();
        }
    }

    @Test
    void blackAndTinyImagesHaveNoCandidates() {
        HaarScan scan = new HaarScan(faceCascade);
        Mat black = Mat.zeros(300, 400, CvType.CV_8UC1);
        Mat tiny = new Mat(20, 30, CvType.CV_8UC1, new Scalar(128));
        try {
            assertEquals(0, scan.scan(black, 1.1, new Size(), new Size(), true).rects().length);
            assertEquals(0, scan.scan(tiny, 1.1, new Size(), new Size(), true).rects().length);
            assertEquals(0, scan.scan(new Mat(), 1.1, new Size(), new Size(), true).rects().length);
        } finally {
            black.release();
            tiny.release();
        }
    }

    @Test
    void noisePatchesInsideBlackAgreeWithOpenCv() {
        // the skipping of all-black windows at odd offsets and sizes: textured patches placed anywhere in black,
        // where a wrong widening of the non-black box would lose or invent windows (checked on every candidate of
        // the scan, which here stops after few stages: the raw windows of minNeighbors 0 with reject levels)
        Random random = new Random(15);
        for (int k = 0; k < 4; k++) {
            Mat img = Mat.zeros(180 + random.nextInt(120), 200 + random.nextInt(150), CvType.CV_8UC1);
            Mat photo = gray("img1.jpg");
            Mat small = new Mat();
            org.opencv.imgproc.Imgproc.resize(photo, small, new Size(60 + random.nextInt(60), 70 + random.nextInt(60)));
            int x = random.nextInt(img.cols() - small.cols()), y = random.nextInt(img.rows() - small.rows());
            small.copyTo(img.submat(new Rect(x, y, small.cols(), small.rows())));
            try {
                HaarScan.Candidates c = new HaarScan(faceCascade).scan(img, 1.1, new Size(), new Size(), true);
                assertEquals(openCvFaces(img, 1.1, 0, new Size(), new Size()),
                        clipped(img, c), "patch at " + x + "," + y);
            } finally {
                img.release();
                photo.release();
                small.release();
            }
        }
    }

    @Test
    void cascadesItDoesNotModelAreRefused(@TempDir Path tmp) throws IOException {
        Path lbp = tmp.resolve("lbp.xml");
        Files.writeString(lbp, """
                <?xml version="1.0"?>
                <opencv_storage><cascade type_id="opencv-cascade-classifier"><stageType>BOOST</stageType>
                <featureType>LBP</featureType><height>24</height><width>24</width></cascade></opencv_storage>
                """);
        assertThrows(HaarCascade.Unsupported.class, () -> HaarCascade.read(lbp));
        Path old = tmp.resolve("old.xml");
        Files.writeString(old, """
                <?xml version="1.0"?>
                <opencv_storage><haarcascade_x type_id="opencv-haar-classifier"><size>20 20</size>
                </haarcascade_x></opencv_storage>
                """);
        assertThrows(HaarCascade.Unsupported.class, () -> HaarCascade.read(old));
        assertNotNull(faceCascade);
        assertEquals(25, faceCascade.stages());
        assertEquals(2913, faceCascade.features());
    }
}
