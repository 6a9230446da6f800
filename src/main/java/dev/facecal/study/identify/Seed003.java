package dev.facecal.study.identify;

import dev.facecal.calibrate.Confusion;
import java.util.Optional;

/**
 * Seed 003's published figures: the MagFace baseline (iresnet100, 512-D embeddings, {@code magface_epoch_00025.pth})
 * on 100,000 MegaFace images (3,530 FaceScrub probes of 80 people + 96,470 distractors), 2026-02-04. Shown beside
 * facecal's numbers, always labelled as published.
 */
public final class Seed003 {
    private Seed003() {}

    /** The label every published column carries. */
    public static final String LABEL = "published, seed 003, MagFace on MegaFace";

    public static final double ROC_AUC = 0.9953;
    public static final double BEST_ACCURACY = 0.9958;
    public static final double BEST_THRESHOLD = 0.3076;
    /** FAR targets of the published TAR table. */
    public static final double[] FAR_TARGETS = {1e-4, 1e-3, 1e-2, 1e-1};
    /** Published TAR at each of {@link #FAR_TARGETS}. */
    public static final double[] TAR = {0.9798, 0.9831, 0.9853, 0.9906};
    public static final double POSITIVE_MEAN = 0.6955;
    public static final double POSITIVE_STD = 0.1308;
    public static final double NEGATIVE_MEAN = 0.0216;
    public static final double NEGATIVE_STD = 0.0749;
    public static final long RANK1_CORRECT = 3_505;
    public static final long RANK1_TOTAL = 3_530;
    /** The threshold of the published pair verification (visualize_errors.py). */
    public static final double PAIR_THRESHOLD = 0.4;
    /** The published confusion matrix at 0.4 over 18,640 test pairs. */
    public static final Confusion PAIR_CONFUSION = new Confusion(11_820, 0, 224, 6_596);
    public static final int HEAD_TRAIN = 2_471;
    public static final int HEAD_VALIDATION = 529;
    public static final int HEAD_TEST = 530;
    public static final double HEAD_TRAIN_ACCURACY = 1.0;
    public static final double HEAD_VALIDATION_ACCURACY = 0.9981;
    public static final double HEAD_TEST_TOP1 = 0.9906;
    public static final double HEAD_TEST_TOP5 = 0.9906;
    /** Published confidence counts on all 100k images: High (&gt;0.9), Medium (0.5-0.9), Low (&lt;0.5). */
    public static final long[] CONFIDENCE_COUNTS = {2_876, 568, 96_556};

    /** The published TAR at {@code far}, when seed 003 reports that FAR. */
    public static Optional<Double> tarAt(double far) {
        for (int i = 0; i < FAR_TARGETS.length; i++) {
            if (FAR_TARGETS[i] == far) return Optional.of(TAR[i]);
        }
        return Optional.empty();
    }

}
