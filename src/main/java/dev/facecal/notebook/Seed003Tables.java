package dev.facecal.notebook;

import dev.facecal.calibrate.Confusion;
import dev.facecal.study.identify.ClassificationHead;
import dev.facecal.study.identify.RankOneIdentification;
import dev.facecal.study.identify.Seed003;
import dev.facecal.study.identify.SimilarityVerification;
import dev.facecal.study.identify.StratifiedSplit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Seed 003's (MagFace baseline: ROC, TAR@FAR, rank-1, a classification head) results as tables for notebook 05, ours
 * beside the published figures, which are always labelled as published.
 */
public final class Seed003Tables {
    private Seed003Tables() {
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    static String f4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** The TAR @ FAR rows, with seed 003's published TAR beside each target it reports. */
    public static Table tarAtFar(String name, List<SimilarityVerification.TarRow> rows) {
        return Table.create(name,
                DoubleColumn.create("target FAR", rows.stream().mapToDouble(SimilarityVerification.TarRow::targetFar)),
                DoubleColumn.create("threshold (similarity >=)",
                        rows.stream().mapToDouble(SimilarityVerification.TarRow::threshold)),
                LongColumn.create("false accepts",
                        rows.stream().mapToLong(SimilarityVerification.TarRow::falseAccepts).toArray()),
                LongColumn.create("negatives", rows.stream().mapToLong(SimilarityVerification.TarRow::negatives).toArray()),
                DoubleColumn.create("FAR reached", rows.stream().mapToDouble(SimilarityVerification.TarRow::far)),
                DoubleColumn.create("TAR", rows.stream().mapToDouble(SimilarityVerification.TarRow::tar)),
                BooleanColumn.create("FAR resolvable",
                        rows.stream().map(SimilarityVerification.TarRow::resolvable).toList()),
                StringColumn.create("TAR (" + Seed003.LABEL + ")",
                        rows.stream().map(r -> Seed003.tarAt(r.targetFar()).map(Seed003Tables::pct).orElse("-"))));
    }

    /** Mean and std of the similarity per class, ours beside seed 003's published values. */
    public static Table scores(SimilarityVerification v, String name) {
        SimilarityVerification.Scores p = v.scores(true), n = v.scores(false);
        return Table.create(name,
                StringColumn.create("metric", "pairs", "mean", "std (ddof 0)"),
                DoubleColumn.create("same person (ours)", p.count(), p.mean(), p.std()),
                DoubleColumn.create("different persons (ours)", n.count(), n.mean(), n.std()),
                StringColumn.create("positive pairs (" + Seed003.LABEL + ")", "-",
                        f4(Seed003.POSITIVE_MEAN), f4(Seed003.POSITIVE_STD)),
                StringColumn.create("negative pairs (" + Seed003.LABEL + ")", "-",
                        f4(Seed003.NEGATIVE_MEAN), f4(Seed003.NEGATIVE_STD)));
    }

    /** ROC-AUC, best accuracy and its threshold: ours beside seed 003's. */
    public static Table verification(SimilarityVerification v, String name) {
        SimilarityVerification.Operating best = v.bestAccuracy();
        return Table.create(name,
                StringColumn.create("metric", "pairs (same / different)", "ROC-AUC", "best accuracy", "best threshold"),
                StringColumn.create("ours (dlib, cosine similarity)", v.positives() + " / " + v.negatives(),
                        f4(v.roc().auc()), pct(best.accuracy()), f4(best.threshold())),
                StringColumn.create(Seed003.LABEL, "3,530 probes + 96,470 distractors", f4(Seed003.ROC_AUC),
                        pct(Seed003.BEST_ACCURACY), f4(Seed003.BEST_THRESHOLD)));
    }

    /** Confusion matrices at several thresholds, with accuracy, precision and recall. */
    public static Table confusions(String name, List<SimilarityVerification.Operating> points) {
        return Table.create(name,
                StringColumn.create("threshold", points.stream().map(SimilarityVerification.Operating::name)),
                DoubleColumn.create("similarity >=", points.stream().mapToDouble(SimilarityVerification.Operating::threshold)),
                LongColumn.create("TP", points.stream().mapToLong(o -> o.confusion().tp()).toArray()),
                LongColumn.create("FN", points.stream().mapToLong(o -> o.confusion().fn()).toArray()),
                LongColumn.create("FP", points.stream().mapToLong(o -> o.confusion().fp()).toArray()),
                LongColumn.create("TN", points.stream().mapToLong(o -> o.confusion().tn()).toArray()),
                DoubleColumn.create("accuracy", points.stream().mapToDouble(o -> o.confusion().accuracy())),
                DoubleColumn.create("precision", points.stream().mapToDouble(o -> o.confusion().precision())),
                DoubleColumn.create("recall", points.stream().mapToDouble(o -> o.confusion().recall())));
    }

    /** The rank-1 gallery: person and photo. */
    public static Table gallery(RankOneIdentification r) {
        List<String> people = new ArrayList<>(), files = new ArrayList<>();
        for (int p = 0; p < r.gallery().length; p++) {
            people.add(r.set().identityNames().get(p));
            files.add(r.gallery()[p] < 0 ? "-" : r.set().files().get(r.gallery()[p]));
        }
        return Table.create("gallery: first photo of each person (" + r.gallery().length + ")",
                StringColumn.create("person", people), StringColumn.create("gallery photo", files));
    }

    /** Every probe: its person, the nearest gallery person, both similarities, the rank, correct or not. */
    public static Table probes(RankOneIdentification r) {
        List<RankOneIdentification.Probe> probes = r.probes();
        return Table.create("rank-1 identification: " + r.correct() + "/" + r.total() + " probes correct",
                StringColumn.create("probe", probes.stream().map(RankOneIdentification.Probe::file)),
                StringColumn.create("person", probes.stream().map(RankOneIdentification.Probe::identity)),
                StringColumn.create("nearest gallery person", probes.stream().map(RankOneIdentification.Probe::predicted)),
                DoubleColumn.create("similarity (nearest)",
                        probes.stream().mapToDouble(RankOneIdentification.Probe::similarity)),
                DoubleColumn.create("similarity (own gallery photo)",
                        probes.stream().mapToDouble(RankOneIdentification.Probe::trueSimilarity)),
                IntColumn.create("rank of own person",
                        probes.stream().mapToInt(RankOneIdentification.Probe::rank).toArray()),
                BooleanColumn.create("correct", probes.stream().map(RankOneIdentification.Probe::correct).toList()));
    }

    /** Rank-1: ours beside seed 003's published figure. */
    public static Table rankOne(RankOneIdentification r) {
        return Table.create("rank-1 identification",
                StringColumn.create("", "correct / total", "rank-1 accuracy"),
                StringColumn.create("ours (dlib, 1 gallery photo per person)", r.correct() + " / " + r.total(),
                        pct(r.accuracy())),
                StringColumn.create(Seed003.LABEL, String.format(Locale.ROOT, "%,d / %,d", Seed003.RANK1_CORRECT,
                        Seed003.RANK1_TOTAL), pct((double) Seed003.RANK1_CORRECT / Seed003.RANK1_TOTAL)));
    }

    /** Photos per person in each part of a stratified split. */
    public static Table split(StratifiedSplit s, List<String> names, int[] labels) {
        int[][] c = new int[3][names.size()];
        int[][] parts = {s.train(), s.validation(), s.test()};
        for (int k = 0; k < 3; k++) {
            for (int i : parts[k]) c[k][labels[i]]++;
        }
        List<String> rows = new ArrayList<>(names);
        rows.add("total");
        int[][] withTotal = new int[3][names.size() + 1];
        for (int k = 0; k < 3; k++) {
            System.arraycopy(c[k], 0, withTotal[k], 0, names.size());
            withTotal[k][names.size()] = parts[k].length;
        }
        return Table.create("split by person: " + s.train().length + " train / " + s.validation().length
                        + " validation / " + s.test().length + " test",
                StringColumn.create("person", rows), IntColumn.create("train", withTotal[0]),
                IntColumn.create("validation", withTotal[1]), IntColumn.create("test", withTotal[2]));
    }

    /** The classification head: ours beside seed 003's. */
    public static Table head(ClassificationHead.Result h) {
        return Table.create("classification head: ours (multinomial logistic regression, lambda " + h.lambda()
                        + ") beside " + Seed003.LABEL,
                StringColumn.create("metric", "train photos", "validation photos", "test photos", "train top-1",
                        "validation top-1", "test top-1", "test top-5"),
                StringColumn.create("ours", Integer.toString(h.train().count()), Integer.toString(h.validation().count()),
                        Integer.toString(h.test().count()), pct(h.train().top1()), pct(h.validation().top1()),
                        pct(h.test().top1()), pct(h.test().top5())),
                StringColumn.create(Seed003.LABEL, "2,471", "529", "530", pct(Seed003.HEAD_TRAIN_ACCURACY),
                        pct(Seed003.HEAD_VALIDATION_ACCURACY), pct(Seed003.HEAD_TEST_TOP1),
                        pct(Seed003.HEAD_TEST_TOP5)));
    }

    /** The penalties the head tried. */
    public static Table headTrials(ClassificationHead.Result h) {
        List<ClassificationHead.Trial> trials = h.trials();
        return Table.create("L2 penalty chosen on the validation photos (smallest log-loss)",
                DoubleColumn.create("lambda", trials.stream().mapToDouble(ClassificationHead.Trial::lambda)),
                DoubleColumn.create("train top-1", trials.stream().mapToDouble(ClassificationHead.Trial::trainTop1)),
                DoubleColumn.create("validation top-1",
                        trials.stream().mapToDouble(ClassificationHead.Trial::validationTop1)),
                DoubleColumn.create("validation log-loss",
                        trials.stream().mapToDouble(ClassificationHead.Trial::validationLoss)),
                StringColumn.create("chosen", trials.stream().map(t -> t.lambda() == h.lambda() ? "yes" : "")));
    }

    /** Every test photo with the head's prediction. */
    public static Table headTest(ClassificationHead.Result h) {
        List<ClassificationHead.Prediction> t = h.testPredictions();
        var set = h.set();
        return Table.create("test photos: " + h.testCorrect() + "/" + t.size() + " correct",
                StringColumn.create("photo", t.stream().map(p -> set.files().get(p.index()))),
                StringColumn.create("person", t.stream().map(p -> set.identityNames().get(p.label()))),
                StringColumn.create("predicted", t.stream().map(p -> set.identityNames().get(p.predicted()))),
                DoubleColumn.create("confidence", t.stream().mapToDouble(ClassificationHead.Prediction::confidence)),
                IntColumn.create("rank of own person", t.stream().mapToInt(ClassificationHead.Prediction::rank).toArray()),
                StringColumn.create("bin", t.stream().map(p -> ClassificationHead.bin(p.confidence()))));
    }

    /**
     * Confidence bins of the test photos and of every photo, beside seed 003's counts over its 100k images (mostly
     * distractors, people the head was not trained on, hence mostly Low there).
     */
    public static Table headConfidence(ClassificationHead.Result h) {
        long[] test = ClassificationHead.bins(h.testPredictions()), every = ClassificationHead.bins(h.all());
        long nt = h.testPredictions().size(), na = h.all().size();
        long np = Arrays.stream(Seed003.CONFIDENCE_COUNTS).sum();
        return Table.create("confidence (largest posterior probability) bins",
                StringColumn.create("bin", "High (>0.9)", "Medium (0.5-0.9)", "Low (<0.5)"),
                LongColumn.create("test photos (ours)", test),
                StringColumn.create("test %", pcts(test, nt)),
                LongColumn.create("all photos (ours)", every),
                StringColumn.create("all %", pcts(every, na)),
                LongColumn.create("count (" + Seed003.LABEL + ", 100k images)", Seed003.CONFIDENCE_COUNTS),
                StringColumn.create("published %", pcts(Seed003.CONFIDENCE_COUNTS, np)));
    }

    private static String[] pcts(long[] counts, long total) {
        String[] s = new String[counts.length];
        for (int i = 0; i < s.length; i++) s[i] = String.format(Locale.ROOT, "%.2f%%", 100.0 * counts[i] / total);
        return s;
    }

    /** The published summary table (seed 003's last table). */
    public static Table published() {
        return Table.create(Seed003.LABEL + ": summary",
                StringColumn.create("pipeline", "Embedding Similarity", "Embedding Similarity", "Embedding Similarity",
                        "Pair Verification", "Pair Verification", "Classification Head"),
                StringColumn.create("task", "Verification", "Verification", "Identification", "Classification",
                        "Classification", "Identity"),
                StringColumn.create("metric", "ROC-AUC", "Best Accuracy", "Rank-1", "Accuracy", "Precision",
                        "Top-1 Accuracy"),
                StringColumn.create("value", "0.9953", "99.58%", "99.29%", "98.8%", "100.0%", "99.06%"));
    }

    /** The published confusion matrix at similarity 0.4. */
    public static Table publishedPairConfusion() {
        Confusion c = Seed003.PAIR_CONFUSION;
        return Table.create(Seed003.LABEL + ": pair verification at threshold 0.4, 18,640 pairs",
                StringColumn.create("actual", "same", "different"),
                LongColumn.create("predicted same", c.tp(), c.fp()),
                LongColumn.create("predicted different", c.fn(), c.tn()));
    }

    /** The published classification head results. */
    public static Table publishedHead() {
        return Table.create(Seed003.LABEL + ": classification head (Linear 512-256, ReLU, Dropout 0.3, Linear 256-80)",
                StringColumn.create("metric", "train samples", "validation samples", "test samples",
                        "train accuracy", "validation accuracy", "test top-1", "test top-5"),
                DoubleColumn.create("value", Seed003.HEAD_TRAIN, Seed003.HEAD_VALIDATION, Seed003.HEAD_TEST,
                        Seed003.HEAD_TRAIN_ACCURACY, Seed003.HEAD_VALIDATION_ACCURACY, Seed003.HEAD_TEST_TOP1,
                        Seed003.HEAD_TEST_TOP5));
    }

    /**
     * Seed 003's summary table with our value in each row: ROC-AUC and best accuracy (cosine similarity over all
     * pairs), rank-1, accuracy and precision at the fixed pair threshold {@code pairThreshold}, and the head's test
     * top-1.
     */
    public static Table compare(SimilarityVerification v, RankOneIdentification rank1, double pairThreshold,
                                ClassificationHead.Result head) {
        Confusion c = v.confusionAt(pairThreshold);
        Table t = published();
        t.setName("summary: ours (dlib on deepface-unit) beside " + Seed003.LABEL);
        t.addColumns(StringColumn.create("ours", f4(v.roc().auc()), pct(v.bestAccuracy().accuracy()),
                pct(rank1.accuracy()), pct(c.accuracy()) + " (similarity >= " + pairThreshold + ")",
                pct(c.precision()) + " (similarity >= " + pairThreshold + ")", pct(head.test().top1())));
        t.column("value").setName("published value");
        return t;
    }
}
