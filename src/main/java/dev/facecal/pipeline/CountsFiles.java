package dev.facecal.pipeline;

import dev.facecal.FacecalException;
import dev.facecal.Provenance;
import dev.facecal.calibrate.DistanceCounts;
import dev.facecal.calibrate.Numbers;
import dev.facecal.dataset.CsvOut;
import dev.facecal.distance.DistanceMetric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.stream.Stream;

/**
 * A counts folder: the all-pairs counts per distinct distance of one set of embeddings, one CSV per metric
 * ({@code <metric>.csv}, header {@code distance,same,different}, ascending distances written with Python's
 * {@code repr} so they read back to the same doubles) and {@code provenance.json} (how they were made). Written by
 * {@code facecal spark pairs}, read by {@code facecal spark calibrate}; every file is written atomically.
 */
public final class CountsFiles {
    /** The provenance file inside a counts folder. */
    public static final String PROVENANCE = "provenance.json";
    /** The provenance section that says how the different-person pairs were chosen ({@code mode=all|sample}). */
    public static final String NEGATIVES = "negatives";
    private static final String HEADER = "distance,same,different";

    private CountsFiles() {}

    /** Writes the counts of each metric and the provenance into {@code dir} (created if missing). */
    public static void write(Path dir, Map<DistanceMetric, DistanceCounts> counts, Provenance provenance) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new FacecalException("cannot create the counts folder " + dir + ": " + e.getMessage(), e);
        }
        for (var e : counts.entrySet()) {
            DistanceCounts c = e.getValue();
            StringBuilder out = new StringBuilder(HEADER).append('\n');
            for (int i = 0; i < c.size(); i++) {
                CsvOut.row(out, Numbers.repr(c.values()[i]), Long.toString(c.same()[i]),
                        Long.toString(c.different()[i]));
            }
            CsvOut.writeAtomically(dir.resolve(e.getKey().deepfaceName() + ".csv"), out);
        }
        CsvOut.writeAtomically(dir.resolve(PROVENANCE), provenance.toJson());
    }

    /** The metrics' counts found in {@code dir}, in {@link DistanceMetric} order, each under its DeepFace name. */
    public static SequencedMap<String, DistanceCounts> read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new FacecalException(dir + " is not a counts folder (it does not exist or is a file): make one with"
                    + " ./facecal spark pairs --embeddings EMB.parquet --out " + dir);
        }
        SequencedMap<String, DistanceCounts> out = new LinkedHashMap<>();
        for (DistanceMetric m : DistanceMetric.values()) {
            Path f = dir.resolve(m.deepfaceName() + ".csv");
            if (Files.isRegularFile(f)) out.put(m.deepfaceName(), readOne(f));
        }
        if (out.isEmpty()) {
            throw new FacecalException(dir + " holds no counts (no cosine.csv, euclidean.csv, euclidean_l2.csv or"
                    + " angular.csv): make them with ./facecal spark pairs --out " + dir);
        }
        return out;
    }

    /** The provenance written beside the counts, or an empty one when there is none. */
    public static Provenance provenance(Path dir) {
        Path f = dir.resolve(PROVENANCE);
        if (!Files.isRegularFile(f)) return Provenance.empty();
        try {
            return Provenance.fromJson(Files.readString(f), f.toString());
        } catch (IOException e) {
            throw new FacecalException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    /**
     * The warning a calibration of {@code dir} must print when its different-person counts are a seeded sample
     * ({@code spark pairs --negatives N}: provenance section {@code negatives}, {@code mode=sample}), else empty.
     * A sample keeps every same-person pair and about N of M different-person pairs, so rates over different-person
     * pairs (FAR, TNR) are estimates, the class priors (and with them accuracy, F1 and the best-accuracy threshold)
     * are those of the sample, and the confidence fit learns the sampled class balance.
     */
    public static java.util.Optional<String> sampleWarning(Path dir) {
        var n = provenance(dir).section(NEGATIVES);
        if (!"sample".equals(n.get("mode"))) return java.util.Optional.empty();
        return java.util.Optional.of("warning: " + dir + ": the different-person counts are a seeded sample ("
                + n.get("sampled") + " of " + n.get("population") + " pairs, fraction " + n.get("fraction")
                + ", seed " + n.get("seed") + "; every same-person pair is counted): FAR and other rates over "
                + "different-person pairs are estimates, the class priors are the sample's (accuracy, F1 and the "
                + "best-accuracy threshold change with them), and the confidence fit uses the sampled class balance");
    }

    /** One metric's counts file. */
    public static DistanceCounts readOne(Path file) {
        List<String> lines;
        try (Stream<String> s = Files.lines(file)) {
            lines = s.toList();
        } catch (IOException e) {
            throw new FacecalException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new FacecalException(file + " is not a counts file: its first line must be '" + HEADER + "'");
        }
        double[] values = new double[lines.size() - 1];
        long[] same = new long[values.length];
        long[] different = new long[values.length];
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            try {
                if (f.length != 3) throw new NumberFormatException("expected 3 fields, found " + f.length);
                values[i - 1] = Double.parseDouble(f[0]);
                same[i - 1] = Long.parseLong(f[1]);
                different[i - 1] = Long.parseLong(f[2]);
            } catch (NumberFormatException e) {
                throw new FacecalException(file + " line " + (i + 1) + ": '" + lines.get(i)
                        + "' is not 'distance,same,different' (" + e.getMessage() + ")");
            }
        }
        try {
            return new DistanceCounts(values, same, different);
        } catch (IllegalArgumentException e) {
            throw new FacecalException(file + ": " + e.getMessage(), e);
        }
    }
}
