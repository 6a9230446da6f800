package dev.facecal.calibrate;

import java.util.ArrayList;
import java.util.List;

/**
 * How well a confidence is calibrated: the pairs are binned by their predicted probability of "same person" (a
 * confidence of 70 is 0.70), and in each bin the share that really is the same person is set against the mean
 * prediction; a calibrated score lies on the diagonal. The bins are scikit-learn's
 * {@code calibration_curve(y, p, n_bins, strategy="uniform")}: {@code n} equal-width bins over [0, 1] with edges
 * {@code numpy.linspace(0, 1, n + 1)}, a probability on an inner edge going to the bin below it
 * ({@code numpy.searchsorted(edges[1:-1], p)}). Two summaries:
 * <ul>
 *   <li>the expected calibration error {@code ECE = sum over bins (n_b / N) |observed_b - predicted_b|} (Naeini et
 *       al., AAAI 2015; Guo et al., ICML 2017) on those bins;</li>
 *   <li>the Brier score {@code mean((p_i - y_i)^2)} (scikit-learn's {@code brier_score_loss}), which needs no bins.</li>
 * </ul>
 *
 * @param bins  the non-empty bins, in order
 * @param ece   expected calibration error, in [0, 1]
 * @param brier Brier score, in [0, 1]
 * @param pairs number of pairs judged
 */
public record ReliabilityDiagram(List<Bin> bins, double ece, double brier, int pairs) {

    /**
     * One bin.
     *
     * @param lower     lower edge (excluded, except 0 for the first bin)
     * @param upper     upper edge (included)
     * @param count     pairs in the bin
     * @param predicted mean predicted probability in the bin
     * @param observed  share of same-person pairs in the bin
     */
    public record Bin(double lower, double upper, int count, double predicted, double observed) {
    }

    public ReliabilityDiagram {
        bins = List.copyOf(bins);
    }

    /**
     * The diagram of {@code probability} (each in [0, 1]) against the truth {@code positive}, with {@code nBins}
     * equal-width bins.
     */
    public static ReliabilityDiagram of(double[] probability, boolean[] positive, int nBins) {
        if (probability.length != positive.length) {
            throw new IllegalArgumentException("probability (" + probability.length + ") and positive ("
                    + positive.length + ") differ in length");
        }
        if (probability.length == 0) {
            throw new IllegalArgumentException("a reliability diagram needs at least one pair");
        }
        if (nBins < 1) {
            throw new IllegalArgumentException("bins must be at least 1, got " + nBins);
        }
        double[] edges = new double[nBins + 1];
        double step = 1.0 / nBins;                      // numpy.linspace(0, 1, n + 1): i * step, the last exactly 1
        for (int i = 0; i < nBins; i++) {
            edges[i] = i * step;
        }
        edges[nBins] = 1.0;
        int[] count = new int[nBins];
        double[] sumP = new double[nBins], sumY = new double[nBins];
        double brier = 0;
        for (int i = 0; i < probability.length; i++) {
            double p = probability[i];
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("probability[" + i + "] must be in [0, 1], got " + p);
            }
            int b = 0;
            while (b < nBins - 1 && edges[b + 1] < p) {
                b++;                                    // searchsorted(edges[1:-1], p, side="left")
            }
            count[b]++;
            sumP[b] += p;
            double y = positive[i] ? 1 : 0;
            sumY[b] += y;
            brier += (p - y) * (p - y);
        }
        List<Bin> bins = new ArrayList<>();
        double ece = 0;
        for (int b = 0; b < nBins; b++) {
            if (count[b] == 0) {
                continue;
            }
            double predicted = sumP[b] / count[b], observed = sumY[b] / count[b];
            bins.add(new Bin(edges[b], edges[b + 1], count[b], predicted, observed));
            ece += (double) count[b] / probability.length * Math.abs(observed - predicted);
        }
        return new ReliabilityDiagram(bins, ece, brier / probability.length, probability.length);
    }
}
