package dev.facecal.study;

import dev.facecal.calibrate.Interval;
import dev.facecal.calibrate.Numbers;
import dev.facecal.pairs.Pair;
import java.util.List;

/**
 * The key-value lines the study notebooks show with {@code Show.note}, in one fixed format so that a reader (and a
 * test reading the executed notebook) finds them: {@code pairs: 1128 (72 same, 1056 different)},
 * {@code threshold (f1_max on validation): 0.506205}. Numbers are written as Python's {@code repr} writes them
 * ({@link Numbers#repr}), so a threshold reads back to the exact double the library computed.
 */
public final class Notes {
    private Notes() {
    }

    /** {@code pairs: N (P same, Q different)}. */
    public static String pairs(List<Pair> pairs) {
        long same = pairs.stream().filter(Pair::same).count();
        return pairs(same, pairs.size() - same);
    }

    /** {@code pairs: N (P same, Q different)}. */
    public static String pairs(long same, long different) {
        return "pairs: " + (same + different) + " (" + same + " same, " + different + " different)";
    }

    /** {@code pairs (label): N (P same, Q different)}. */
    public static String pairs(String label, List<Pair> pairs) {
        return pairs(pairs).replaceFirst("^pairs:", "pairs (" + label + "):");
    }

    /** {@code threshold (how): value}, e.g. {@code threshold (f1_max on validation): 0.506205}. */
    public static String threshold(String how, double value) {
        return "threshold (" + how + "): " + Numbers.repr(value);
    }

    /** {@code name: [low, high]}, each bound to 4 decimals. */
    public static String interval(String name, Interval i) {
        return name + ": [" + Numbers.fixed(i.low(), 4) + ", " + Numbers.fixed(i.high(), 4) + "]";
    }
}
