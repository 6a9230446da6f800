package dev.facecal.models;

import dev.facecal.FacecalException;
import dev.facecal.embed.ModelSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The models facecal can install by name. */
public final class ModelCatalog {
    private static final Map<String, CatalogEntry> ENTRIES = new LinkedHashMap<>();

    static {
        add(new CatalogEntry("dlib", "dlib's 128-D face descriptor ResNet (weights CC0), converted from "
                + "@vladmandic/face-api@" + FaceApiPackage.VERSION + " (MIT); the default, works offline with npm",
                ModelSpec.dlib(), ModelSource.NPM_FACE_API, null, null));
        add(new CatalogEntry("vgg-face", "VGG-Face as DeepFace uses it today: 4096-D, L2-normalised; converted "
                + "from DeepFace's vgg_face_weights.h5", vggSpec("vgg-face", 4096, true, ModelSpec.Resize.KEEP_RATIO_PAD),
                ModelSource.KERAS_H5,
                VggFaceConverter.PINNED_URL, VggFaceConverter.PINNED_SHA256));
        add(new CatalogEntry("vgg-face-2020", "VGG-Face as the 2020 Fine-Tuning-Threshold notebook used it: 2622-D; "
                + "converted from the same vgg_face_weights.h5",
                vggSpec("vgg-face-2020", 2622, false, ModelSpec.Resize.BILINEAR), ModelSource.KERAS_H5,
                VggFaceConverter.PINNED_URL, VggFaceConverter.PINNED_SHA256));
        add(HumanModels.entry("faceres"));
        add(HumanModels.entry("mobileface"));
        add(new CatalogEntry("sface", "OpenCV Zoo's SFace (face_recognition_sface_2021dec.onnx, Apache-2.0): 112x112, "
                + "128-D, as cv2.FaceRecognizerSF feeds it (RGB, 0-255, no normalisation); bring the file with --from",
                new ModelSpec("sface", 112, 112, "NCHW", "RGB", ModelSpec.Resize.BILINEAR, 1.0,
                        new double[] {0, 0, 0}, new double[] {1, 1, 1}, "data", "fc1", 128, false,
                        new String[] {"cosine", "euclidean_l2"}), ModelSource.ONNX, null, null));
    }

    private ModelCatalog() {}

    private static void add(CatalogEntry e) {
        ENTRIES.put(e.name(), e);
    }

    /**
     * DeepFace's VGG-Face input ({@code modules/representation.py}, {@code modules/preprocessing.py}, default
     * {@code normalization="base"}): 224x224, BGR, pixels / 255, no mean subtraction; today's DeepFace resizes
     * keeping the aspect ratio and pads, the 2020 notebook's resized straight to 224x224. See
     * {@link VggFaceConverter} for the graphs.
     */
    private static ModelSpec vggSpec(String name, int dim, boolean l2, ModelSpec.Resize resize) {
        return new ModelSpec(name, 224, 224, "NHWC", "BGR", resize, 1.0 / 255.0,
                new double[] {0, 0, 0}, new double[] {1, 1, 1}, "input", "embedding", dim, l2,
                new String[] {"cosine", "euclidean", "euclidean_l2", "angular"});
    }

    public static List<CatalogEntry> all() {
        return List.copyOf(ENTRIES.values());
    }

    public static CatalogEntry get(String name) {
        CatalogEntry e = ENTRIES.get(name);
        if (e == null) {
            throw new FacecalException("no model named '" + name + "' in the catalogue (" + String.join(", ",
                    ENTRIES.keySet()) + "); another ONNX face model is installed from its file with a spec "
                    + "(model.onnx and spec.json, see the README)");
        }
        return e;
    }

    public static boolean contains(String name) {
        return ENTRIES.containsKey(name);
    }

    /**
     * The models installable by name alone, with nothing for the user to bring: those converted from a pinned npm
     * package ({@link ModelSource#NPM_FACE_API}, {@link ModelSource#NPM_HUMAN_MODELS}), in catalogue order. The
     * others need a file the user downloads (VGG-Face's Keras weights) or brings (SFace's ONNX). These are the
     * models DeepFace's per-model table is recomputed for ({@code ./facecal run}, notebook 07).
     */
    public static List<CatalogEntry> byName() {
        return ENTRIES.values().stream()
                .filter(e -> e.source() == ModelSource.NPM_FACE_API || e.source() == ModelSource.NPM_HUMAN_MODELS)
                .toList();
    }
}
