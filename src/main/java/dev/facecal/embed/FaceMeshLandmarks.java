package dev.facecal.embed;

import dev.facecal.face.ArcFaceAlignment;
import dev.facecal.face.Box;
import dev.facecal.face.FaceMeshCrop;
import dev.facecal.face.RgbImage;
import java.util.List;

/**
 * Five-point ArcFace faces from a detector box: MediaPipe FaceMesh (Human's {@code facemesh.json}, converted to ONNX
 * and installed as the model {@code facemesh}) run on the box's crop as Human feeds it ({@link FaceMeshCrop}), its
 * eye, nose and mouth points taken back to the photo, and the photo warped onto InsightFace's template
 * ({@link ArcFaceAlignment}). ONNX Runtime sessions run concurrently, so one instance serves every photo worker.
 */
public final class FaceMeshLandmarks implements AutoCloseable {
    /** The installed name of the landmark model. */
    public static final String MODEL = "facemesh";

    private final FaceModel mesh;

    /** @param mesh the FaceMesh model (input 192x192 RGB 0-1, output the 1404 mesh values) */
    public FaceMeshLandmarks(FaceModel mesh) {
        if (mesh.spec().width() != FaceMeshCrop.SIZE || mesh.spec().dimension() != FaceMeshCrop.POINTS * 3) {
            throw new IllegalArgumentException(mesh.spec().name() + " is not FaceMesh (192x192 in, 1404 values out)");
        }
        this.mesh = mesh;
    }

    /**
     * What, besides the FaceMesh file, decides the aligned face: the crop's enlargement and how the eye centres are
     * taken; part of the embedding cache key, so a change here never reuses embeddings of faces aligned otherwise.
     */
    public static String configuration() {
        return "enlarge=" + FaceMeshCrop.ENLARGE + ",eyes=contour-mean";
    }

    /** The five ArcFace points (photo pixels, {@link ArcFaceAlignment}'s order) of the face in {@code box}. */
    public double[] fivePoints(RgbImage photo, Box box) {
        double[] crop = FaceMeshCrop.square(box, FaceMeshCrop.ENLARGE);
        float[] out = mesh.embed(List.of(FaceMeshCrop.input(photo, crop, FaceMeshCrop.SIZE)))[0];
        return FaceMeshCrop.fivePoints(FaceMeshCrop.toPhoto(out, crop, FaceMeshCrop.SIZE));
    }

    /** The 112x112 ArcFace-aligned face of the face in {@code box}. */
    public RgbImage align(RgbImage photo, Box box) {
        return ArcFaceAlignment.align(photo, fivePoints(photo, box));
    }

    @Override
    public void close() {
        mesh.close();
    }
}
