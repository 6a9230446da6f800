package dev.facecal.models;

/**
 * Which output of DeepFace's VGG-Face network {@link VggFaceConverter} exposes as the embedding. Both variants
 * are the same weights (DeepFace's {@code vgg_face_weights.h5}) and the same convolutional trunk; they differ in
 * the layer the embedding is taken from.
 */
public enum VggFaceVariant {
    /**
     * DeepFace today (since January 2024, {@code models/facial_recognition/VGGFace.py}): the output of the
     * second fully connected layer fc7 after its ReLU ({@code model.layers[-5]}), flattened to 4096 values and
     * L2-normalised as {@code x / (||x|| + 1e-10)}. DeepFace does the normalisation in numpy after the network;
     * the converted graph does it inside. DeepFace's issue #944 reports 6-14 % better accuracy than the 2622-D
     * output.
     */
    CURRENT("vgg-face", 4096, true),

    /**
     * DeepFace from 2020 until January 2024 ({@code basemodels/VGGFace.py}, {@code model.layers[-2]}), the model
     * the seed notebook (Fine-Tuning-Threshold, 2020) ran: the flattened output of the last layer fc8 before the
     * softmax, i.e. the 2622 raw class scores (logits) of the VGG-Face identity classifier, not normalised.
     */
    V2020("vgg-face-2020", 2622, false);

    private final String modelName;
    private final int dimension;
    private final boolean l2Normalised;

    VggFaceVariant(String modelName, int dimension, boolean l2Normalised) {
        this.modelName = modelName;
        this.dimension = dimension;
        this.l2Normalised = l2Normalised;
    }

    /** A suggested catalogue name for the converted model. */
    public String modelName() {
        return modelName;
    }

    /** The embedding dimension with DeepFace's real weights (a synthetic test file may have fewer). */
    public int dimension() {
        return dimension;
    }

    /** Whether the graph's output is L2-normalised. */
    public boolean l2Normalised() {
        return l2Normalised;
    }
}
