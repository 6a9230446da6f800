package dev.facecal.spark;

import dev.facecal.calibrate.DistanceCounts;
import dev.facecal.calibrate.TarAtFar;
import java.util.ArrayList;
import java.util.List;

/**
 * TAR at FAR targets from counts per distinct distance ({@link DistanceCounts}), by the rule of the core's
 * {@link TarAtFar#of}: the largest distinct distance whose FAR ({@code different-person pairs at or below it /
 * all different-person pairs}) is within the target, and the TAR there; when even the smallest distance is above
 * the target, the double just below it (accept nothing) with TAR 0. {@code spark identify} uses it on the probes'
 * same-person pairs against the probe-distractor pairs, which can be far too many to expand into a pair column.
 */
final class VerificationRates {
    private VerificationRates() {}

    /** TAR at each of {@code targets}; empty when there are no same-person or no different-person pairs. */
    static List<TarAtFar> of(DistanceCounts c, double... targets) {
        List<TarAtFar> out = new ArrayList<>();
        double p = c.positives(), n = c.negatives();
        if (p == 0 || n == 0 || c.size() == 0) return out;
        for (double target : targets) {
            long fp = 0, tp = 0;
            int idx = -1;
            long fpAt = 0, tpAt = 0;
            for (int i = 0; i < c.size(); i++) {
                fp += c.different()[i];
                tp += c.same()[i];
                if (fp / n <= target) {
                    idx = i;
                    fpAt = fp;
                    tpAt = tp;
                } else {
                    break;
                }
            }
            out.add(idx < 0 ? new TarAtFar(target, Math.nextDown(c.values()[0]), 0.0, 0.0)
                    : new TarAtFar(target, c.values()[idx], fpAt / n, tpAt / p));
        }
        return out;
    }
}
