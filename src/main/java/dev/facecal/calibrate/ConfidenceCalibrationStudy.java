package dev.facecal.calibrate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

/**
 * Is a confidence calibrated, judged on people it was not fitted on? The people are split at random (seeded) into a
 * fitting group and a judging group; on the pairs within the fitting group three models are fitted:
 * <ul>
 *   <li>DeepFace's confidence ({@link ConfidenceModel}): chefboost's C4.5 threshold, then the logistic regression of
 *       the <em>decision</em> at that threshold on the distance, denormalised to 51-100 / 0-49;</li>
 *   <li>{@link PlattScaling} of the distance to the truth;</li>
 *   <li>{@link IsotonicCalibration} of the distance to the truth;</li>
 * </ul>
 * and each is judged on the pairs within the judging group by a {@link ReliabilityDiagram} (observed same-person
 * share against the predicted probability; ECE and Brier score). Pairs across the two groups are used by neither,
 * so no person's photos influence both the fit and the judgement (as in an identity-disjoint split, seed 004).
 */
public final class ConfidenceCalibrationStudy {

    /** The label of DeepFace's confidence in {@link Result#diagrams()}. */
    public static final String DEEPFACE = "DeepFace confidence (C4.5 + logistic on decisions)";
    /** The label of Platt scaling. */
    public static final String PLATT = "Platt scaling (logistic on the truth)";
    /** The label of isotonic calibration. */
    public static final String ISOTONIC = "isotonic calibration";

    private ConfidenceCalibrationStudy() {
    }

    /**
     * Named options.
     *
     * @param fitShare share of the people whose pairs are fitted on (the others judge), in (0, 1)
     * @param seed     seed of the split of the people
     * @param bins     equal-width bins of the reliability diagram
     */
    public record Options(double fitShare, long seed, int bins) {
        public Options {
            if (!(fitShare > 0 && fitShare < 1)) {
                throw new IllegalArgumentException("fitShare must be in (0, 1), got " + fitShare);
            }
            if (bins < 1) {
                throw new IllegalArgumentException("bins must be at least 1, got " + bins);
            }
        }

        /** Half of the people fit, half judge; seed 1; 10 bins. */
        public static Options defaults() {
            return new Options(0.5, 1L, 10);
        }

        public Options withSeed(long seed) {
            return new Options(fitShare, seed, bins);
        }

        public Options withFitShare(double share) {
            return new Options(share, seed, bins);
        }

        public Options withBins(int n) {
            return new Options(fitShare, seed, n);
        }
    }

    /**
     * The study's result.
     *
     * @param options       the options
     * @param fitPeople     indices of the people fitted on, increasing
     * @param judgePeople   indices of the people judged on, increasing
     * @param fitPairs      the fitting pairs' distances
     * @param fitPositive   their truth
     * @param judgePairs    the judging pairs' distances
     * @param judgePositive their truth
     * @param deepface      DeepFace's confidence model fitted on the fitting pairs
     * @param platt         Platt scaling fitted on them
     * @param isotonic      isotonic calibration fitted on them
     * @param diagrams      each model's reliability on the judging pairs, in the order above
     */
    public record Result(Options options, int[] fitPeople, int[] judgePeople, double[] fitPairs, boolean[] fitPositive,
                         double[] judgePairs, boolean[] judgePositive, ConfidenceModel deepface, PlattScaling platt,
                         IsotonicCalibration isotonic, SequencedMap<String, ReliabilityDiagram> diagrams) {

        /** Same-person pairs among the judging pairs. */
        public long judgePositives() {
            long n = 0;
            for (boolean p : judgePositive) if (p) n++;
            return n;
        }

        /** Same-person pairs among the fitting pairs. */
        public long fitPositives() {
            long n = 0;
            for (boolean p : fitPositive) if (p) n++;
            return n;
        }

        /** The reliability of any other probability of "same person" (e.g. shipped constants) on the judging pairs. */
        public ReliabilityDiagram judge(DoubleUnaryOperator probability) {
            double[] p = new double[judgePairs.length];
            for (int i = 0; i < p.length; i++) p[i] = probability.applyAsDouble(judgePairs[i]);
            return ReliabilityDiagram.of(p, judgePositive, options.bins());
        }

        /** The model with the lowest Brier score on the judging pairs. */
        public String best() {
            return diagrams.entrySet().stream().min(java.util.Comparator.comparingDouble(e -> e.getValue().brier()))
                    .orElseThrow().getKey();
        }
    }

