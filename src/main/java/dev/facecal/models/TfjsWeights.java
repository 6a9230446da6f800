package dev.facecal.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facecal.FacecalException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The weights of a tfjs model ({@code <model>-weights_manifest.json} + its {@code .bin} shards), decoded bit for
 * bit as tfjs 4.22 decodes them.
 *
 * <p>References ({@code @tensorflow/tfjs-core/dist/io/}): {@code weights_loader.js} concatenates the shards of each
 * manifest group in {@code paths} order; {@code io_utils.js:160-223} ({@code decodeWeight}) reads the tensors of a
 * group back to back, no padding. A weight with {@code "quantization": {"dtype": "uint8"|"uint16", "scale", "min"}}
 * takes 1 or 2 bytes per value and becomes {@code values[i] = v * scale + min} (l.196: JS numbers, i.e. float64, then
 * stored in a {@code Float32Array}): here {@code (float) (q * scale + min)} with {@code scale} and {@code min} parsed
 * as doubles. A weight without quantization is raw little-endian float32. face-api's
 * {@code face_recognition_model} mixes both: 8 of its 117 tensors (the {@code conv64_*} conv filters) are raw
 * float32 (see {@code notes/face-api-recognition-net.md}). Graph models ({@link GraphModelConverter}) add two cases:
 * {@code "quantization": {"dtype": "float16"}} (IEEE half, 2 bytes, widened exactly as tfjs'
 * {@code getFloat16Decoder} does) and {@code int32} constants (shapes, paddings, axes), held here as the float32
 * values of those small integers.
 */
public final class TfjsWeights {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String source;
    private final Map<String, TfjsTensor> tensors;

    private TfjsWeights(String source, Map<String, TfjsTensor> tensors) {
        this.source = source;
        this.tensors = tensors;
    }

    /**
     * Reads {@code package/<dir>/<model>-weights_manifest.json} and its shards from an npm tarball.
     *
     * @param tgz   the package tarball (not verified here; see {@link FaceApiPackage#verify})
     * @param dir   folder inside the package, e.g. {@code model}
     * @param model model name, e.g. {@code face_recognition_model}
     */
    public static TfjsWeights fromTarball(Path tgz, String dir, String model) {
        String prefix = "package/" + dir + "/";
        String manifestPath = prefix + model + "-weights_manifest.json";
        String usualShard = prefix + model + ".bin";
        Map<String, byte[]> files = new LinkedHashMap<>(FaceApiPackage.read(tgz, List.of(manifestPath, usualShard)));
        String where = " in " + tgz;
        JsonNode manifest = parseManifest(manifestPath + where, files.get(manifestPath));
        Set<String> shards = new LinkedHashSet<>();
        for (JsonNode group : manifest) {
            for (JsonNode p : group.path("paths")) shards.add(prefix + p.asText());
        }
        shards.removeAll(files.keySet());
        if (!shards.isEmpty()) files.putAll(FaceApiPackage.read(tgz, shards));
        return decode(manifestPath + where, manifest, p -> {
            byte[] data = files.get(prefix + p);
            if (data == null) throw new FacecalException(tgz + " has no " + prefix + p + ", which " + manifestPath
                    + " lists");
            return data;
        }, p -> prefix + p + where);
    }

    /**
     * Decodes a manifest and its shards.
     *
     * @param source      how to name the manifest in messages (file and where it came from)
     * @param manifestJson the manifest's bytes
     * @param shard       the bytes of a shard, by the path the manifest gives
     * @param shardName   how to name a shard in messages
     */
    public static TfjsWeights decode(String source, byte[] manifestJson, Function<String, byte[]> shard,
                                     Function<String, String> shardName) {
        return decode(source, parseManifest(source, manifestJson), shard, shardName);
    }

