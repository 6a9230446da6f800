package dev.facecal.pairs;

import dev.facecal.dataset.CsvOut;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes pairs as DeepFace's {@code master.csv} rows: header {@code file_x,file_y,decision}, decision {@code Yes}
 * or {@code No}, pandas' CSV quoting, {@code \n} line ends, UTF-8. facecal's pair-table reader and the DeepFace
 * notebooks read it as it is.
 */
public final class PairCsv {
    /** The header. */
    public static final String HEADER = "file_x,file_y,decision";

    private PairCsv() {}

    /** The CSV text. */
    public static String render(List<Pair> pairs) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Pair p : pairs) CsvOut.row(sb, p.fileX(), p.fileY(), p.decision());
        return sb.toString();
    }

    /** Writes the CSV to {@code out} atomically (parent folders created). */
    public static void write(List<Pair> pairs, Path out) {
        CsvOut.writeAtomically(out, render(pairs));
    }
}
