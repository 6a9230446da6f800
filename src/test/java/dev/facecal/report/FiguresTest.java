package dev.facecal.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tech.tablesaw.plotly.components.Figure;

class FiguresTest {

    static double[] normal(long seed, int n, double mean, double sd) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = mean + sd * r.nextGaussian();
        }
        return v;
    }

    /** The x arrays of each trace, as Tablesaw writes them ({@code x: ["0.1","0.2"]}). */
    static List<double[]> traceXs(Figure f) {
        List<double[]> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\nx: \\[([^\\]]*)\\]").matcher(f.asJavascript("f"));
        while (m.find()) {
            String[] parts = m.group(1).replace("\"", "").split(",");
            double[] v = new double[parts.length];
            for (int i = 0; i < parts.length; i++) {
                v[i] = Double.parseDouble(parts[i].trim());
            }
            out.add(v);
        }
        return out;
    }

    @Test
    void distanceKdeHasTwoCurvesAndOneLinePerThreshold() {
        List<Marker> marks = List.of(new Marker("mean + 2σ", 0.41), new Marker("C4.5", 0.38));
        Figure f = Figures.distanceKde("VGG-Face / cosine", normal(1, 500, 0.25, 0.08), normal(2, 3000, 0.62, 0.1), marks);
        assertEquals(4, f.getTraces().length);
        String js = f.asJavascript("fig");
        assertTrue(js.contains("name: 'same person'"), js);
        assertTrue(js.contains("name: 'different persons'"));
        assertTrue(js.contains("mean + 2σ = 0.4100"));
        assertTrue(js.contains("C4.5 = 0.3800"));
        assertTrue(js.contains("title: 'distance'") && js.contains("title: 'density'"));
        assertTrue(js.contains("showlegend: true"));
        assertTrue(js.contains("\"dash\" : \"dash\""), "threshold lines are dashed");
        List<double[]> xs = traceXs(f);
        assertEquals(1000, xs.get(0).length, "pandas grid");
        assertEquals(0.41, xs.get(2)[0]);
        assertEquals(0.41, xs.get(2)[1]);
    }

    @Test
    void distanceKdePropagatesDegenerateInput() {
        assertThrows(IllegalArgumentException.class,
                () -> Figures.distanceKde("t", new double[] {0.2, 0.2}, normal(2, 100, 0.6, 0.1), List.of()));
    }

    @Test
    void rocIsDownsampledAndShowsAuc() {
        int n = 100_000;
        double[] fpr = new double[n];
        double[] tpr = new double[n];
        for (int i = 0; i < n; i++) {
            fpr[i] = i / (n - 1.0);
            tpr[i] = Math.sqrt(fpr[i]);
        }
        Figure f = Figures.roc(fpr, tpr, 2.0 / 3);
        List<double[]> xs = traceXs(f);
        assertEquals(Downsample.DISPLAY_POINTS, xs.get(0).length);
        assertEquals(0.0, xs.get(0)[0]);
        assertEquals(1.0, xs.get(0)[xs.get(0).length - 1]);
        assertTrue(f.asJavascript("f").contains("ROC (AUC = 0.6667)"));
        assertThrows(IllegalArgumentException.class, () -> Figures.roc(new double[] {0, 1.5}, new double[] {0, 1}, 0.5));
    }

    @Test
    void detUsesNormalDeviatesAndPercentTicks() {
        double[] far = {0, 0.001, 0.01, 0.1, 0.5, 1};
        double[] frr = {1, 0.3, 0.1, 0.02, 0.001, 0};
        Figure f = Figures.det(far, frr);
        double[] x = traceXs(f).get(0);
        assertEquals(NormalQuantile.of(1e-6), x[0], 1e-12, "0 is clipped to 1e-6");
        assertEquals(NormalQuantile.of(0.01), x[2], 1e-12);
        assertEquals(NormalQuantile.of(1 - 1e-6), x[5], 1e-12);
        String js = f.asJavascript("f");
        assertTrue(js.contains("tickmode: 'array'"), js);
        assertTrue(js.contains("\"1%\"") && js.contains("\"0.1%\"") && js.contains("\"50%\""), js);
        assertTrue(js.contains("false accept rate (FAR)") && js.contains("false reject rate (FRR)"));
    }

    @Test
    void detTicksThinOutOnWideAxes() {
        double lo = NormalQuantile.of(1e-6) - 0.1;
        double hi = NormalQuantile.of(1 - 1e-6) + 0.1;
        double[] ticks = Figures.detTicks(lo, hi);
        assertTrue(ticks.length <= 15, "coarse ticks: " + ticks.length);
        assertTrue(Figures.detTicks(NormalQuantile.of(0.005), NormalQuantile.of(0.5)).length >= 5);
    }

    @Test
    void precisionRecallSkipsUndefinedPrecision() {
        double[] cutoffs = {0.0, 0.3, 0.4, 0.45, 0.5};
        double[] precision = {Double.NaN, 1.0, 1.0, 0.98, 0.91};
        double[] recall = {0.0, 0.02, 0.29, 0.59, 0.84};
        Figure f = Figures.precisionRecall(cutoffs, precision, recall);
        List<double[]> xs = traceXs(f);
        assertEquals(4, xs.get(0).length, "NaN precision left out");
        assertEquals(5, xs.get(1).length);
        assertTrue(f.asJavascript("f").contains("cutoff (distance)"));
    }
}
