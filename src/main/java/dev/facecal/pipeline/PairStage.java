package dev.facecal.pipeline;

import dev.facecal.dataset.Dataset;
import dev.facecal.pairs.IdentitySplit;
import dev.facecal.pairs.Pair;
import dev.facecal.pairs.PairGenerator;
import dev.facecal.pairs.PairList;
import dev.facecal.pairs.SplitPart;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;

/** The pairs stage: a dataset's labelled pairs, all of them or balanced, whole or in identity-disjoint parts. */
public final class PairStage {
    private PairStage() {
    }

    /** The pairs of one dataset (no split). */
    public static List<Pair> pairs(Dataset d, PairOptions options) {
        return options.balanced() ? PairGenerator.balanced(d, options.seed()) : PairGenerator.all(d);
    }

    /** The identity-disjoint split of {@link PairOptions#withSplit} ({@link IdentitySplit#of} checks the shares). */
    public static IdentitySplit split(Dataset d, PairOptions options) {
        return IdentitySplit.of(d, options.trainShare(), options.validationShare(), options.seed());
    }

    /** The pairs of each part of the split, in {@link SplitPart} order. */
    public static SequencedMap<SplitPart, List<Pair>> parts(IdentitySplit split, PairOptions options) {
        SequencedMap<SplitPart, List<Pair>> out = new LinkedHashMap<>();
        for (SplitPart p : SplitPart.values()) out.put(p, pairs(split.part(p), options));
        return out;
    }

    /** The pairs of a pair-list file ({@link PairList#read}, RFC 4180). */
    public static List<Pair> read(Path csv) {
        return PairList.read(csv);
    }

    /** Writes a pair list ({@link PairList#write}). */
    public static void write(List<Pair> pairs, Path csv) {
        PairList.write(pairs, csv);
    }
}
