package dev.facecal.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Precision and recall per cutoff from counts per distinct distance equal the table over the expanded pairs. */
class PrecisionRecallFromCountsTest {

    @Test
    void countsGiveTheTableOfTheExpandedPairs() {
        SplittableRandom rng = new SplittableRandom(11);
        int n = 5000;
        double[] d = new double[n];
        boolean[] same = new boolean[n];
        for (int i = 0; i < n; i++) {
            same[i] = rng.nextInt(8) == 0;
            // 3 decimals: many ties, some exactly on the cutoffs
            d[i] = Math.round((same[i] ? 0.45 : 0.8) * 1000 + rng.nextGaussian() * 150) / 1000.0;
        }
        DistanceCounts counts = DistanceCounts.of(d, same);
        double[] cutoffs = {-1, 0.0, 0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.9, 1.0, 1.5, 9};
        PrecisionRecallTable expanded = PrecisionRecallTable.of(OperatingCurve.of(d, same), cutoffs);
        assertEquals(expanded, PrecisionRecallTable.of(counts, cutoffs));
        assertEquals(1.0, PrecisionRecallTable.of(counts, cutoffs).rows().get(0).precision(),
                "nothing accepted: precision 1 by convention");
    }
}
