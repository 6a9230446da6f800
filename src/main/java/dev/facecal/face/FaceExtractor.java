package dev.facecal.face;

import java.nio.file.Path;
import java.util.List;
import org.opencv.core.Mat;

/**
 * Decode, detect, choose and align: DeepFace's {@code extract_faces} for one face per photo.
 *
 * <p>Decoding is {@link PhotoDecoder} (OpenCV's {@code imread(path, IMREAD_COLOR)}, as DeepFace's {@code load_image}:
 * EXIF orientation applied, grayscale to 3 channels, alpha dropped, 16-bit scaled), the same for every detector.
 * With alignment (the default, as in DeepFace) the detector runs on the image with DeepFace's black border of half
 * the height/width on each side ({@link Aligner#border}; the Haar detector borders only the grayscale image it scans,
 * {@link HaarDetector#detectBordered}), then the chosen face is aligned by {@link Aligner} (cut from the photo at the
 * shifted box, never from a bordered copy of it);
 * without it, the detector runs on the image as is and the crop is the detected box. Without a detector
 * ({@link Detector#NONE}: the photos are face crops already) the decoded photo itself is the face.
 *
 * <p>A photo that cannot be read or has no acceptable face is an {@link Extraction} failure, never an exception.
 */
public final class FaceExtractor {
    private final FaceDetector detector;
    private final MultiFacePolicy policy;
    private final boolean align;

    public FaceExtractor(FaceDetector detector) {
        this(detector, MultiFacePolicy.DEFAULT, true);
    }

    /**
     * @param detector the detector, or {@code null} when each photo is a face crop already ({@link Detector#NONE})
     * @param policy   what to do with several faces
     * @param align    whether to level the eyes (DeepFace's default)
     */
    public FaceExtractor(FaceDetector detector, MultiFacePolicy policy, boolean align) {
        OpenCvNative.load();
        this.detector = detector;
        this.policy = policy;
        this.align = align;
    }

    /** The detector this extractor uses, or {@code null} when the photos are face crops. */
    public FaceDetector detector() {
        return detector;
    }

    /** Extracts the face from an image file. */
    public Extraction extract(Path file) {
        String name = file.toString();
        PhotoDecoder.Result decoded = PhotoDecoder.bgr(file);
        if (!decoded.ok()) return Extraction.failure(name, decoded.failure(), 0);
        try {
            return extract(decoded.bgr(), name);
        } finally {
            decoded.bgr().release();
        }
    }

    /**
     * Extracts the face from a photo file's bytes, read once by the caller ({@link PhotoDecoder#bgr(byte[], int)}:
     * damaged and oversized files are failures naming the reason), at the resolution the detector asks for.
     *
     */
    public Extraction extract(byte[] bytes, String name) {
        PhotoDecoder.Result decoded = PhotoDecoder.bgr(bytes, detector == null ? 0 : detector.decodeLongSide());
        if (!decoded.ok()) return Extraction.failure(name, decoded.failure(), 0);
        try {
            return extract(decoded.bgr(), name);
        } finally {
            decoded.bgr().release();
        }
    }

    /**
     * The extraction of a photo's bytes together with the decoded photo itself (RGB, in the coordinates of the
     * extraction's box), for an alignment that cuts the face from the photo again (ArcFace's five points).
     *
     * @param extraction the face, or the failure
     * @param photo      the decoded photo; null when the extraction failed
     */
    public record WithPhoto(Extraction extraction, RgbImage photo) {}

    /** {@link #extract(byte[], String)}, keeping the decoded photo (decoded once) when a face is found. */
    public WithPhoto extractWithPhoto(byte[] bytes, String name) {
        PhotoDecoder.Result decoded = PhotoDecoder.bgr(bytes, detector == null ? 0 : detector.decodeLongSide());
        if (!decoded.ok()) return new WithPhoto(Extraction.failure(name, decoded.failure(), 0), null);
        try {
            Extraction ex = extract(decoded.bgr(), name);
            return new WithPhoto(ex, ex.ok() ? PhotoDecoder.toRgb(decoded.bgr()) : null);
        } finally {
            decoded.bgr().release();
        }
    }

    /** Extracts the face from a decoded BGR 8-bit 3-channel image. */
    public Extraction extract(Mat bgr, String name) {
        try {
            if (detector == null) {
                RgbImage whole = PhotoDecoder.toRgb(bgr);
                return Extraction.success(name, new FaceCrop(whole, new Box(0, 0, whole.width(), whole.height()), null,
                        null, 0, 1.0), 1);
            }
            return extractOrThrow(bgr, name);
        } catch (RuntimeException e) {
            return Extraction.failure(name, "face extraction failed: " + e, 0);
        }
    }

    /** Every face the detector reports, in the coordinates of {@code bgr} (no border, no policy). */
    public List<Detection> detectAll(Mat bgr) {
        if (!align || !detector.bordered()) return detector.detect(bgr);
        int hb = (int) (0.5 * bgr.rows()), wb = (int) (0.5 * bgr.cols());
        return detector.detectBordered(bgr).stream().map(d -> unborder(d, wb, hb)).toList();
    }

    private Extraction extractOrThrow(Mat bgr, String name) {
        if (bgr.channels() != 3) {
            return Extraction.failure(name, "expected a 3-channel BGR image, got " + bgr.channels() + " channels", 0);
        }
        int width = bgr.cols(), height = bgr.rows();
        boolean bordered = align && detector.bordered();
        int hb = bordered ? (int) (0.5 * height) : 0, wb = bordered ? (int) (0.5 * width) : 0;
        List<Detection> faces = bordered ? detector.detectBordered(bgr) : detector.detect(bgr);
        MultiFacePolicy.Choice choice = policy.choose(faces);
        if (!choice.ok()) return Extraction.failure(name, choice.failure(), faces.size());
        long t = System.nanoTime();
        Detection d = choice.face();
        Mat face;
        double angle = 0;
        if (align) {
            Aligner.Aligned a = detector.alignLongSide() > 0 && !bordered
                    ? RegionAligner.align(bgr, d, detector.alignLongSide()) : Aligner.align(bgr, d, wb, hb);
            face = a.face();
            angle = a.angle();
        } else {
            Box b = d.box();
            face = bgr.submat(b.y(), b.y() + b.h(), b.x(), b.x() + b.w()).clone();
        }
        try {
            if (face.empty()) return Extraction.failure(name, "the aligned face crop is empty", faces.size());
            Detection u = unborder(d, wb, hb);
            Box b = u.box();
            int x = Math.max(0, b.x()), y = Math.max(0, b.y());
            Box box = new Box(x, y, Math.min(width - x - 1, b.w()), Math.min(height - y - 1, b.h()));
            FaceCrop crop = new FaceCrop(PhotoDecoder.toRgb(face), box, inside(u.leftEye(), width, height),
                    inside(u.rightEye(), width, height), angle, d.confidence());
            StageClock.add(StageClock.Stage.ALIGN, t);
            return Extraction.success(name, crop, faces.size());
        } finally {
            face.release();
        }
    }

    private static Detection unborder(Detection d, int wb, int hb) {
        if (wb == 0 && hb == 0) return d;
        Box b = d.box();
        return new Detection(new Box(b.x() - wb, b.y() - hb, b.w(), b.h()),
                d.leftEye() == null ? null : d.leftEye().shift(-wb, -hb),
                d.rightEye() == null ? null : d.rightEye().shift(-wb, -hb), d.confidence());
    }

    private static Landmark inside(Landmark p, int width, int height) {
        return p != null && p.x() >= 0 && p.x() < width && p.y() >= 0 && p.y() < height ? p : null;
    }
}
