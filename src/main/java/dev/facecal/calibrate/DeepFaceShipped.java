package dev.facecal.calibrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The thresholds and distance-to-confidence constants DeepFace ships ({@code deepface/config/threshold.py} and
 * {@code confidence.py}), read from {@code reference/deepface-constants.json} on the classpath, which
 * {@code reference/extract_deepface_constants.py} wrote from DeepFace at the commit it names. Used to show
 * DeepFace's shipped values beside a fresh fit (notebook 02).
 *
 * @param source where the values come from (URL with the commit)
 * @param root   the parsed JSON document
 */
public record DeepFaceShipped(String source, JsonNode root) {

    static final String RESOURCE = "reference/deepface-constants.json";

    /** Loads the bundled values. */
    public static DeepFaceShipped load() {
        try (InputStream in = DeepFaceShipped.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            return new DeepFaceShipped(root.get("source").asText(), root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** Model names DeepFace has confidence constants for, in its order. */
    public List<String> models() {
        List<String> out = new ArrayList<>();
        root.get("confidences").fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** DeepFace's verification threshold for a model and metric ({@code threshold.py}). */
    public double threshold(String model, String metric) {
        return node("thresholds", model, metric).asDouble();
    }

    /**
     * DeepFace's confidence constants for a model and metric as a {@link ConfidenceModel} whose threshold is
     * DeepFace's threshold for that pair (threshold method {@code deepface}).
     */
    public ConfidenceModel confidence(String model, String metric) {
        JsonNode c = node("confidences", model, metric);
        return new ConfidenceModel("deepface", threshold(model, metric), c.get("w").asDouble(), c.get("b").asDouble(),
                c.get("normalizer").asDouble(), c.get("denorm_max_true").asDouble(), c.get("denorm_min_true").asDouble(),
                c.get("denorm_max_false").asDouble(), c.get("denorm_min_false").asDouble());
    }

    private JsonNode node(String table, String model, String metric) {
        JsonNode m = root.get(table).get(model);
        if (m == null) {
            List<String> names = new ArrayList<>();
            root.get(table).fieldNames().forEachRemaining(names::add);
            throw new IllegalArgumentException("DeepFace ships no " + table + " for model '" + model + "'; it has "
                    + String.join(", ", names));
        }
        JsonNode v = m.get(metric);
        if (v == null) {
            throw new IllegalArgumentException("DeepFace ships no " + table + " for " + model + " / " + metric);
        }
        return v;
    }
}
