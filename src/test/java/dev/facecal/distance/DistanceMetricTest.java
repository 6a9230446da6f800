package dev.facecal.distance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facecal.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The four metrics against DeepFace's formulas computed by NumPy ({@code reference/distances_reference.py}, which
 * also checked them against DeepFace's own functions).
 */
class DistanceMetricTest {
    private static final JsonNode FIXTURE = Fixtures.json(Fixtures.resource("distances/deepface_distances.json"));

    /** Relative tolerance of the unrounded values. */
    private static final double RELATIVE = 1e-12;
    /**
     * Absolute floor: where a distance is a cancellation (1 - cos for nearly parallel vectors, the difference of
     * two nearly equal normalised vectors), a last-bit difference in NumPy's BLAS sums shows up as ~1e-16.
     */
    private static final double ABSOLUTE = 1e-14;
    /** arccos near +-1 turns a 1e-16 difference in cos into ~1e-8: the angular tolerance for |cos| > 1 - 1e-6. */
    private static final double ANGULAR_ILL_CONDITIONED = 2e-8;

    record Case(String name, float[] a, float[] b, Double cos, JsonNode node) {}

    static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (JsonNode p : FIXTURE.get("pairs")) {
            out.add(new Case(p.get("name").asText(), floats(p.get("a")), floats(p.get("b")),
                    p.get("cos").isNull() ? null : p.get("cos").asDouble(), p));
        }
        return out;
    }

    private static float[] floats(JsonNode arr) {
        float[] f = new float[arr.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = Float.parseFloat(arr.get(i).asText()); // the shortest float32 repr: exact
        }
        return f;
    }

    private static double value(JsonNode n) {
        return n.isNull() ? Double.NaN : n.asDouble();
    }

    /** The fixture's key holding what facecal must return: for angular the clipped value. */
    private static String key(DistanceMetric m) {
        return m == DistanceMetric.ANGULAR ? "angular_clipped" : m.deepfaceName();
    }

    @Test
    void fixtureIsDeepFacesOwnOutput() {
        assertEquals(25, FIXTURE.get("pairs").size());
        assertEquals(100, FIXTURE.get("checked_against_deepface").get("values").asInt());
    }

    @Test
    void unroundedMatchNumpy() {
        double worstRelative = 0;
        for (Case c : cases()) {
            for (DistanceMetric m : DistanceMetric.values()) {
                double expected = value(c.node.get(key(m)).get("raw"));
                double got = m.of(c.a, c.b);
                String what = c.name + " " + m;
                if (Double.isNaN(expected)) {
                    assertTrue(Double.isNaN(got), what + ": expected NaN, got " + got);
                    continue;
                }
                double tol = RELATIVE * Math.abs(expected) + ABSOLUTE;
                if (m == DistanceMetric.ANGULAR && 1 - Math.abs(c.cos) < 1e-6) {
                    tol = ANGULAR_ILL_CONDITIONED;
                }
                assertEquals(expected, got, tol, what);
                if (c.cos != null && 1 - Math.abs(c.cos) > 1e-6 && expected != 0) {
                    // away from parallel vectors the absolute floor is not needed (measured: at most 3e-14)
                    worstRelative = Math.max(worstRelative, Math.abs(got - expected) / Math.abs(expected));
                }
                // the float64 overload on the same values gives the same double
                assertEquals(got, m.of(widen(c.a), widen(c.b)), 0.0, what + " (double[])");
            }
        }
        assertTrue(worstRelative < RELATIVE, "worst relative difference away from parallel pairs " + worstRelative);
    }

    @Test
    void roundedToSixDecimalsAreExactlyDeepFaces() {
        for (Case c : cases()) {
            for (DistanceMetric m : DistanceMetric.values()) {
                double expected = value(c.node.get(key(m)).get("rounded"));
                double got = DistanceMetric.deepfaceRound(m.of(c.a, c.b));
                String what = c.name + " " + m + ": expected " + expected + ", got " + got;
                // == rather than bits: DeepFace's -2.2e-16 for identical vectors rounds to -0.0, facecal's 0 to 0.0
                assertTrue(expected == got || (Double.isNaN(expected) && Double.isNaN(got)), what);
            }
        }
    }

    @Test
    void whereDeepFaceGivesNanFacecalClips() {
        int nanCases = 0;
        for (Case c : cases()) {
            if (c.node.get("angular").get("raw").isNull() && c.cos != null) {
                nanCases++;
                double got = DistanceMetric.ANGULAR.of(c.a, c.b);
                assertEquals(c.cos > 0 ? 0.0 : 1.0, got, 0.0, c.name);
            }
        }
        assertEquals(3, nanCases, "identical_0, identical_2 and opposite give NaN in DeepFace");
    }

    @Test
    void identicalVectorsAreExactlyZeroApartAndOppositeOnesExactlyOneAngular() {
        SplittableRandom r = new SplittableRandom(3);
        for (int dim : new int[] {1, 2, 3, 7, 128, 512, 2622, 4096}) {
            for (int rep = 0; rep < 50; rep++) {
                float[] a = new float[dim];
                float[] neg = new float[dim];
                double scale = Math.pow(10, r.nextInt(-20, 20));
                for (int k = 0; k < dim; k++) {
                    a[k] = (float) (r.nextGaussian() * scale);
                    neg[k] = -a[k];
                }
                float[] copy = a.clone();
                for (DistanceMetric m : DistanceMetric.values()) {
                    assertEquals(0.0, m.of(a, copy), 0.0, m + " dim " + dim);
                }
                assertEquals(1.0, DistanceMetric.ANGULAR.of(a, neg), 0.0, "opposite, dim " + dim);
                assertEquals(2.0, DistanceMetric.COSINE.of(a, neg), 0.0, "opposite, dim " + dim);
            }
        }
    }

    @Test
    void handWorkedValues() {
        float[] x = {1, 0, 0};
        float[] y = {0, 1, 0};
        assertEquals(1.0, DistanceMetric.COSINE.of(x, y), 0.0);
        assertEquals(0.5, DistanceMetric.ANGULAR.of(x, y), 0.0);
        assertEquals(Math.sqrt(2), DistanceMetric.EUCLIDEAN.of(x, y), 0.0);
        // DeepFace's epsilon: |x / (1 + 1e-10) - y / (1 + 1e-10)| = sqrt(2) / (1 + 1e-10)
        assertEquals(Math.sqrt(2) / (1 + 1e-10), DistanceMetric.EUCLIDEAN_L2.of(x, y), 1e-15);
        float[] zero = {0, 0, 0};
        assertTrue(Double.isNaN(DistanceMetric.COSINE.of(zero, y)));
        assertTrue(Double.isNaN(DistanceMetric.ANGULAR.of(zero, y)));
        assertEquals(1.0, DistanceMetric.EUCLIDEAN_L2.of(zero, y), 1e-9);
    }

    @Test
    void namesAndParsing() {
        for (DistanceMetric m : DistanceMetric.values()) {
            assertEquals(m, DistanceMetric.parse(m.deepfaceName()));
            assertEquals(m, DistanceMetric.parse(" " + m.name() + " "));
        }
        assertEquals("euclidean_l2", DistanceMetric.EUCLIDEAN_L2.deepfaceName());
        var e = assertThrows(IllegalArgumentException.class, () -> DistanceMetric.parse("manhattan"));
        assertEquals("unknown distance metric 'manhattan': use one of cosine, euclidean, euclidean_l2, angular",
                e.getMessage());
        var len = assertThrows(IllegalArgumentException.class,
                () -> DistanceMetric.COSINE.of(new float[3], new float[4]));
        assertEquals("embeddings differ in length: 3 and 4 values", len.getMessage());
    }

    @Test
    void deepfaceRounding() {
        assertEquals(0.938491, DistanceMetric.deepfaceRound(0.9384906575804935), 0.0);
        assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(DistanceMetric.deepfaceRound(-2.2e-16)));
        assertTrue(Double.isNaN(DistanceMetric.deepfaceRound(Double.NaN)));
        assertEquals(1590.199897, DistanceMetric.deepfaceRound(1590.199896989088), 0.0);
    }

    private static double[] widen(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }
}
