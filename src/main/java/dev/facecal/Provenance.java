package dev.facecal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SequencedMap;

/**
 * How a result was made, recorded with it: the facecal version, then named sections of settings, in the order they
 * were added, e.g. {@code input} (the file, its SHA-256, the number parser, the score direction), {@code options}
 * (every option of the calibration), {@code embeddings} (the model, its ONNX file's SHA-256, the detector, the
 * policy). The JSON output writes it as an object, the exported code blocks as comment lines
 * ({@link #commentLines}), the notebooks in their summary.
 *
 * @param facecal  the facecal version that made the result
 * @param sections section name to its settings (key to value), both in insertion order
 */
public record Provenance(String facecal, SequencedMap<String, SequencedMap<String, String>> sections) {
    private static final String VERSION = readVersion();

    public Provenance {
        if (facecal == null || facecal.isBlank()) {
            throw new IllegalArgumentException("provenance needs the facecal version");
        }
        SequencedMap<String, SequencedMap<String, String>> copy = new LinkedHashMap<>();
        sections.forEach((k, v) -> copy.put(k, Collections.unmodifiableSequencedMap(new LinkedHashMap<>(v))));
        sections = Collections.unmodifiableSequencedMap(copy);
    }

    /** This build's version ({@code 0.1.0-SNAPSHOT}), written by Maven into {@code facecal.properties}. */
    public static String version() {
        return VERSION;
    }

    /** Nothing recorded yet but this build's version. */
    public static Provenance empty() {
        return new Provenance(VERSION, new LinkedHashMap<>());
    }

    /** The same record with {@code key = value} in {@code section} (a later value replaces an earlier one). */
    public Provenance with(String section, String key, Object value) {
        SequencedMap<String, SequencedMap<String, String>> copy = new LinkedHashMap<>();
        sections.forEach((k, v) -> copy.put(k, new LinkedHashMap<>(v)));
        copy.computeIfAbsent(section, s -> new LinkedHashMap<>()).put(key, String.valueOf(value));
        return new Provenance(facecal, copy);
    }

    /** The same record with every entry of {@code section} set. */
    public Provenance with(String section, Map<String, ?> values) {
        Provenance p = this;
        for (var e : values.entrySet()) p = p.with(section, e.getKey(), e.getValue());
        return p;
    }

    /** This record with every section of {@code other} added (its entries win). */
    public Provenance merge(Provenance other) {
        Provenance p = this;
        for (var s : other.sections.entrySet()) p = p.with(s.getKey(), s.getValue());
        return p;
    }

    /**
     * This record with every section of {@code other} added under {@code prefix + name}: several runs of one kind
     * in one record (e.g. each model's embeddings and distances in notebook 07, as {@code "dlib embeddings"},
     * {@code "faceres embeddings"}).
     */
    public Provenance withPrefixed(String prefix, Provenance other) {
        Provenance p = this;
        for (var s : other.sections.entrySet()) p = p.with(prefix + s.getKey(), s.getValue());
        return p;
    }

    /** One section's settings, empty when absent. */
    public SequencedMap<String, String> section(String name) {
        SequencedMap<String, String> s = sections.get(name);
        return s == null ? Collections.unmodifiableSequencedMap(new LinkedHashMap<>()) : s;
    }

    /**
     * The record as comment lines for code blocks, each starting with {@code prefix} ({@code "# "}, {@code "// "}):
     * {@code facecal 0.1.0}, then one line per section, {@code input: file=pairs.csv, sha256=..., parser=pandas}.
     */
    public List<String> commentLines(String prefix) {
        List<String> out = new java.util.ArrayList<>();
        out.add(prefix + "made by facecal " + facecal);
        sections.forEach((name, values) -> {
            StringBuilder sb = new StringBuilder(prefix).append(name).append(':');
            values.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v.replace('\n', ' ')).append(','));
            if (!values.isEmpty()) sb.setLength(sb.length() - 1);
            out.add(sb.toString());
        });
        return out;
    }

    /** The record as a JSON object: {@code {"facecal": "0.1.0", "<section>": {"<key>": "<value>", ...}, ...}}. */
    public String toJson() {
        com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode root = m.createObjectNode();
        root.put("facecal", facecal);
        sections.forEach((name, values) -> {
            com.fasterxml.jackson.databind.node.ObjectNode s = root.putObject(name);
            values.forEach(s::put);
        });
        try {
            return m.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads {@link #toJson}'s output back; an error naming {@code where} when it is not such an object. */
    public static Provenance fromJson(String json, String where) {
        try {
            com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(json);
            if (root == null || !root.isObject() || !root.path("facecal").isTextual()) {
                throw new FacecalException(where + ": not a facecal provenance record (no \"facecal\" version)");
            }
            SequencedMap<String, SequencedMap<String, String>> sections = new LinkedHashMap<>();
            root.properties().forEach(e -> {
                if (e.getValue().isObject()) {
                    SequencedMap<String, String> values = new LinkedHashMap<>();
                    e.getValue().properties().forEach(v -> values.put(v.getKey(), v.getValue().asText()));
                    sections.put(e.getKey(), values);
                }
            });
            return new Provenance(root.get("facecal").asText(), sections);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new FacecalException(where + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
    }

    private static String readVersion() {
        try (InputStream in = Provenance.class.getResourceAsStream("facecal.properties")) {
            if (in == null) return "unknown (built without facecal.properties)";
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version");
            return v == null || v.isBlank() || v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
