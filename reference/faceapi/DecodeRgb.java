import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Decodes images with Java's ImageIO, the decoder facecal itself uses, and writes their pixels as raw RGB
 * ({@code height x width x 3} bytes, row-major, no header) so that face-api in Node sees exactly the pixels that
 * the Java tests see (JPEG decoders differ by a level here and there, which moves a descriptor by up to 2e-3).
 *
 * <p>Usage: {@code java DecodeRgb.java OUT_DIR IMAGE...}; prints {@code OUT_FILE WIDTH HEIGHT} per image.
 * Pixels are {@code BufferedImage.getRGB} values (sRGB), which is what
 * {@code dev.facecal.models.FaceApiFixtures} reads back in the tests.
 */
public final class DecodeRgb {
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        for (int i = 1; i < args.length; i++) {
            Path in = Path.of(args[i]);
            BufferedImage img = ImageIO.read(in.toFile());
            if (img == null) throw new IOException("ImageIO cannot read " + in);
            int w = img.getWidth();
            int h = img.getHeight();
            int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
            byte[] rgb = new byte[w * h * 3];
            for (int p = 0; p < argb.length; p++) {
                rgb[3 * p] = (byte) (argb[p] >> 16);
                rgb[3 * p + 1] = (byte) (argb[p] >> 8);
                rgb[3 * p + 2] = (byte) argb[p];
            }
            String name = in.getFileName().toString().replaceFirst("\\.[^.]*$", "") + ".rgb";
            Path target = out.resolve(name);
            try (OutputStream os = Files.newOutputStream(target)) {
                os.write(rgb);
            }
            System.out.println(target + " " + w + " " + h);
        }
    }
}
