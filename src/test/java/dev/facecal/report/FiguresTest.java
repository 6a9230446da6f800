package dev.facecal.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facecal.calibrate.Confusion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FiguresTest {

    static double[] normal(long seed, int n, double mean, double sd) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = mean + sd * r.nextGaussian();
        }
        return v;
    }

    /** The figure as plotly.js reads it: the JSON text parsed back. */
    static JsonNode parsed(PlotlyFigure f) {
        try {
            return new ObjectMapper().readTree(f.json());
        } catch (Exception e) {
            throw new AssertionError("the figure is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** The x arrays of each trace, read back from the figure's JSON. */
    static List<double[]> traceXs(PlotlyFigure f) {
        List<double[]> out = new ArrayList<>();
        for (JsonNode t : parsed(f).get("data")) {
            JsonNode x = t.get("x");
            double[] v = new double[x.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = x.get(i).asDouble();
            }
            out.add(v);
        }
        return out;
    }

    @Test
    void rocCurvesDrawOneCurvePerModelAndChance() {
        var curves = new LinkedHashMap<String, dev.facecal.calibrate.RocCurve>();
        curves.put("dlib", new dev.facecal.calibrate.RocCurve(new double[] {0, 0, 0.5, 1}, new double[] {0, 0.8, 1, 1},
                new double[] {0.1, 0.2, 0.3, 0.4}, 0.95));
        curves.put("faceres", new dev.facecal.calibrate.RocCurve(new double[] {0, 1}, new double[] {0, 1},
                new double[] {0.1, 0.9}, 0.5));
        PlotlyFigure f = Figures.rocCurves("ROC per model", curves);
        assertEquals(3, f.traceCount());
        JsonNode j = parsed(f);
        assertEquals("dlib (AUC = 0.9500)", j.at("/data/0/name").asText());
        assertEquals("faceres (AUC = 0.5000)", j.at("/data/1/name").asText());
        assertEquals("chance", j.at("/data/2/name").asText());
        assertEquals(0.8, j.at("/data/0/y/1").asDouble());
        assertThrows(IllegalArgumentException.class, () -> Figures.rocCurves("none", new LinkedHashMap<>()));
    }

    @Test
    void distanceKdeHasTwoCurvesAndOneLinePerThreshold() {
        List<Marker> marks = List.of(new Marker("mean + 2σ", 0.41), new Marker("C4.5", 0.38));
        PlotlyFigure f = Figures.distanceKde("VGG-Face / cosine", normal(1, 500, 0.25, 0.08), normal(2, 3000, 0.62, 0.1), marks);
        assertEquals(4, f.traceCount());
        JsonNode j = parsed(f);
        assertEquals("same person", j.at("/data/0/name").asText());
        assertEquals("different persons", j.at("/data/1/name").asText());
        assertEquals("mean + 2σ = 0.4100", j.at("/data/2/name").asText());
        assertEquals("C4.5 = 0.3800", j.at("/data/3/name").asText());
        assertEquals("VGG-Face / cosine", j.at("/layout/title/text").asText(), "title in the object form plotly.js 3+ reads");
        assertEquals("distance", j.at("/layout/xaxis/title/text").asText());
        assertEquals("density", j.at("/layout/yaxis/title/text").asText());
        assertTrue(j.at("/layout/showlegend").asBoolean());
        assertEquals("dash", j.at("/data/2/line/dash").asText(), "threshold lines are dashed");
        assertEquals("solid", j.at("/data/0/line/dash").asText());
        assertEquals(Palette.SAME, j.at("/data/0/line/color").asText());
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
        PlotlyFigure f = Figures.roc(fpr, tpr, 2.0 / 3);
        List<double[]> xs = traceXs(f);
        assertEquals(Downsample.DISPLAY_POINTS, xs.get(0).length);
        assertEquals(0.0, xs.get(0)[0]);
        assertEquals(1.0, xs.get(0)[xs.get(0).length - 1]);
        assertEquals("ROC (AUC = 0.6667)", parsed(f).at("/data/0/name").asText());
        assertThrows(IllegalArgumentException.class, () -> Figures.roc(new double[] {0, 1.5}, new double[] {0, 1}, 0.5));
    }

    @Test
    void detUsesNormalDeviatesAndPercentTicks() {
        double[] far = {0, 0.001, 0.01, 0.1, 0.5, 1};
        double[] frr = {1, 0.3, 0.1, 0.02, 0.001, 0};
        PlotlyFigure f = Figures.det(far, frr);
        double[] x = traceXs(f).get(0);
        assertEquals(NormalQuantile.of(1e-6), x[0], 1e-12, "0 is clipped to 1e-6");
        assertEquals(NormalQuantile.of(0.01), x[2], 1e-12);
        assertEquals(NormalQuantile.of(1 - 1e-6), x[5], 1e-12);
        JsonNode axis = parsed(f).at("/layout/xaxis");
        assertEquals("array", axis.get("tickmode").asText());
        List<String> labels = new ArrayList<>();
        axis.get("ticktext").forEach(t -> labels.add(t.asText()));
        assertTrue(labels.containsAll(List.of("1%", "0.1%", "50%")), labels.toString());
        assertEquals(labels.size(), axis.get("tickvals").size());
        assertEquals("false accept rate (FAR)", axis.at("/title/text").asText());
        assertEquals("false reject rate (FRR)", parsed(f).at("/layout/yaxis/title/text").asText());
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
        PlotlyFigure f = Figures.precisionRecall(cutoffs, precision, recall);
        List<double[]> xs = traceXs(f);
        assertEquals(4, xs.get(0).length, "NaN precision left out");
        assertEquals(5, xs.get(1).length);
        assertEquals("cutoff (distance)", parsed(f).at("/layout/xaxis/title/text").asText());
    }

    @Test
    void confusionWritesTheFourCountsOnTheirCells() {
        PlotlyFigure f = Figures.confusion("c45", new Confusion(262, 0, 4, 34));
        JsonNode j = parsed(f);
        assertEquals("heatmap", j.at("/data/0/type").asText());
        assertEquals(34, j.at("/data/0/z/1/0").asInt(), "same person, predicted same: TP");
        assertEquals(262, j.at("/data/0/z/0/1").asInt(), "different, predicted different: TN");
        List<String> text = new ArrayList<>();
        j.at("/data/1/text").forEach(t -> text.add(t.asText()));
        assertEquals(List.of("TP 34", "FN 4", "FP 0", "TN 262"), text);
        assertEquals("predicted same", j.at("/data/1/x/0").asText());
        assertEquals("same person", j.at("/data/1/y/0").asText());
    }

    @Test
    void histogramsOverlayOneTracePerSeries() {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("same", new double[] {0.1, 0.2});
        m.put("different", new double[] {0.7, 0.8, 0.9});
        JsonNode j = parsed(Figures.histograms("h", "distance", new LinkedHashMap<>(m), 12));
        assertEquals("overlay", j.at("/layout/barmode").asText());
        assertEquals(2, j.get("data").size());
        assertEquals(12, j.at("/data/1/nbinsx").asInt());
        assertEquals(3, j.at("/data/1/x").size());
        assertEquals(Palette.DIFFERENT, j.at("/data/1/marker/color").asText());
    }

    @Test
    void binnedDensityScalesEachClassToAnAreaOfOne() {
        long[] same = {2, 2, 0, 0, 0};       // last entry: overflow bin, not drawn
        long[] different = {0, 1, 3, 0, 0};
        JsonNode j = parsed(Figures.binnedDensity("b", "euclidean", 0.5, same, different, 0.6));
        double area = 0;
        for (JsonNode y : j.at("/data/0/y")) {
            area += y.asDouble() * 0.5;
        }
        assertEquals(1.0, area, 1e-12);
        assertEquals(0.75, j.at("/data/1/x/1").asDouble(), 0.0, "bin centres");
        assertEquals("cutoff 0.6", j.at("/data/2/name").asText());
        assertThrows(IllegalArgumentException.class, () -> Figures.binnedDensity("b", "e", 0, same, different));
    }

    @Test
    void nonFiniteValuesBecomeGapsAndTheJsonIsSafeInsideAScript() {
        PlotlyFigure f = PlotlyFigure.builder("a </script> title")
                .trace(PlotlyTrace.lines(new double[] {0, 1, 2}, new double[] {1, Double.NaN, 3})).build();
        assertTrue(parsed(f).at("/data/0/y/1").isNull());
        String html = PlotlyHtml.fragment(f, "fig_1");
        assertEquals(1, html.split("</script>", -1).length - 1, "only the fragment's own closing tag");
        assertTrue(html.contains("window.Plotly.newPlot(d,f.data,f.layout,f.config)"), html);
        assertTrue(html.contains(PlotlyHtml.NO_PLOTLY_NOTE.substring(0, 20)), "a note shows where nothing draws");
        assertFalse(html.contains("http"), "nothing from the network");
        assertThrows(IllegalArgumentException.class, () -> PlotlyHtml.fragment(f, "has-hyphen"));
    }

    @Test
    void figureMapIsWhatAKernelSerialises() {
        PlotlyFigure f = Figures.roc(new double[] {0, 0.5, 1}, new double[] {0, 1, 1}, 0.75);
        Map<String, Object> m = f.asMap();
        assertEquals(List.of("data", "layout", "config"), List.copyOf(m.keySet()));
        assertTrue(m.get("data") instanceof List<?> l && l.size() == 2);
        assertEquals(parsed(f), new ObjectMapper().valueToTree(m));
    }

    /** The v2 figures on DeepFace's real VGG-Face cosine distances (face-recognition-pivot.csv). */
    @Test
    void metricsConfidenceAndReliabilityOnThePivot() {
        var table = dev.facecal.dataset.PairTableReader.read(dev.facecal.Fixtures.pivotCsv());
        double[] d = table.column("VGG-Face_cosine");
        boolean[] y = table.positive();
        var curve = dev.facecal.calibrate.OperatingCurve.of(d, y);
        var vgg = dev.facecal.calibrate.Calibration.of(table, dev.facecal.calibrate.CalibrationOptions.defaults())
                .columns().get("VGG-Face_cosine");
        JsonNode m = parsed(Figures.metricsAgainstThreshold("metrics", "cosine", curve,
                List.of(Marker.of(vgg, dev.facecal.calibrate.ThresholdRule.C45))));
        assertEquals(5, m.get("data").size());
        int at = curve.indexAtMost(vgg.threshold("c45"));
        assertEquals(curve.confusion(at).f1(), m.at("/data/2/y/" + at).asDouble(), 1e-12);
        assertEquals(curve.confusion(at).precision(), m.at("/data/0/y/" + at).asDouble(), 1e-12);

        var model = vgg.confidence();
        JsonNode c = parsed(Figures.confidenceCurve("confidence", "cosine", model, 1.0));
        JsonNode x = c.at("/data/0/x"), conf = c.at("/data/0/y"), raw = c.at("/data/1/y");
        for (int i = 0; i < x.size(); i++) {
            assertEquals(model.confidence(x.get(i).asDouble()), conf.get(i).asDouble(), 1e-9);
            assertEquals(model.rawConfidence(x.get(i).asDouble()), raw.get(i).asDouble(), 1e-9);
        }

        double[] p = new double[d.length];
        for (int i = 0; i < p.length; i++) p[i] = model.confidence(d[i]) / 100;
        var diagram = dev.facecal.calibrate.ReliabilityDiagram.of(p, y, 10);
        var map = new LinkedHashMap<String, dev.facecal.calibrate.ReliabilityDiagram>();
        map.put("DeepFace", diagram);
        JsonNode r = parsed(Figures.reliability("reliability", map));
        assertEquals(diagram.bins().size(), r.at("/data/1/x").size());
        assertEquals(diagram.bins().get(0).observed(), r.at("/data/1/y/0").asDouble(), 1e-12);
        assertTrue(r.at("/data/1/name").asText().contains("ECE " + Format.significant(diagram.ece(), 3)));
        assertThrows(IllegalArgumentException.class, () -> Figures.reliability("r", new LinkedHashMap<>()));
    }

    @Test
    void rocOnALogFarAxisLeavesOutFarZero() {
        double[] fpr = {0, 0, 0.001, 0.01, 0.1, 1}, tpr = {0, 0.5, 0.7, 0.9, 0.99, 1};
        JsonNode j = parsed(Figures.rocLogFar(fpr, tpr, 0.95, 0.001));
        assertEquals(4, j.at("/data/0/x").size());
        assertEquals(0.001, j.at("/data/0/x/0").asDouble(), 0.0);
        assertEquals(0.7, j.at("/data/0/y/0").asDouble(), 0.0);
        assertEquals("log", j.at("/layout/xaxis/type").asText());
        assertThrows(IllegalArgumentException.class, () -> Figures.rocLogFar(fpr, tpr, 0.95, 0));
        assertThrows(IllegalArgumentException.class, () -> Figures.rocLogFar(new double[] {0, 0.5}, new double[] {0, 1}, 0.5, 0.1));
    }
}
