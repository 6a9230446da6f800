package dev.facecal.models;

import dev.facecal.FacecalException;
import java.nio.file.Path;

/**
 * Converts dlib's 128-D face descriptor ResNet, as shipped in {@code @vladmandic/face-api@1.7.15}
 * ({@code model/face_recognition_model*}, tfjs weights), into an ONNX model that computes what face-api's
 * {@code FaceRecognitionNet.forwardInput} computes after its normalisation step
 * ({@code src/faceRecognitionNet/FaceRecognitionNet.ts:30-55}).
 *
 * <p>The model: input {@code input}, float32 {@code [N,150,150,3]}, NHWC, RGB, already normalised by the caller
 * as face-api does it ({@code (pixel - [122.782, 117.001, 104.298]) / 255} in float32, after face-api's centred
 * pad-to-square and TF legacy bilinear resize to 150x150); output {@code embedding}, float32 {@code [N,128]}, the raw
 * (not L2-normalised) descriptor; dynamic batch {@code N}; opset 13, IR 8. Weights are dequantised exactly as tfjs
 * does ({@link TfjsWeights}), and each conv keeps face-api's separate bias add and per-channel scale
 * ({@link DlibGraph}), so ONNX Runtime agrees with face-api's tfjs {@code cpu} backend to about 1e-6.
 *
 * <p>The result is a pure function of the tarball: two conversions give identical bytes (no timestamps, fixed
 * metadata order).
 */
public final class DlibConverter {
    /** Input name of the converted model. */
    public static final String INPUT = "input";
    /** Output name of the converted model. */
    public static final String OUTPUT = "embedding";
    /** Input height and width. */
    public static final int SIZE = DlibGraph.SIZE;
    /** Embedding dimension. */
    public static final int DIMENSION = 128;

    private DlibConverter() {}

    /**
     * Verifies the face-api tarball ({@link FaceApiPackage#verify}) and converts its recognition model.
     *
     * @param faceApiTgz the npm tarball of {@code @vladmandic/face-api@1.7.15} (from {@code npm pack} or {@code --from})
     * @return the serialised ONNX model
     * @throws FacecalException naming the file and the fix when the tarball or a model file in it is missing,
     *                          truncated, damaged or of another version
     */
    public static byte[] convert(Path faceApiTgz) {
        FaceApiPackage.verify(faceApiTgz);
        return convertUnverified(faceApiTgz);
    }

    /** {@link #convert} without the integrity check (for tests of damaged model files inside a tarball). */
    static byte[] convertUnverified(Path faceApiTgz) {
        return convert(TfjsWeights.fromTarball(faceApiTgz, "model", "face_recognition_model"), DlibGraph.Affine.SEPARATE);
    }

    /** Converts decoded weights; {@code affine} chooses separate or folded bias/scale nodes. */
    static byte[] convert(TfjsWeights weights, DlibGraph.Affine affine) {
        return DlibGraph.build(weights, affine, DlibGraph.metadata()).toByteArray();
    }
}