    /** Runs the study on labelled distances whose people are {@code people}. */
    public static Result run(double[] distances, boolean[] positive, IdentityBootstrap.PairPeople people,
                             Options options) {
        LabelledDistances.check(distances, positive);
        if (people.size() != distances.length) {
            throw new IllegalArgumentException("people given for " + people.size() + " pairs, distances for "
                    + distances.length);
        }
        int n = people.people();
        int fitCount = (int) Math.round(options.fitShare() * n);
        if (fitCount < 2 || n - fitCount < 2) {
            throw new IllegalArgumentException("a fit share of " + options.fitShare() + " of " + n
                    + " people leaves fewer than 2 people on one side; use more people or a share nearer 0.5");
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        SplittableRandom rng = new SplittableRandom(options.seed());
        for (int i = n - 1; i > 0; i--) {                 // Fisher-Yates
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        boolean[] fits = new boolean[n];
        for (int i = 0; i < fitCount; i++) fits[order[i]] = true;
        List<Integer> fit = new ArrayList<>(), judge = new ArrayList<>();
        for (int i = 0; i < distances.length; i++) {
            boolean a = fits[people.x()[i]], b = fits[people.y()[i]];
            if (a && b) fit.add(i);
            else if (!a && !b) judge.add(i);
        }
        double[] fd = pick(distances, fit), jd = pick(distances, judge);
        boolean[] fy = pick(positive, fit), jy = pick(positive, judge);
        requireBoth(fy, "fitting");
        requireBoth(jy, "judging");
        double t = ChefboostC45.threshold(fd, fy);
        ConfidenceModel deepface = ConfidenceModel.fit(fd, ThresholdRule.C45.label(), t);
        PlattScaling platt = PlattScaling.fit(fd, fy);
        IsotonicCalibration iso = IsotonicCalibration.fit(fd, fy);
        SequencedMap<String, ReliabilityDiagram> diagrams = new LinkedHashMap<>();
        diagrams.put(DEEPFACE, diagram(jd, jy, d -> deepface.confidence(d) / 100, options.bins()));
        diagrams.put(PLATT, diagram(jd, jy, platt::probability, options.bins()));
        diagrams.put(ISOTONIC, diagram(jd, jy, iso::probability, options.bins()));
        return new Result(options, people(fits, true), people(fits, false), fd, fy, jd, jy, deepface, platt, iso,
                java.util.Collections.unmodifiableSequencedMap(diagrams));
    }

    private static ReliabilityDiagram diagram(double[] d, boolean[] y, DoubleUnaryOperator p, int bins) {
        double[] prob = new double[d.length];
        for (int i = 0; i < d.length; i++) prob[i] = p.applyAsDouble(d[i]);
        return ReliabilityDiagram.of(prob, y, bins);
    }

    private static void requireBoth(boolean[] y, String group) {
        boolean pos = false, neg = false;
        for (boolean b : y) {
            if (b) pos = true; else neg = true;
        }
        if (!pos || !neg) {
            throw new IllegalArgumentException("the " + group + " people's pairs hold a single class (" + y.length
                    + " pairs); try another seed or more people");
        }
    }

    private static int[] people(boolean[] fits, boolean want) {
        return java.util.stream.IntStream.range(0, fits.length).filter(i -> fits[i] == want).toArray();
    }

    private static double[] pick(double[] v, List<Integer> idx) {
        double[] out = new double[idx.size()];
        for (int i = 0; i < out.length; i++) out[i] = v[idx.get(i)];
        return out;
    }

    private static boolean[] pick(boolean[] v, List<Integer> idx) {
        boolean[] out = new boolean[idx.size()];
        for (int i = 0; i < out.length; i++) out[i] = v[idx.get(i)];
        return out;
    }
}
