package dev.facecal.calibrate;

/**
 * Platt scaling of a distance into a probability of "same person": {@code P(same | d) = 1 / (1 + exp(a*d + b))},
 * fitted to the truth by maximum likelihood with Platt's smoothed targets (Platt, "Probabilistic outputs for support
 * vector machines", 1999, section 2.2: {@code (N+ + 1) / (N+ + 2)} for a positive, {@code 1 / (N- + 2)} for a
 * negative), as scikit-learn's {@code CalibratedClassifierCV(method="sigmoid")} does in {@code _sigmoid_calibration}
 * with the distance as the decision value.
 *
 * <p>Unlike DeepFace's confidence, whose logistic regression is fitted to the decisions at a threshold (so it
 * reproduces the threshold, not the truth), this is fitted to whether the pair is the same person, so 0.7 means
 * "70 % of such pairs are the same person" on data like the data it was fitted on. scikit-learn minimises with
 * scipy's BFGS (stopped at a gradient norm of 1e-5, up to 1e-6 relative from the optimum); here Newton's method on
 * centred distances runs to the exact optimum (the negative log-likelihood is convex): it agrees with the optimum
 * found in 50-digit arithmetic to 1e-13 relative ({@code reference/make_calibration_quality_fixture.py}).
 *
 * @param a          slope (positive: farther means less likely the same person)
 * @param b          intercept
 * @param iterations Newton steps taken
 */
public record PlattScaling(double a, double b, int iterations) {
    private static final int MAX_ITERATIONS = 200;

    public PlattScaling {
        if (!Double.isFinite(a) || !Double.isFinite(b)) {
            throw new IllegalArgumentException("Platt scaling did not converge: a=" + a + " b=" + b);
        }
    }

    /** The probability that a pair at {@code distance} is the same person. */
    public double probability(double distance) {
        double z = a * distance + b;
        return z >= 0 ? Math.exp(-z) / (1 + Math.exp(-z)) : 1 / (1 + Math.exp(z));
    }

    /** Fits the scaling to {@code distances} labelled {@code positive} (same person); both classes needed. */
    public static PlattScaling fit(double[] distances, boolean[] positive) {
        if (distances.length != positive.length) {
            throw new IllegalArgumentException("distances (" + distances.length + ") and labels (" + positive.length
                    + ") differ in length");
        }
        int pos = 0;
        for (boolean p : positive) {
            if (p) pos++;
        }
        int neg = positive.length - pos;
        if (pos == 0 || neg == 0) {
            throw new IllegalArgumentException("Platt scaling needs both classes, got " + pos + " same-person and " + neg
                    + " different-person pairs");
        }
        double hi = (pos + 1.0) / (pos + 2.0), lo = 1.0 / (neg + 2.0);
        double[] t = new double[distances.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = positive[i] ? hi : lo;
        }
        // Newton's method on centred distances (a*d + b = a*(d - centre) + (b + a*centre)): the same optimum, but a
        // well-conditioned Hessian even for distances far from 0 (euclidean distances of 5 to 25, say)
        double centre = 0;
        for (double v : distances) {
            centre += v;
        }
        centre /= distances.length;
        double[] dc = new double[distances.length];
        for (int i = 0; i < dc.length; i++) {
            dc[i] = distances[i] - centre;
        }
        double a = 0, b = Math.log((neg + 1.0) / (pos + 1.0));   // scikit-learn's start (a = 0: the same in both)
        double[] s = pass(dc, t, a, b);
        int it = 0;
        while (it < MAX_ITERATIONS) {
            it++;
            double det = s[3] * s[5] - s[4] * s[4];
            double da = -(s[5] * s[1] - s[4] * s[2]) / det;
            double db = -(s[3] * s[2] - s[4] * s[1]) / det;
            // backtrack only on a real increase: near the optimum the loss changes by less than its rounding
            double slack = 1e-13 * Math.max(1, Math.abs(s[0]));
            double step = 1;
            double[] next = pass(dc, t, a + da, b + db);
            while (next[0] > s[0] + slack && step > 1e-10) {
                step /= 2;
                next = pass(dc, t, a + step * da, b + step * db);
            }
            a += step * da;
            b += step * db;
            s = next;
            if (Math.abs(step * da) <= 1e-16 * Math.max(1, Math.abs(a))
                    && Math.abs(step * db) <= 1e-16 * Math.max(1, Math.abs(b))) {
                break;
            }
        }
        return new PlattScaling(a, b - a * centre, it);
    }

    /** Negative log-likelihood, gradient (a, b) and Hessian (aa, ab, bb) at (a, b). */
    private static double[] pass(double[] d, double[] t, double a, double b) {
        double loss = 0, ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
        for (int i = 0; i < d.length; i++) {
            double z = a * d[i] + b;                     // P = sigmoid(-z)
            double e = Math.exp(-Math.abs(z));
            double logP = z > 0 ? -z - Math.log1p(e) : -Math.log1p(e);       // log sigmoid(-z)
            double log1mP = z > 0 ? -Math.log1p(e) : z - Math.log1p(e);      // log sigmoid(z)
            double p = z > 0 ? e / (1 + e) : 1 / (1 + e);
            loss -= t[i] * logP + (1 - t[i]) * log1mP;
            double r = t[i] - p;                         // d loss / d z
            ga += r * d[i];
            gb += r;
            double h = p * (1 - p);
            haa += h * d[i] * d[i];
            hab += h * d[i];
            hbb += h;
        }
        return new double[] {loss, ga, gb, haa, hab, hbb};
    }
}
