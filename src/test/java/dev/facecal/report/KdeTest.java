package dev.facecal.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Checks {@link Kde} against scipy.stats.gaussian_kde / pandas Series.plot.kde(), using the
 * fixtures written by {@code reference/make_kde_fixture.py} (values, pandas grid, scipy density).
 */
class KdeTest {

    /** Binned path: |binned - scipy| must stay below this fraction of the peak density. */
    static final double BINNED_TOLERANCE = 1e-6;

    record Fixture(double[] values, int points, double bandwidth, double[] x, double[] density) {
    }

    static Fixture fixture(String name) throws IOException {
        try (InputStream in = KdeTest.class.getResourceAsStream("/fixtures/kde/" + name + ".json")) {
            if (in == null) {
                throw new IOException("missing fixture " + name + "; run /usr/bin/python3 reference/make_kde_fixture.py");
            }
            JsonNode n = new ObjectMapper().readTree(in);
            return new Fixture(doubles(n.get("values")), n.get("points").asInt(), n.get("bandwidth").asDouble(),
                    doubles(n.get("x")), doubles(n.get("density")));
        }
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    private static void assertRelative(double[] expected, double[] actual, double tolerance) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(actual[i] - expected[i]);
            assertTrue(err <= tolerance * Math.abs(expected[i]),
                    "point " + i + ": expected " + expected[i] + ", got " + actual[i] + " (relative " + err / Math.abs(expected[i]) + ")");
        }
    }

    @Test
    void exactPathMatchesScipyOnPandasGrid() throws IOException {
        for (String name : new String[] {"small", "ties"}) {
            Fixture f = fixture(name);
            Kde.Curve c = Kde.of(f.values(), f.points());
            assertEquals(Kde.Method.EXACT, c.method(), name);
            assertEquals(f.values().length, c.n());
            assertArrayEquals(f.x(), c.x(), 0.0, name + ": numpy.linspace grid, bit for bit");
            assertEquals(f.bandwidth(), c.bandwidth(), 1e-14 * f.bandwidth(), name + ": Scott bandwidth");
            assertRelative(f.density(), c.density(), 1e-12);
        }
    }

    @Test
    void defaultIsPandasThousandPoints() throws IOException {
        Fixture f = fixture("small");
        assertEquals(1000, f.points());
        assertRelative(f.density(), Kde.of(f.values()).density(), 1e-12);
    }

    @Test
    void exactPathAlsoMatchesScipyOnLargeSample() throws IOException {
        Fixture f = fixture("large");
        assertRelative(f.density(), Kde.exact(f.values(), f.points()).density(), 1e-12);
    }

    @Test
    void binnedPathIsWithinStatedToleranceOfScipy() throws IOException {
        Fixture f = fixture("large");
        assertTrue(f.values().length > Kde.EXACT_LIMIT);
        Kde.Curve c = Kde.of(f.values(), f.points());
        assertEquals(Kde.Method.BINNED, c.method());
        assertArrayEquals(f.x(), c.x(), 0.0);
        assertEquals(f.bandwidth(), c.bandwidth(), 1e-14 * f.bandwidth());
        double peak = c.max();
        double[] d = c.density();
        double worst = 0;
        for (int i = 0; i < d.length; i++) {
            worst = Math.max(worst, Math.abs(d[i] - f.density()[i]) / peak);
        }
        assertTrue(worst < BINNED_TOLERANCE, "binned error " + worst + " of peak");
    }

    @Test
    void binnedMatchesExactOnSkewedSampleWithOutlier() {
        Random r = new Random(7);
        double[] v = new double[25_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.exp(0.5 * r.nextGaussian());
        }
        v[0] = 400; // one far outlier: the grid must be refined, not left too coarse
        double[] exact = Kde.exact(v, 1000).density();
        Kde.Curve binned = Kde.binned(v, 1000);
        double peak = binned.max();
        double[] b = binned.density();
        for (int i = 0; i < b.length; i++) {
            assertEquals(exact[i], b[i], BINNED_TOLERANCE * peak, "point " + i);
        }
    }

    @Test
    void nanIsDroppedLikePandas() throws IOException {
        Fixture f = fixture("ties");
        double[] withNaN = new double[f.values().length + 2];
        withNaN[0] = Double.NaN;
        System.arraycopy(f.values(), 0, withNaN, 1, f.values().length);
        withNaN[withNaN.length - 1] = Double.NaN;
        Kde.Curve c = Kde.of(withNaN, f.points());
        assertEquals(f.values().length, c.n());
        assertRelative(f.density(), c.density(), 1e-12);
    }

    @Test
    void degenerateInputsThrowClearly() {
        IllegalArgumentException same = assertThrows(IllegalArgumentException.class, () -> Kde.of(new double[] {0.3, 0.3, 0.3}));
        assertTrue(same.getMessage().contains("all 3 values are 0.3"), same.getMessage());
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class, () -> Kde.of(new double[] {0.3, Double.NaN}));
        assertTrue(one.getMessage().contains("got 1"), one.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Kde.of(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> Kde.of(new double[] {0.1, Double.POSITIVE_INFINITY}));
        assertThrows(IllegalArgumentException.class, () -> Kde.of(new double[] {0.1, 0.2}, 1));
        assertThrows(IllegalArgumentException.class, () -> Kde.binned(new double[30_000], 1000));
    }

    @Test
    void curveCopiesItsArrays() {
        double[] x = {0, 1};
        double[] d = {0.5, 0.5};
        Kde.Curve c = new Kde.Curve(x, d, 2, 1, Kde.Method.EXACT);
        x[0] = 9;
        c.density()[0] = 9;
        assertEquals(0, c.x()[0]);
        assertEquals(0.5, c.density()[0]);
        assertThrows(IllegalArgumentException.class, () -> new Kde.Curve(new double[] {0, 1}, new double[] {1}, 2, 1, Kde.Method.EXACT));
    }

    @Test
    void densityIntegratesToAboutOne() {
        Random r = new Random(3);
        double[] v = new double[100_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        Kde.Curve c = Kde.of(v);
        double[] x = c.x();
        double[] d = c.density();
        double area = 0;
        for (int i = 1; i < x.length; i++) {
            area += (x[i] - x[i - 1]) * (d[i] + d[i - 1]) / 2;
        }
        assertEquals(1.0, area, 1e-3);
    }
}
