/**
 * The model catalogue ({@link dev.facecal.models.ModelCatalog}, {@link dev.facecal.models.ModelSource}), the model
 * folder with atomic installs ({@link dev.facecal.models.ModelStore}) and the converters that write ONNX (face-api's
 * dlib, DeepFace's Keras VGG-Face). A new model: a catalogue entry, and a converter when it is not ONNX already.
 * Bottom layer.
 */
package dev.facecal.models;
