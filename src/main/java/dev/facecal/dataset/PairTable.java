package dev.facecal.dataset;

import dev.facecal.Provenance;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Labelled pairs with one or more distance columns: the input of calibration. Only what calibration needs is
 * kept (labels and distances, as primitive arrays), so tens of millions of rows fit in memory.
 *
 * @param source      where the table was read from (for messages and provenance)
 * @param labelColumn the header of the label column as written in the file
 * @param positive    {@code true} for same-person pairs, one per row
 * @param distances   score columns by header, in file order, each one value per row
 * @param provenance  where the table came from: the file and its SHA-256, the number parser, the score direction;
 *                    for a table made from photos, the embeddings and distances too
 */
public record PairTable(Path source, String labelColumn, boolean[] positive, Map<String, double[]> distances,
                        Provenance provenance) {
    /** A table with nothing recorded about its origin but its source. */
    public PairTable(Path source, String labelColumn, boolean[] positive, Map<String, double[]> distances) {
        this(source, labelColumn, positive, distances, null);
    }

    public PairTable {
        if (positive.length == 0) {
            throw new IllegalArgumentException(source + ": no pairs");
        }
        if (distances.isEmpty()) {
            throw new IllegalArgumentException(source + ": no distance column");
        }
        for (Map.Entry<String, double[]> e : distances.entrySet()) {
            if (e.getValue().length != positive.length) {
                throw new IllegalArgumentException(source + ": column " + e.getKey() + " has "
                        + e.getValue().length + " values for " + positive.length + " pairs");
            }
        }
        distances = Collections.unmodifiableMap(new LinkedHashMap<>(distances));
        if (provenance == null) {
            provenance = Provenance.empty().with("input", "file", String.valueOf(source));
        }
    }

    public int size() {
        return positive.length;
    }

    public int positives() {
        int p = 0;
        for (boolean b : positive) {
            if (b) p++;
        }
        return p;
    }

    public int negatives() {
        return size() - positives();
    }

    public List<String> columns() {
        return List.copyOf(distances.keySet());
    }

    /** The distances of one class in a column, in row order: same-person pairs when {@code samePerson}. */
    public double[] distances(String column, boolean samePerson) {
        double[] d = column(column);
        int n = 0;
        for (boolean b : positive) {
            if (b == samePerson) n++;
        }
        double[] out = new double[n];
        int k = 0;
        for (int i = 0; i < d.length; i++) {
            if (positive[i] == samePerson) out[k++] = d[i];
        }
        return out;
    }

    public double[] column(String name) {
        double[] d = distances.get(name);
        if (d == null) {
            throw new IllegalArgumentException(source + ": no distance column '" + name + "' (have "
                    + String.join(", ", distances.keySet()) + ")");
        }
        return d;
    }
}
