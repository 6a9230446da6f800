package dev.facecal.calibrate;

import java.util.stream.IntStream;

/**
 * One-feature logistic regression with scikit-learn's {@code LogisticRegression()} defaults: L2 penalty on the
 * weight only (the intercept is not penalised), {@code C = 1}. It minimises
 * {@code 0.5*w^2 + C * sum_i log(1 + exp(-s_i (w*x_i + b)))} with {@code s_i = +1/-1}
 * (scikit-learn's {@code _logistic_loss}), which is strictly convex, so the optimum is unique.
 *
 * <p>scikit-learn reaches it with L-BFGS stopped at {@code tol = 1e-4}; here Newton's method with a
 * backtracking line search runs until the step is at the level of rounding error, so the result is the exact
 * optimum that scikit-learn approximates (they agree to about 1e-5 relative, see the fixtures' {@code w} vs
 * {@code w_tight}). Sums over the samples run in fixed chunks in parallel and are combined in chunk order,
 * so the result does not depend on the number of cores.
 *
 * @param w          weight of the feature
 * @param b          intercept
 * @param iterations Newton iterations used
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
        if (x.length != y.length) {
            throw new IllegalArgumentException("x (" + x.length + ") and y (" + y.length + ") differ in length");
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
        double f = objective(x, y, c, w, b);
        int it;
        for (it = 1; it <= MAX_ITERATIONS; it++) {
            double[] s = derivatives(x, y, c, w, b);
            double gw = s[0], gb = s[1], hww = s[2], hwb = s[3], hbb = s[4];
            double det = hww * hbb - hwb * hwb;
            double dw = -(hbb * gw - hwb * gb) / det;
            double db = -(hww * gb - hwb * gw) / det;
            double step = 1.0;
            double nw = w + dw, nb = b + db;
            double nf = objective(x, y, c, nw, nb);
            while (nf > f && step > 1e-10) {
                step /= 2;
                nw = w + step * dw;
                nb = b + step * db;
                nf = objective(x, y, c, nw, nb);
            }
            boolean tiny = Math.abs(step * dw) <= 1e-15 * Math.max(1.0, Math.abs(w))
                    && Math.abs(step * db) <= 1e-15 * Math.max(1.0, Math.abs(b));
            if (nf <= f) {
                w = nw;
                b = nb;
                f = nf;
            }
            if (tiny || step <= 1e-10) {
                break;
            }
        }
        return new LogisticFit(w, b, Math.min(it, MAX_ITERATIONS));
    }

    private static double objective(double[] x, boolean[] y, double c, double w, double b) {
        double loss = sumChunks(x.length, (from, to) -> {
            double s = 0;
            for (int i = from; i < to; i++) {
                double z = w * x[i] + b;
                double m = y[i] ? z : -z; // margin s_i * z
                s += m > 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m));
            }
            return new double[] {s};
        }, 1)[0];
        return 0.5 * w * w + c * loss;
    }

    private static double[] derivatives(double[] x, boolean[] y, double c, double w, double b) {
        double[] s = sumChunks(x.length, (from, to) -> {
            double gw = 0, gb = 0, hww = 0, hwb = 0, hbb = 0;
            for (int i = from; i < to; i++) {
                double z = w * x[i] + b;
                double p = z >= 0 ? 1.0 / (1.0 + Math.exp(-z)) : Math.exp(z) / (1.0 + Math.exp(z));
                double r = p - (y[i] ? 1.0 : 0.0);
                double h = p * (1.0 - p);
                gw += r * x[i];
                gb += r;
                hww += h * x[i] * x[i];
                hwb += h * x[i];
                hbb += h;
            }
            return new double[] {gw, gb, hww, hwb, hbb};
        }, 5);
        return new double[] {w + c * s[0], c * s[1], 1.0 + c * s[2], c * s[3], c * s[4]};
    }

    private interface ChunkSum {
        double[] sum(int from, int to);
    }

    private static double[] sumChunks(int n, ChunkSum f, int width) {
        int chunks = (n + CHUNK - 1) / CHUNK;
        double[][] parts = new double[chunks][];
        IntStream range = IntStream.range(0, chunks);
        if (chunks > 4) {
            range = range.parallel();
        }
        range.forEach(k -> parts[k] = f.sum(k * CHUNK, Math.min(n, (k + 1) * CHUNK)));
        double[] total = new double[width];
        for (double[] part : parts) {
            for (int j = 0; j < width; j++) total[j] += part[j];
        }
        return total;
    }
}
