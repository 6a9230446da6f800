package dev.facecal.pipeline;

import dev.facecal.FacecalException;
import dev.facecal.dataset.Label;
import dev.facecal.pairs.Pair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads a pair list such as DeepFace's {@code master.csv} ({@code file_x,file_y,Decision}). */
public final class LabelledPairs {
    private LabelledPairs() {}

    public static List<Pair> read(Path csv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv);
        } catch (IOException e) {
            throw new FacecalException(csv + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (lines.isEmpty()) throw new FacecalException(csv + ": the file is empty");
        String[] header = lines.get(0).replace("\uFEFF", "").split(",");
        int x = -1, y = -1, label = -1;
        for (int i = 0; i < header.length; i++) {
            String h = header[i].trim().toLowerCase(Locale.ROOT);
            if (h.equals("file_x")) x = i;
            else if (h.equals("file_y")) y = i;
            else if (label < 0 && Label.COLUMNS.contains(h)) label = i;
        }
        if (x < 0 || y < 0 || label < 0) {
            throw new FacecalException(csv + ": expected columns file_x, file_y and a label (decision/actual); the "
                    + "header has: " + lines.get(0));
        }
        List<Pair> pairs = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) continue;
            String[] f = lines.get(n).split(",", -1);
            if (f.length != header.length) {
                throw new FacecalException(csv + " line " + (n + 1) + ": expected " + header.length + " fields, found "
                        + f.length);
            }
            Boolean same = Label.parse(f[label]);
            if (same == null) {
                throw new FacecalException(csv + " line " + (n + 1) + ": '" + f[label] + "' is not a label; use "
                        + Label.SPELLINGS);
            }
            pairs.add(new Pair(f[x].trim(), f[y].trim(), same));
        }
        return pairs;
    }
}
