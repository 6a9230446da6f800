package dev.facecal.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The exact gain-ratio split, F1 and accuracy maximisers against brute force written independently. */
class SplitsTest {

    private static double entropy(double p, double n) {
        double t = p + n, e = 0;
        if (p > 0) e -= p / t * Math.log(p / t) / Math.log(2);
        if (n > 0) e -= n / t * Math.log(n / t) / Math.log(2);
        return e;
    }

    @Test
    void exactSplitIsTheBestMidpointAndNeverWorseThanChefboost() {
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 30; trial++) {
            int n = 50 + r.nextInt(300);
            double[] d = new double[n];
            boolean[] y = new boolean[n];
            for (int i = 0; i < n; i++) {
                y[i] = r.nextDouble() < 0.2;
                d[i] = Math.max(0, Math.round((y[i] ? 0.3 : 0.65) * 1000 + r.nextGaussian() * 120) / 1000.0);
            }
            if (!hasBoth(y)) continue;
            double[] u = Arrays.stream(d).distinct().sorted().toArray();
            double best = -1, bestT = 0;
            double pos = 0;
            for (boolean b : y) if (b) pos++;
            double neg = n - pos;
            for (int k = 0; k + 1 < u.length; k++) {
                double t = (u[k] + u[k + 1]) / 2;
                double p1 = 0, n1 = 0;
                for (int i = 0; i < n; i++) if (d[i] <= t) { if (y[i]) p1++; else n1++; }
                double w1 = (p1 + n1) / n, w2 = 1 - w1;
                double gain = entropy(pos, neg) - w1 * entropy(p1, n1) - w2 * entropy(pos - p1, neg - n1);
                double ratio = gain / (-w1 * Math.log(w1) / Math.log(2) - w2 * Math.log(w2) / Math.log(2));
                if (ratio > best + 1e-12) { best = ratio; bestT = t; }
            }
            OperatingCurve curve = OperatingCurve.of(d, y);
            ExactGainRatioSplit.Split exact = ExactGainRatioSplit.of(curve);
            assertEquals(best, exact.gainRatio(), 1e-12);
            assertEquals(bestT, exact.threshold(), 1e-12);
            ChefboostC45.Split chef = ChefboostC45.split(d, y, curve);
            assertTrue(exact.gainRatio() >= chef.gainRatio() - 1e-15, "exact split is at least as good as chefboost's");
        }
    }

    @Test
    void f1AndAccuracyMaximaMatchBruteForce() {
        SplittableRandom r = new SplittableRandom(3);
        double[] d = new double[400];
        boolean[] y = new boolean[400];
        for (int i = 0; i < d.length; i++) {
            y[i] = r.nextDouble() < 0.3;
            d[i] = Math.max(0, (y[i] ? 0.4 : 0.7) + r.nextGaussian() * 0.15);
        }
        double bestF1 = -1, bestF1T = 0, bestAcc = -1, bestAccT = 0;
        double[] u = Arrays.stream(d).distinct().sorted().toArray();
        for (double t : u) {
            Confusion c = Confusion.at(d, y, t);
            if (c.f1() > bestF1) { bestF1 = c.f1(); bestF1T = t; }
            if (c.accuracy() > bestAcc) { bestAcc = c.accuracy(); bestAccT = t; }
        }
        OperatingCurve curve = OperatingCurve.of(d, y);
        assertEquals(bestF1T, OptimalThreshold.f1Max(curve).threshold(), 0.0);
        assertEquals(bestF1, OptimalThreshold.f1Max(curve).f1(), 0.0);
        assertEquals(bestAccT, OptimalThreshold.accuracyMax(curve).threshold(), 0.0);
    }

    @Test
    void eerInterpolatesBetweenOperatingPoints() {
        // Positives at 1,2; negatives at 1.5,3. Points: t=1 (FAR 0, FRR .5), t=1.5 (FAR .5, FRR .5) -> EER 0.5 at 1.5.
        OperatingCurve c = OperatingCurve.of(new double[] {1, 2, 1.5, 3}, new boolean[] {true, true, false, false});
        EqualErrorRate e = EqualErrorRate.of(c);
        assertEquals(0.5, e.eer(), 0.0);
        assertEquals(1.5, e.threshold(), 0.0);
        // Separable: from (FAR 0, FRR .5) at 1 to (FAR 0, FRR 0) at 2 never crosses; crossing at t=2 -> a=1, EER 0.
        OperatingCurve s = OperatingCurve.of(new double[] {1, 2, 3, 4}, new boolean[] {true, true, false, false});
        assertEquals(0.0, EqualErrorRate.of(s).eer(), 0.0);
        assertEquals(2.0, EqualErrorRate.of(s).threshold(), 0.0);
    }

    private static boolean hasBoth(boolean[] y) {
        boolean a = false, b = false;
        for (boolean v : y) if (v) a = true; else b = true;
        return a && b;
    }
}
