package dev.facecal.calibrate;

/**
 * The true accept rate at a target false accept rate (seed 003's "TAR @ FAR" table): the largest distinct
 * distance t whose FAR ({@code fp / negatives}) is at most the target, and the TAR ({@code tp / positives})
 * there. When even the smallest distance gives a FAR above the target, the threshold is the double just below
 * the smallest distance (accept nothing) and TAR is 0. On a similarity column: the smallest distinct similarity
 * whose FAR is within target, or the double just above the largest similarity.
 *
 * @param targetFar the FAR asked for
 * @param threshold accept {@code distance <= threshold}
 * @param far       the FAR actually reached ({@code <= targetFar})
 * @param tar       the TAR at that threshold
 */
public record TarAtFar(double targetFar, double threshold, double far, double tar) {
    public TarAtFar {
        if (!(targetFar >= 0 && targetFar <= 1)) {
            throw new IllegalArgumentException("target FAR must lie in [0, 1], got " + targetFar);
        }
    }

    /** The FAR targets reported by default: 10 %, 1 %, 0.1 %, 0.01 %. */
    public static final double[] DEFAULT_TARGETS = {0.1, 0.01, 0.001, 0.0001};

    public static TarAtFar of(OperatingCurve curve, double targetFar) {
        double n = curve.negatives();
        double p = curve.positives();
        int lo = 0, hi = curve.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (curve.falsePositives(mid) / n <= targetFar) lo = mid + 1; else hi = mid;
        }
        int idx = lo - 1;
        if (idx < 0) {
            // accept nothing: just stricter than the strictest point
            return new TarAtFar(targetFar, curve.score(Math.nextDown(curve.key(0))), 0.0, 0.0);
        }
        return new TarAtFar(targetFar, curve.value(idx), curve.falsePositives(idx) / n, curve.truePositives(idx) / p);
    }
}
