package dev.facecal.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facecal.Fixtures;
import dev.facecal.calibrate.Calibration;
import dev.facecal.calibrate.CalibrationOptions;
import dev.facecal.calibrate.ColumnCalibration;
import dev.facecal.calibrate.Confusion;
import dev.facecal.calibrate.OperatingCurve;
import dev.facecal.dataset.PairTable;
import dev.facecal.dataset.PairTableReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The explorer on DeepFace's real VGG-Face cosine distances (face-recognition-pivot.csv): every slider position
 * carries the confusion counts the operating curve gives at that threshold, the method thresholds are stops, the
 * slider starts at the chosen one, and the confidence shown is the confidence model's.
 */
class ThresholdExplorerTest {

    private static final String COLUMN = "VGG-Face_cosine";

    @Test
    void everySliderStepCarriesTheNumbersAtItsThreshold() {
        PairTable table = PairTableReader.read(Fixtures.pivotCsv());
        ColumnCalibration vgg = Calibration.of(table, CalibrationOptions.defaults()).columns().get(COLUMN);
        double[] d = table.column(COLUMN);
        boolean[] y = table.positive();
        OperatingCurve curve = OperatingCurve.of(d, y);
        double c45 = vgg.threshold("c45"), f1 = vgg.threshold("f1_max");
        PlotlyFigure f = ThresholdExplorer.builder("VGG-Face cosine", d, y).metric("cosine")
                .methods(List.of(new Marker("c45", c45), new Marker("f1_max", f1)))
                .published(List.of(new Marker("DeepFace notebook", 0.3147)))
                .confidence(vgg.confidence()::confidence).start(c45).steps(51).build();
        JsonNode j = FiguresTest.parsed(f);

        JsonNode slider = j.at("/layout/sliders/0");
        JsonNode steps = slider.get("steps");
        assertTrue(steps.size() >= 51 && steps.size() <= 55, "51 even stops plus the marked thresholds: " + steps.size());
        List<Double> stops = new ArrayList<>();
        int tableTrace = j.get("data").size() - 1;
        assertEquals("table", j.at("/data/" + tableTrace + "/type").asText());
        for (JsonNode step : steps) {
            double t = step.at("/args/1/shapes[0].x0").asDouble();
            stops.add(t);
            assertEquals(t, step.at("/args/1/shapes[0].x1").asDouble(), 0.0);
            // the figure keeps its height through the update (JupyterLab), then autosizes its width again
            assertEquals(List.of("shapes[0].x0", "shapes[0].x1", "height", "autosize"), names(step.at("/args/1")));
            assertEquals(j.at("/layout/height").asInt(), step.at("/args/1/height").asInt());
            assertTrue(step.at("/args/1/autosize").asBoolean());
            assertEquals(tableTrace, step.at("/args/2/0").asInt(), "the step updates the table trace");
            JsonNode values = step.at("/args/0/cells.values/0/1");
            Confusion c = curve.confusionAt(t);
            assertEquals(Long.toString(c.tp()), values.get(1).asText(), "TP at " + t);
            assertEquals(Long.toString(c.fn()), values.get(2).asText(), "FN at " + t);
            assertEquals(Long.toString(c.fp()), values.get(3).asText(), "FP at " + t);
            assertEquals(Long.toString(c.tn()), values.get(4).asText(), "TN at " + t);
            assertEquals(Format.percentOf(c.f1(), 4), values.get(7).asText());
            assertEquals(Format.significant(vgg.confidence().confidence(t), 4), values.get(11).asText());
            assertEquals(Format.significant(t, 4), step.get("label").asText());
        }
        assertTrue(stops.contains(c45) && stops.contains(f1) && stops.contains(0.3147), "marked thresholds are stops");
        assertEquals(stops.stream().sorted().toList(), stops, "stops in increasing order");
        assertEquals(c45, stops.get(slider.get("active").asInt()), "the slider starts at the chosen threshold");
        assertEquals(c45, j.at("/layout/shapes/0/x0").asDouble(), 0.0);
        // the table as first drawn is the start position's
        assertEquals(ThresholdExplorer.values(curve, c45, vgg.confidence()::confidence).toString(),
                texts(j.at("/data/" + tableTrace + "/cells/values/1")).toString());
        assertEquals("c45 = " + Format.fixed(c45, 4), j.at("/data/2/name").asText());
        assertEquals("dot", j.at("/data/4/line/dash").asText(), "published thresholds dotted");
    }

    @Test
    void countsAtTheChefboostThresholdAreDeepFacesOnThePivotTable() {
        // at c45 (0.4359735714285715) the pivot's VGG-Face cosine pairs split as the calibration reports
        PairTable table = PairTableReader.read(Fixtures.pivotCsv());
        ColumnCalibration vgg = Calibration.of(table, CalibrationOptions.defaults()).columns().get(COLUMN);
        List<String> v = ThresholdExplorer.values(OperatingCurve.of(table.column(COLUMN), table.positive()),
                vgg.threshold("c45"), null);
        Confusion c = vgg.evaluation("c45").confusion();
        assertEquals(List.of(Long.toString(c.tp()), Long.toString(c.fn()), Long.toString(c.fp()), Long.toString(c.tn())),
                v.subList(1, 5));
        assertEquals("(no confidence model)", v.get(11));
    }

    @Test
    void rejectsTooFewPairsAndBadOptions() {
        assertThrows(IllegalArgumentException.class, () -> ThresholdExplorer.builder("t", new double[] {0.1, 0.5, 0.6},
                new boolean[] {true, false, false}));
        var b = ThresholdExplorer.builder("t", new double[] {0.1, 0.2, 0.5, 0.6}, new boolean[] {true, true, false, false});
        assertThrows(IllegalArgumentException.class, () -> b.steps(1));
        assertThrows(IllegalArgumentException.class, () -> b.start(Double.NaN));
    }

    private static List<String> names(JsonNode o) {
        List<String> out = new ArrayList<>();
        o.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static List<String> texts(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void numbersForPeopleHaveFourSignificantDigits() {
        assertEquals("0.05219", Format.significant(0.052194500000000005, 4));
        assertEquals("0.3231", Format.significant(0.32309299999999996, 4));
        assertEquals("262.0", Format.significant(262, 4));
        assertEquals("100.0 %", Format.percentOf(1.0, 4));
        assertEquals("0.000 %", Format.percentOf(0.0, 4));
        assertEquals("97.52 %", Format.percentOf(0.9751773049645391, 4));
        assertEquals("0.0006393", Format.significant(0.0006392532824115726, 4));
    }
}
