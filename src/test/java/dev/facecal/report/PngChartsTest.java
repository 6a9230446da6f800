package dev.facecal.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PNG distance-distribution chart: two curves, dashed thresholds in the legend, title and axes, atomically. */
class PngChartsTest {

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

    private static JFreeChart chart() {
        return PngCharts.kde("VGG-Face, cosine", Kde.of(FiguresTest.normal(1, 2000, 0.25, 0.08)),
                Kde.of(FiguresTest.normal(2, 30_000, 0.62, 0.11)),
                List.of(new Marker("mean + 2σ", 0.41), new Marker("C4.5", 0.38)));
    }

    @Test
    void kdePngDecodesWithCurvesThresholdsAndText(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("kde.png");
        PngCharts.write(file, chart());
        BufferedImage img = ImageIO.read(file.toFile());
        assertNotNull(img, "decodes as PNG");
        assertEquals(PngCharts.WIDTH, img.getWidth());
        assertEquals(PngCharts.HEIGHT, img.getHeight());
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
        int titleDark = 0;
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < w; x++) {
                int p = img.getRGB(x, y) & 0xFFFFFF;
                titleDark += (p >> 16) < 100 && ((p >> 8) & 0xFF) < 100 && (p & 0xFF) < 100 ? 1 : 0;
            }
        }
        assertTrue(titleDark > 20, "title text at the top: " + titleDark);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary files left behind");
        }
    }

    @Test
    void theLegendNamesBothClassesAndEveryThresholdWithItsValue() {
        JFreeChart c = chart();
        XYPlot plot = c.getXYPlot();
        assertEquals(4, plot.getDataset().getSeriesCount());
        assertEquals("same person", plot.getDataset().getSeriesKey(0));
        assertEquals("different persons", plot.getDataset().getSeriesKey(1));
        assertEquals("mean + 2σ = 0.4100", plot.getDataset().getSeriesKey(2));
        assertEquals("C4.5 = 0.3800", plot.getDataset().getSeriesKey(3));
        assertEquals("distance", plot.getDomainAxis().getLabel());
        assertEquals("density", plot.getRangeAxis().getLabel());
        assertEquals("VGG-Face, cosine", c.getTitle().getText());
        BufferedImage img = PngCharts.render(c, 640, 480);
        assertEquals(640, img.getWidth());
        assertEquals(480, img.getHeight());
        assertTrue(pixels(img, Palette.SAME, 0, 0, 640, 480) > 100);
    }
}
