package dev.facecal.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facecal.Fixtures;
import dev.facecal.embed.ModelSpec;
import dev.facecal.embed.Preprocess;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;

/**
 * The face-api reference descriptors ({@code fixtures/faceapi/descriptors.json}, written by
 * {@code reference/faceapi/make_fixtures.js}) with the inputs rebuilt on the Java side: synthetic images from their
 * formulas, photo crops from {@code ../shared} decoded by ImageIO (as the script did), and the float32 tensor
 * face-api fed its network. Every rebuilt input is checked against the SHA-256 the script recorded.
 */
public final class FaceApiFixtures {
    /** face-api's mean, FaceRecognitionNet.ts:27. */
    public static final float[] MEAN = {122.782f, 117.001f, 104.298f};

    /**
     * One reference input.
     *
     * @param name       fixture name
     * @param json       the fixture entry
     * @param rgb        the image or crop face-api got, {@code [(y * width + x) * 3 + c]}
     * @param width      its width
     * @param height     its height
     * @param netInput   the normalised {@code [150,150,3]} float32 tensor face-api's network saw
     * @param descriptor face-api's {@code computeFaceDescriptor} output
     */
    public record Case(String name, JsonNode json, int[] rgb, int width, int height, float[] netInput,
                       float[] descriptor) {}

    private FaceApiFixtures() {}

    public static JsonNode document() {
        return Fixtures.json(Fixtures.resource("faceapi/descriptors.json"));
    }

    /** All cases, inputs rebuilt and checked against the recorded SHA-256 sums. */
    public static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (JsonNode e : document().get("inputs")) out.add(load(e));
        return out;
    }

    static Case load(JsonNode e) {
        String name = e.get("name").asText();
        int[] rgb;
        int w;
        int h;
        if (e.get("kind").asText().equals("synthetic")) {
            w = e.get("width").asInt();
            h = e.get("height").asInt();
            rgb = SyntheticImages.rgb(e.get("pattern").asText(), w, h);
        } else {
            Path file = Fixtures.shared().resolve(e.get("file").asText());
            assertEquals(e.get("fileSha256").asText(), sha256(read(file)), name + ": " + file + " changed");
            JsonNode box = e.get("box");
            w = box.get("width").asInt();
            h = box.get("height").asInt();
            rgb = crop(file, box.get("x").asInt(), box.get("y").asInt(), w, h);
        }
        assertEquals(e.get("rgbSha256").asText(), sha256(bytes(rgb)), name + ": pixels differ from face-api's input");
        // facecal's own preprocessing (pad to square, TF bilinear resize, float32 normalisation) must give the
        // network input face-api gave, bit for bit. Photo-derived tensors are not committed (photos never are):
        // only their SHA-256; synthetic ones are, as a second check.
        float[] net = Preprocess.tensor(rgb, w, h, ModelSpec.dlib());
        assertEquals(e.get("netInputSha256").asText(), sha256(bytes(net)), name + ": network input differs from face-api's");
        if (w == 150 && h == 150) {
            assertArrayEquals(normalise(rgb), net, 0f, name);
        }
        if (!e.get("netInput").isNull()) {
            assertArrayEquals(readFloats(Fixtures.resource("faceapi/" + e.get("netInput").asText())), net, 0f, name);
        }
        float[] d = new float[e.get("descriptor").size()];
        for (int i = 0; i < d.length; i++) d[i] = (float) e.get("descriptor").get(i).doubleValue();
        return new Case(name, e, rgb, w, h, net, d);
    }

    /** face-api's normalisation of a 150x150 image: {@code (x - mean[c]) / 255} in float32. */
    static float[] normalise(int[] rgb) {
        float[] out = new float[rgb.length];
        for (int i = 0; i < rgb.length; i++) out[i] = ((float) rgb[i] - MEAN[i % 3]) / 255f;
        return out;
    }

    /** Decodes with ImageIO and crops, as {@code reference/faceapi/DecodeRgb.java} + {@code crop} do. */
    static int[] crop(Path jpg, int x0, int y0, int w, int h) {
        BufferedImage img;
        try {
            img = ImageIO.read(jpg.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int[] argb = img.getRGB(x0, y0, w, h, null, 0, w);
        int[] rgb = new int[w * h * 3];
        for (int p = 0; p < argb.length; p++) {
            rgb[3 * p] = (argb[p] >> 16) & 0xff;
            rgb[3 * p + 1] = (argb[p] >> 8) & 0xff;
            rgb[3 * p + 2] = argb[p] & 0xff;
        }
        return rgb;
    }

    static float[] readFloats(Path gz) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            byte[] b = in.readAllBytes();
            float[] f = new float[b.length / 4];
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(int[] rgb) {
        byte[] b = new byte[rgb.length];
        for (int i = 0; i < rgb.length; i++) b[i] = (byte) rgb[i];
        return b;
    }

    static byte[] bytes(float[] f) {
        ByteBuffer b = ByteBuffer.allocate(f.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(f);
        return b.array();
    }

    static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
