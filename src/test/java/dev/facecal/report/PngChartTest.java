package dev.facecal.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PngChartTest {

    private static int pixels(BufferedImage img, String hex, int x0, int y0, int x1, int y1) {
        int rgb = Palette.awt(hex).getRGB();
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                if (img.getRGB(x, y) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void kdePngDecodesWithCurvesThresholdsAndText(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("kde.png");
        PngChart.writeKdePng(file, "VGG-Face, cosine", FiguresTest.normal(1, 2000, 0.25, 0.08),
                FiguresTest.normal(2, 30_000, 0.62, 0.11), List.of(new Marker("mean + 2σ", 0.41), new Marker("C4.5", 0.38)));
        BufferedImage img = ImageIO.read(file.toFile());
        assertNotNull(img, "decodes as PNG");
        assertEquals(LineChart.DEFAULT_WIDTH, img.getWidth());
        assertEquals(LineChart.DEFAULT_HEIGHT, img.getHeight());
        int w = img.getWidth();
        int h = img.getHeight();
        assertTrue(pixels(img, Palette.SAME, 0, 0, w, h) > 300, "same-person curve drawn");
        assertTrue(pixels(img, Palette.DIFFERENT, 0, 0, w, h) > 300, "different-person curve drawn");
        assertTrue(pixels(img, Palette.marker(0), 0, 0, w, h) > 100, "first threshold drawn");
        assertTrue(pixels(img, Palette.marker(1), 0, 0, w, h) > 100, "second threshold drawn");
        int white = 0;
        int dark = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = img.getRGB(x, y) & 0xFFFFFF;
                white += p == 0xFFFFFF ? 1 : 0;
                int r = p >> 16;
                int g = (p >> 8) & 0xFF;
                int b = p & 0xFF;
                dark += r < 80 && g < 80 && b < 80 ? 1 : 0;
            }
        }
        assertTrue(white > w * h / 2, "mostly white background");
        assertTrue(dark > 1000, "axes, tick labels and title are drawn: " + dark);
        assertTrue(pixels(img, "#262626", 0, 0, w, 40) > 20, "title text at the top");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary files left behind");
        }
    }

    @Test
    void genericChartRendersAtRequestedSize() {
        LineChart chart = LineChart.of("roc", "false positive rate", "true positive rate")
                .withSeries(LineChart.Series.solid("ROC", new double[] {0, 0.1, 1}, new double[] {0, 0.8, 1}, Palette.SAME))
                .withSeries(new LineChart.Series("chance", new double[] {0, 1}, new double[] {0, 1}, Palette.REFERENCE, true))
                .withXRange(0, 1)
                .withYRange(0, 1)
                .withSize(640, 480);
        BufferedImage img = PngChart.render(chart);
        assertEquals(640, img.getWidth());
        assertEquals(480, img.getHeight());
        assertTrue(pixels(img, Palette.SAME, 0, 0, 640, 480) > 100);
    }

    @Test
    void chartSpecValidates() {
        assertThrows(IllegalArgumentException.class, () -> LineChart.of("", "x", "y"));
        assertThrows(IllegalArgumentException.class, () -> LineChart.of("t", "x", "y").withSize(10, 10));
        assertThrows(IllegalArgumentException.class, () -> LineChart.Series.solid("s", new double[] {0}, new double[] {0}, "#000000"));
        assertThrows(IllegalArgumentException.class, () -> LineChart.Series.solid("s", new double[] {0, 1}, new double[] {0, 1}, "red"));
        assertThrows(IllegalArgumentException.class, () -> new LineChart.Range(1, 0));
    }
}
