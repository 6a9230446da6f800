package dev.facecal.models;

import dev.facecal.embed.ModelSpec;

/**
 * A model facecal knows how to obtain.
 *
 * @param name        catalogue name
 * @param description one line for {@code model list}
 * @param spec        how to feed it and read its output
 * @param source      how it is obtained and converted
 * @param url         pinned download address of the source file, or null when facecal obtains it otherwise
 * @param sha256      pinned SHA-256 of the source file, or null when not known
 */
public record CatalogEntry(String name, String description, ModelSpec spec, ModelSource source, String url,
                           String sha256) {
    public CatalogEntry {
        if (source == null) {
            throw new IllegalArgumentException(name + ": the source kind must be given");
        }
        if (!spec.name().equals(name)) {
            throw new IllegalArgumentException("catalogue entry " + name + " has a spec named " + spec.name());
        }
    }
}
