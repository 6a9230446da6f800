package dev.facecal.face;

import dev.facecal.embed.Images;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Decode, detect, choose and align: DeepFace's {@code extract_faces} for one face per photo.
 *
 * <p>Decoding is OpenCV's {@code imread(path, IMREAD_COLOR)}, as DeepFace's {@code load_image} does: a JPEG's EXIF
 * orientation is applied (a photo stored sideways with Orientation 6 or 8 comes out upright; tested in
 * {@code ExifOrientationTest}), grayscale becomes 3-channel, an alpha channel is dropped (not composited), 16-bit is
 * scaled to 8-bit. ({@link Images#read}, used without a detector, applies the JPEG orientation too.) With alignment (the default, as in DeepFace) the detector runs on the image with DeepFace's
 * black border of half the height/width on each side ({@link Aligner#border}), then the chosen face is aligned by
 * {@link Aligner}; without it, the detector runs on the image as is and the crop is the detected box.
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

    public FaceExtractor(FaceDetector detector, MultiFacePolicy policy, boolean align) {
        OpenCvNative.load();
        this.detector = detector;
        this.policy = policy;
        this.align = align;
    }

    /** The detector this extractor uses. */
    public FaceDetector detector() {
        return detector;
    }

    /** Extracts the face from an image file. */
    public Extraction extract(Path file) {
        String name = file.toString();
        if (!Files.isRegularFile(file)) return Extraction.failure(name, "image not found", 0);
        Mat img;
        try {
            img = Imgcodecs.imread(file.toString(), Imgcodecs.IMREAD_COLOR);
        } catch (RuntimeException e) {
            return Extraction.failure(name, "cannot decode the image: " + e.getMessage(), 0);
        }
        if (img == null || img.empty()) {
            return Extraction.failure(name, "not an image OpenCV can decode (empty, truncated or not a picture)", 0);
        }
        try {
            return extract(img, name);
        } finally {
            img.release();
        }
    }

    /** Extracts the face from a decoded BGR 8-bit 3-channel image. */
    public Extraction extract(Mat bgr, String name) {
        try {
            return extractOrThrow(bgr, name);
        } catch (RuntimeException e) {
            return Extraction.failure(name, "face extraction failed: " + e, 0);
        }
    }

    /** Every face the detector reports, in the coordinates of {@code bgr} (no border, no policy). */
    public List<Detection> detectAll(Mat bgr) {
        if (!align) return detector.detect(bgr);
        int hb = (int) (0.5 * bgr.rows()), wb = (int) (0.5 * bgr.cols());
        Mat bordered = Aligner.border(bgr);
        try {
            return detector.detect(bordered).stream().map(d -> unborder(d, wb, hb)).toList();
        } finally {
            bordered.release();
        }
    }

    private Extraction extractOrThrow(Mat bgr, String name) {
        if (bgr.channels() != 3) {
            return Extraction.failure(name, "expected a 3-channel BGR image, got " + bgr.channels() + " channels", 0);
        }
        int width = bgr.cols(), height = bgr.rows();
        int hb = align ? (int) (0.5 * height) : 0, wb = align ? (int) (0.5 * width) : 0;
        Mat img = align ? Aligner.border(bgr) : bgr;
        try {
            List<Detection> faces = detector.detect(img);
            MultiFacePolicy.Choice choice = policy.choose(faces);
            if (!choice.ok()) return Extraction.failure(name, choice.failure(), faces.size());
            Detection d = choice.face();
            Mat face;
            double angle = 0;
            if (align) {
                Aligner.Aligned a = Aligner.align(img, d);
                face = a.face();
                angle = a.angle();
            } else {
                Box b = d.box();
                face = img.submat(b.y(), b.y() + b.h(), b.x(), b.x() + b.w()).clone();
            }
            try {
                if (face.empty()) return Extraction.failure(name, "the aligned face crop is empty", faces.size());
                Detection u = unborder(d, wb, hb);
                Box b = u.box();
                int x = Math.max(0, b.x()), y = Math.max(0, b.y());
                Box box = new Box(x, y, Math.min(width - x - 1, b.w()), Math.min(height - y - 1, b.h()));
                FaceCrop crop = new FaceCrop(toRgb(face), box, inside(u.leftEye(), width, height),
                        inside(u.rightEye(), width, height), angle, d.confidence());
                return Extraction.success(name, crop, faces.size());
            } finally {
                face.release();
            }
        } finally {
            if (img != bgr) img.release();
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

    /** A BGR 8-bit 3-channel Mat as {@link Images.Rgb}. */
    static Images.Rgb toRgb(Mat bgr) {
        Mat rgb = new Mat();
        Imgproc.cvtColor(bgr, rgb, Imgproc.COLOR_BGR2RGB);
        int w = rgb.cols(), h = rgb.rows();
        byte[] buf = new byte[w * h * 3];
        Mat cont = rgb.isContinuous() ? rgb : rgb.clone();
        cont.get(0, 0, buf);
        if (cont != rgb) cont.release();
        rgb.release();
        int[] px = new int[buf.length];
        for (int i = 0; i < buf.length; i++) px[i] = buf[i] & 0xff;
        return new Images.Rgb(w, h, px);
    }
}
