package dev.facecal.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facecal.FacecalException;
import dev.facecal.embed.ModelSpec;
import java.io.IOException;
import java.nio.file.Path;

/** {@link ModelSpec} to and from JSON (model sidecars and user-written specs for any ONNX face model). */
public final class SpecJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private SpecJson() {}

    public static ObjectNode write(ModelSpec s) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("name", s.name());
        n.put("width", s.width());
        n.put("height", s.height());
        n.put("layout", s.layout());
        n.put("channel_order", s.channelOrder());
        n.put("resize", s.resize().name());
        n.put("scale", s.scale());
        var mean = n.putArray("mean");
        for (double v : s.mean()) mean.add(v);
        var std = n.putArray("std");
        for (double v : s.std()) std.add(v);
        n.put("input_name", s.inputName());
        n.put("output_name", s.outputName());
        n.put("dimension", s.dimension());
        n.put("l2_normalised", s.l2Normalised());
        var metrics = n.putArray("metrics");
        for (String m : s.metrics()) metrics.add(m);
        if (s.alignment() != ModelSpec.Alignment.CROP) n.put("alignment", s.alignment().label());
        return n;
    }

    public static ModelSpec read(JsonNode n, String where) {
        try {
            return new ModelSpec(text(n, "name", where), n.get("width").asInt(), n.get("height").asInt(),
                    text(n, "layout", where), text(n, "channel_order", where),
                    ModelSpec.Resize.valueOf(text(n, "resize", where)), n.path("scale").asDouble(1.0),
                    doubles(n.get("mean"), where, "mean"), doubles(n.get("std"), where, "std"),
                    text(n, "input_name", where), text(n, "output_name", where), n.get("dimension").asInt(),
                    n.path("l2_normalised").asBoolean(false), strings(n.path("metrics")),
                    ModelSpec.Alignment.of(n.path("alignment").asText("crop")));
        } catch (NullPointerException | IllegalArgumentException e) {
            throw new FacecalException(where + ": not a valid model spec (" + e.getMessage() + "); expected keys "
                    + "name, width, height, layout (NHWC|NCHW), channel_order (RGB|BGR), resize "
                    + "(PAD_TO_SQUARE_BILINEAR|BILINEAR), scale, mean[3], std[3], input_name, output_name, dimension, "
                    + "optional alignment (crop|arcface-5point)", e);
        }
    }

    public static ModelSpec read(Path file) {
        try {
            return read(MAPPER.readTree(file.toFile()), file.toString());
        } catch (IOException e) {
            throw new FacecalException(file + ": cannot read the model spec JSON (" + e.getMessage() + ")", e);
        }
    }

    private static String text(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null || !v.isTextual()) throw new IllegalArgumentException("missing text field '" + key + "'");
        return v.asText();
    }

    private static double[] doubles(JsonNode a, String where, String key) {
        if (a == null || !a.isArray()) throw new IllegalArgumentException("missing array '" + key + "'");
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) d[i] = a.get(i).asDouble();
        return d;
    }

    private static String[] strings(JsonNode a) {
        String[] s = new String[a.size()];
        for (int i = 0; i < s.length; i++) s[i] = a.get(i).asText();
        return s;
    }
}
