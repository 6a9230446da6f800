package dev.facecal.calibrate;

import java.util.stream.IntStream;

/**
 * One-feature logistic regression with scikit-learn's {@code LogisticRegression()} defaults: L2 penalty on the
 * weight only (the intercept is not penalised), {@code C = 1}. It minimises
 * {@code 0.5*w^2 + C * sum_i n_i * log(1 + exp(-s_i (w*x_i + b)))} with {@code s_i = +1/-1} and sample counts
 * {@code n_i} (scikit-learn's {@code _logistic_loss} with {@code sample_weight}); identical samples may therefore
 * be passed once with their count, which gives the same optimum. The objective is strictly convex, so the
 * optimum is unique.
 *
 * <p>scikit-learn reaches it with L-BFGS stopped by scipy's {@code ftol}, up to 2e-5 relative away; here Newton's
 * method with a backtracking line search runs until the step is at the level of rounding error, which agrees
 * with a tightly converged scikit-learn (Newton-CG, {@code tol=1e-12}) to about 1e-9. Each Newton step is one
 * pass over the data (objective, gradient and Hessian together); sums run in fixed chunks in parallel and are
 * combined in chunk order, so the result does not depend on the number of cores.
 *
 * @param w          weight of the feature
 * @param b          intercept
 * @param iterations Newton steps taken
 */
public record LogisticFit(double w, double b, int iterations) {
    private static final int CHUNK = 1 << 16;
    private static final int MAX_ITERATIONS = 200;

    public LogisticFit {
        if (!Double.isFinite(w) || !Double.isFinite(b)) {
            throw new IllegalArgumentException("logistic fit did not converge: w=" + w + " b=" + b);
        }
    }

    /** Probability of the positive class at x. */
    public double probability(double x) {
        return 1.0 / (1.0 + Math.exp(-(w * x + b)));
    }

    /** Fits {@code y ~ x} with inverse regularisation strength {@code c} (scikit-learn's {@code C}). */
    public static LogisticFit fit(double[] x, boolean[] y, double c) {
        return fit(x, y, null, c);
    }

    /**
     * Fits {@code y ~ x} where sample i stands for {@code counts[i]} identical samples ({@code counts} null = 1 each).
     */
    public static LogisticFit fit(double[] x, boolean[] y, double[] counts, double c) {
        if (x.length != y.length || (counts != null && counts.length != x.length)) {
            throw new IllegalArgumentException("x (" + x.length + "), y (" + y.length + ") and counts differ in length");
        }
        if (!(c > 0)) {
            throw new IllegalArgumentException("C must be > 0, got " + c);
        }
        boolean anyT = false, anyF = false;
        for (boolean v : y) {
            if (v) anyT = true; else anyF = true;
        }
        if (!anyT || !anyF) {
            throw new IllegalArgumentException("logistic regression needs both classes among the labels, got only "
                    + (anyT ? "positive" : "negative") + " labels");
        }
        double w = 0.0, b = 0.0;
        double[] s = pass(x, y, counts, c, w, b);
        int it = 0;
        while (it < MAX_ITERATIONS) {
            it++;
            double gw = s[1], gb = s[2], hww = s[3], hwb = s[4], hbb = s[5];
            double det = hww * hbb - hwb * hwb;
            double dw = -(hbb * gw - hwb * gb) / det;
            double db = -(hww * gb - hwb * gw) / det;
            double step = 1.0;
            double[] next = pass(x, y, counts, c, w + dw, b + db);
            while (next[0] > s[0] && step > 1e-10) {
                step /= 2;
                next = pass(x, y, counts, c, w + step * dw, b + step * db);
            }
            boolean tiny = Math.abs(step * dw) <= 1e-15 * Math.max(1.0, Math.abs(w))
                    && Math.abs(step * db) <= 1e-15 * Math.max(1.0, Math.abs(b));
            if (next[0] <= s[0]) {
                w += step * dw;
                b += step * db;
                s = next;
            }
            if (tiny || step <= 1e-10) {
                break;
            }
        }
        return new LogisticFit(w, b, it);
    }

    /** Objective, gradient (w, b) and Hessian (ww, wb, bb) at (w, b), in one pass. */
    private static double[] pass(double[] x, boolean[] y, double[] counts, double c, double w, double b) {
        int n = x.length;
        int chunks = (n + CHUNK - 1) / CHUNK;
        double[][] parts = new double[chunks][];
        IntStream range = IntStream.range(0, chunks);
        if (chunks > 4) {
            range = range.parallel();
        }
        range.forEach(k -> {
            int from = k * CHUNK, to = Math.min(n, (k + 1) * CHUNK);
            double loss = 0, gw = 0, gb = 0, hww = 0, hwb = 0, hbb = 0;
            for (int i = from; i < to; i++) {
                double xi = x[i];
                double z = w * xi + b;
                double m = y[i] ? z : -z;       // margin s_i * z
                double e = Math.exp(-Math.abs(m));
                double l = m > 0 ? Math.log1p(e) : -m + Math.log1p(e);
                double pm = m > 0 ? 1.0 / (1.0 + e) : e / (1.0 + e); // sigmoid(m)
                double p = y[i] ? pm : 1.0 - pm;                   // sigmoid(z)
                double r = p - (y[i] ? 1.0 : 0.0);
                double h = pm * (1.0 - pm);
                double cnt = counts == null ? 1.0 : counts[i];
                loss += cnt * l;
                gw += cnt * r * xi;
                gb += cnt * r;
                hww += cnt * h * xi * xi;
                hwb += cnt * h * xi;
                hbb += cnt * h;
            }
            parts[k] = new double[] {loss, gw, gb, hww, hwb, hbb};
        });
        double[] t = new double[6];
        for (double[] part : parts) {
            for (int j = 0; j < 6; j++) t[j] += part[j];
        }
        return new double[] {0.5 * w * w + c * t[0], w + c * t[1], c * t[2], 1.0 + c * t[3], c * t[4], c * t[5]};
    }
}
