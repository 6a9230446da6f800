package dev.facecal.models;

import dev.facecal.embed.ModelSpec;

/**
 * A model facecal knows how to obtain.
 *
 * @param name        catalogue name
 * @param description one line for {@code model list}
 * @param spec        how to feed it and read its output
 * @param source      how it is obtained: {@code npm} (converted from face-api), {@code keras-h5} (converted from
 *                    DeepFace's weights) or {@code onnx} (an ONNX file used as it is)
 * @param url         pinned download address of the source file, or null when facecal obtains it otherwise
 * @param sha256      pinned SHA-256 of the source file, or null when not known
 */
public record CatalogEntry(String name, String description, ModelSpec spec, String source, String url,
                           String sha256) {
    public CatalogEntry {
        if (!java.util.Set.of("npm", "keras-h5", "onnx").contains(source)) {
            throw new IllegalArgumentException(name + ": unknown source kind " + source);
        }
        if (!spec.name().equals(name)) {
            throw new IllegalArgumentException("catalogue entry " + name + " has a spec named " + spec.name());
        }
    }
}