    private static JsonNode parseManifest(String source, byte[] json) {
        JsonNode manifest;
        try {
            manifest = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new FacecalException(source + " is not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + "): the file is "
                    + "damaged; " + reinstall(), e);
        }
        if (manifest == null || !manifest.isArray() || manifest.isEmpty()) {
            throw new FacecalException(source + " is not a tfjs weights manifest (expected a JSON array of weight "
                    + "groups); " + reinstall());
        }
        return manifest;
    }

    private static TfjsWeights decode(String source, JsonNode manifest, Function<String, byte[]> shard,
                                      Function<String, String> shardName) {
        Map<String, TfjsTensor> out = new LinkedHashMap<>();
        for (JsonNode group : manifest) {
            JsonNode paths = group.path("paths");
            JsonNode weights = group.path("weights");
            if (!paths.isArray() || paths.isEmpty() || !weights.isArray()) {
                throw new FacecalException(source + ": a weight group lacks \"paths\" or \"weights\"; " + reinstall());
            }
            var bytes = new ByteArrayOutputStream();
            List<String> names = new ArrayList<>();
            for (JsonNode p : paths) {
                bytes.writeBytes(shard.apply(p.asText()));
                names.add(shardName.apply(p.asText()));
            }
            ByteBuffer buf = ByteBuffer.wrap(bytes.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
            String shards = String.join(" + ", names);
            for (JsonNode w : weights) {
                TfjsTensor t = decodeWeight(source, shards, w, buf);
                if (out.put(t.name(), t) != null) {
                    throw new FacecalException(source + " lists the weight " + t.name() + " twice; " + reinstall());
                }
            }
            if (buf.hasRemaining()) {
                throw new FacecalException(shards + " has " + buf.capacity() + " bytes but " + source + " describes "
                        + buf.position() + ": the files do not belong together; " + reinstall());
            }
        }
        return new TfjsWeights(source, out);
    }

    private static TfjsTensor decodeWeight(String source, String shards, JsonNode w, ByteBuffer buf) {
        String name = w.path("name").asText(null);
        JsonNode shapeNode = w.path("shape");
        if (name == null || !shapeNode.isArray()) {
            throw new FacecalException(source + ": a weight entry lacks \"name\" or \"shape\"; " + reinstall());
        }
        int[] shape = new int[shapeNode.size()];
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asInt(-1);
            if (shape[i] < 0) throw new FacecalException(source + ": weight " + name + " has a bad shape " + shapeNode);
            n *= shape[i];
        }
        String dtype = w.path("dtype").asText("");
        boolean int32 = dtype.equals("int32");
        if (!dtype.equals("float32") && !int32) {
            throw new FacecalException(source + ": weight " + name + " has dtype '" + dtype + "'; facecal reads "
                    + "float32 and int32 weights only; " + reinstall());
        }
        JsonNode q = w.get("quantization");
        String qType = q == null ? "float32" : q.path("dtype").asText("");
        int bytesPer = switch (qType) {
            case "float32" -> 4;
            case "uint8" -> 1;
            case "uint16", "float16" -> 2;
            default -> throw new FacecalException(source + ": weight " + name + " uses quantization '" + qType
                    + "', which facecal does not read (only uint8, uint16 and float16); " + reinstall());
        };
        long need = n * bytesPer;
        if (need > buf.remaining()) {
            throw new FacecalException(shards + " is too short: weight " + name + " " + shapeNode + " needs " + need
                    + " bytes at offset " + buf.position() + " but only " + buf.remaining() + " are left (the file has "
                    + buf.capacity() + " bytes). It is truncated or belongs to another model; " + reinstall());
        }
        float[] values = new float[(int) n];
        if (int32 && q == null) {
            for (int i = 0; i < values.length; i++) {
                int v = buf.getInt();
                if (Math.abs(v) > 1 << 24) {
                    throw new FacecalException(source + ": int32 weight " + name + " holds " + v + ", beyond the "
                            + "integers float32 represents exactly (shapes, paddings and axes are small)");
                }
                values[i] = v;
            }
        } else if (q == null) {
            for (int i = 0; i < values.length; i++) values[i] = buf.getFloat();
        } else if (qType.equals("float16")) {
            // tfjs io_utils getFloat16Decoder: IEEE half to float32, exact (every half is a float32)
            for (int i = 0; i < values.length; i++) values[i] = Float.float16ToFloat(buf.getShort());
        } else {
            if (!q.path("scale").isNumber() || !q.path("min").isNumber()) {
                throw new FacecalException(source + ": weight " + name + " is quantized without numeric \"scale\" and "
                        + "\"min\"; " + reinstall());
            }
            double scale = q.get("scale").doubleValue();
            double min = q.get("min").doubleValue();
            for (int i = 0; i < values.length; i++) {
                int v = bytesPer == 1 ? Byte.toUnsignedInt(buf.get()) : Short.toUnsignedInt(buf.getShort());
                values[i] = (float) (v * scale + min);
            }
        }
        return new TfjsTensor(name, shape, values);
    }

    private static String reinstall() {
        return "obtain the package again with `npm pack " + FaceApiPackage.NAME + "@" + FaceApiPackage.VERSION + "`";
    }

    /** How the manifest was named when it was read (file and tarball), for messages. */
    public String source() {
        return source;
    }

    /** All tensors, in manifest order. */
    public Collection<TfjsTensor> tensors() {
        return List.copyOf(tensors.values());
    }

    /**
     * The tensor {@code name}, checked against the shape the caller expects.
     *
     * @throws FacecalException when it is missing or has another shape (a wrong or damaged model file)
     */
    public TfjsTensor get(String name, int... expectedShape) {
        TfjsTensor t = tensors.get(name);
        if (t == null) {
            throw new FacecalException(source + " has no weight named " + name + ": it is not the expected model; "
                    + reinstall());
        }
        if (!Arrays.equals(t.shape(), expectedShape)) {
            throw new FacecalException(source + ": weight " + name + " has shape " + Arrays.toString(t.shape())
                    + ", expected " + Arrays.toString(expectedShape) + ": it is not the expected model; " + reinstall());
        }
        return t;
    }

    /** The tensor {@code name}, any shape, or null when there is none (graph models look constants up by node). */
    TfjsTensor find(String name) {
        return tensors.get(name);
    }

    /** Number of tensors. */
    public int size() {
        return tensors.size();
    }
}
