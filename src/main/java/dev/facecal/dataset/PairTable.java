package dev.facecal.dataset;

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
 * @param distances   distance columns by header, in file order, each one value per row
 */
public record PairTable(Path source, String labelColumn, boolean[] positive, Map<String, double[]> distances) {
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
