package dev.facecal.embed;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a face-embedding ONNX model expects and produces, so one {@link FaceModel} can run any of them
 * (dlib, VGG-Face, SFace, ArcFace, Facenet512, ...).
 *
 * <p>Preprocessing, applied by facecal in float32 before the graph: the face crop is brought to
 * {@code width x height} ({@link Resize}), converted to the channel order, and each value becomes
 * {@code (pixel * scale - mean[c]) / std[c]} where {@code pixel} is 0-255. The graph gets a float32 tensor in
 * {@code layout} ({@code NHWC} or {@code NCHW}) with a dynamic batch dimension.
 *
 * @param name          catalogue name ({@code dlib}, {@code vgg-face}, ...)
 * @param width         input width in pixels
 * @param height        input height in pixels
 * @param layout        {@code NHWC} or {@code NCHW}
 * @param channelOrder  {@code RGB} or {@code BGR}
 * @param resize        how a crop of another size reaches width x height
 * @param scale         multiplier applied to 0-255 pixels first (1 or 1/255)
 * @param mean          per-channel mean subtracted, in the model's channel order
 * @param std           per-channel divisor, in the model's channel order
 * @param inputName     the graph's input name
 * @param outputName    the graph's output name
 * @param dimension     embedding dimension
 * @param l2Normalised  whether the graph's output is already L2-normalised
 * @param metrics       the distance metrics that make sense, DeepFace names ({@code euclidean}, ...)
 * @param alignment     how the face reaches the model: the faces stage's crop, or a landmark alignment of the photo
 */
public record ModelSpec(String name, int width, int height, String layout, String channelOrder, Resize resize,
                        double scale, double[] mean, double[] std, String inputName, String outputName,
                        int dimension, boolean l2Normalised, String[] metrics, Alignment alignment) {

    /** How the face a model sees is cut from the photo. */
    public enum Alignment {
        /** The faces stage's crop (detector box, DeepFace's eye levelling unless turned off), then {@link Resize}. */
        CROP("crop"),
        /**
         * InsightFace's ArcFace alignment: five landmarks (eye centres, nose tip, mouth corners, from FaceMesh run
         * on the detector's box) mapped by a least-squares similarity onto the 112x112 template and the photo warped
         * there ({@code face.ArcFaceAlignment}); the model's input must be 112x112.
         */
        ARCFACE_5POINT("arcface-5point");

        private final String label;

        Alignment(String label) {
            this.label = label;
        }

        /** The name in spec JSON, cache keys and messages. */
        public String label() {
            return label;
        }

        /** The alignment named {@code label} ({@code crop}, {@code arcface-5point}). */
        public static Alignment of(String label) {
            for (Alignment a : values()) if (a.label.equals(label)) return a;
            throw new IllegalArgumentException("alignment must be crop or arcface-5point, got '" + label + "'");
        }
    }

    /** A spec whose face is the faces stage's crop ({@link Alignment#CROP}). */
    public ModelSpec(String name, int width, int height, String layout, String channelOrder, Resize resize,
                     double scale, double[] mean, double[] std, String inputName, String outputName,
                     int dimension, boolean l2Normalised, String[] metrics) {
        this(name, width, height, layout, channelOrder, resize, scale, mean, std, inputName, outputName, dimension,
                l2Normalised, metrics, Alignment.CROP);
    }

    /** How a face crop of another size is brought to the model's input size. */
    public enum Resize {
        /**
         * face-api: pad the shorter side with zeros to a centred square (extra row/column after), then bilinear
         * resize with TF's legacy asymmetric mapping ({@code alignCorners=false, halfPixelCenters=false}).
         */
        PAD_TO_SQUARE_BILINEAR,
        /** Bilinear resize straight to the input size (half-pixel centres, as OpenCV's {@code INTER_LINEAR}). */
        BILINEAR,
        /**
         * DeepFace's {@code preprocessing.resize_image}: scale by {@code min(H/h, W/w)} to {@code (int(w*f), int(h*f))}
         * (bilinear), then pad with zeros to the input size, {@code diff//2} before and the rest after.
         */
        KEEP_RATIO_PAD
    }

    public ModelSpec {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("model name must not be blank");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException(name + ": input size must be positive, got " + width + "x" + height);
        }
        if (!"NHWC".equals(layout) && !"NCHW".equals(layout)) {
            throw new IllegalArgumentException(name + ": layout must be NHWC or NCHW, got " + layout);
        }
        if (!"RGB".equals(channelOrder) && !"BGR".equals(channelOrder)) {
            throw new IllegalArgumentException(name + ": channel order must be RGB or BGR, got " + channelOrder);
        }
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException(name + ": mean and std need 3 values, got " + mean.length + " and "
                    + std.length);
        }
        for (double s : std) {
            if (!(s > 0)) throw new IllegalArgumentException(name + ": std values must be > 0, got " + Arrays.toString(std));
        }
        if (!(scale > 0)) throw new IllegalArgumentException(name + ": scale must be > 0, got " + scale);
        if (dimension <= 0) throw new IllegalArgumentException(name + ": dimension must be > 0, got " + dimension);
        if (alignment == null) throw new IllegalArgumentException(name + ": the alignment must be given");
        if (alignment == Alignment.ARCFACE_5POINT && (width != 112 || height != 112)) {
            throw new IllegalArgumentException(name + ": arcface-5point alignment makes 112x112 faces, but the input is "
                    + width + "x" + height);
        }
        mean = mean.clone();
        std = std.clone();
        metrics = metrics.clone();
        layout = layout.toUpperCase(Locale.ROOT);
    }

    /**
     * dlib's 128-D ResNet as face-api 1.7.15 computes it ({@code FaceRecognitionNet.ts}): RGB, 150x150 after a
     * centred zero pad to square and TF bilinear resize, {@code (x - [122.782, 117.001, 104.298]) / 255}, raw
     * (not normalised) 128-D output compared with Euclidean distance (face_recognition's cutoff 0.6).
     */
    public static ModelSpec dlib() {
        return new ModelSpec("dlib", 150, 150, "NHWC", "RGB", Resize.PAD_TO_SQUARE_BILINEAR, 1.0,
                new double[] {122.782, 117.001, 104.298}, new double[] {255, 255, 255}, "input", "embedding", 128,
                false, new String[] {"euclidean", "cosine", "euclidean_l2", "angular"});
    }
}
