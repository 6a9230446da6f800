package dev.facecal.dataset;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.SplittableRandom;

/**
 * Seeded synthetic labelled distances with the shape of real cosine distances of a face model: same-person
 * pairs ~ N(0.30, 0.08), different-person pairs ~ N(0.70, 0.12), clipped at 0 and rounded to 6 decimals as
 * deepface-rs writes its CSVs (so large tables have many ties, as real ones do). Used by {@code facecal bench};
 * not a model of any particular network.
 *
 * <p>Exactly {@code round(n * positiveFraction)} rows are positive, at positions drawn by selection sampling
 * (Knuth, TAOCP vol. 2, algorithm S), so the class counts are fixed while the classes stay interleaved in row
 * order. Everything comes from one {@link SplittableRandom} seeded with {@code seed}: the same arguments give the
 * same arrays on every machine and thread count.
 *
 * @param distances the distances, each {@code >= 0} with at most 6 decimals
 * @param positive  same-person labels, one per distance
 */
public record SyntheticPairs(double[] distances, boolean[] positive) {
    /** Share of same-person pairs when none is given. */
    public static final double DEFAULT_POSITIVE_FRACTION = 0.10;
    public static final double POSITIVE_MEAN = 0.30;
    public static final double POSITIVE_SD = 0.08;
    public static final double NEGATIVE_MEAN = 0.70;
    public static final double NEGATIVE_SD = 0.12;
    private static final long SCALE = 1_000_000L;

    public SyntheticPairs {
        if (distances.length != positive.length) {
            throw new IllegalArgumentException("distances (" + distances.length + ") and labels ("
                    + positive.length + ") differ in length");
        }
    }

    /** {@code n} pairs, 10 % of them positive. */
    public static SyntheticPairs of(int n, long seed) {
        return of(n, DEFAULT_POSITIVE_FRACTION, seed);
    }

    /**
     * {@code n} pairs of which {@code round(n * positiveFraction)} are same-person pairs.
     *
     * @throws IllegalArgumentException when {@code n < 1} or the fraction is not in [0, 1]
     */
    public static SyntheticPairs of(int n, double positiveFraction, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, got " + n);
        }
        if (!(positiveFraction >= 0 && positiveFraction <= 1)) {
            throw new IllegalArgumentException("positive fraction must lie in [0, 1], got " + positiveFraction);
        }
        long wanted = Math.round(n * positiveFraction);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] d = new double[n];
        boolean[] y = new boolean[n];
        long chosen = 0;
        for (int i = 0; i < n; i++) {
            boolean pos = (n - i) * rng.nextDouble() < wanted - chosen;
            if (pos) chosen++;
            double v = pos ? POSITIVE_MEAN + POSITIVE_SD * rng.nextGaussian()
                    : NEGATIVE_MEAN + NEGATIVE_SD * rng.nextGaussian();
            y[i] = pos;
            // Math.round(v * 1e6) / 1e6 is the double nearest the 6-decimal value, which is what both
            // Double.parseDouble and pandas read back from the CSV.
            d[i] = v <= 0 ? 0.0 : Math.round(v * SCALE) / (double) SCALE;
        }
        return new SyntheticPairs(d, y);
    }

    public int size() {
        return distances.length;
    }

    /** Number of same-person pairs. */
    public int positives() {
        int p = 0;
        for (boolean b : positive) {
            if (b) p++;
        }
        return p;
    }

    /**
     * Writes the pairs as deepface-rs-style CSV, {@code decision,cosine} with decision 1/0 and the distance with
     * exactly 6 decimals, atomically (a temp file in the same folder, then a move).
     */
    public void writeCsv(Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                writeCsv(out);
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void writeCsv(OutputStream out) throws IOException {
        out.write("decision,cosine\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] line = new byte[40];
        for (int i = 0; i < distances.length; i++) {
            int k = 0;
            line[k++] = (byte) (positive[i] ? '1' : '0');
            line[k++] = ',';
            long micros = Math.round(distances[i] * SCALE);
            k = writeLong(line, k, micros / SCALE);
            line[k++] = '.';
            long frac = micros % SCALE;
            for (long p = SCALE / 10; p >= 1; p /= 10) {
                line[k++] = (byte) ('0' + (frac / p) % 10);
            }
            line[k++] = '\n';
            out.write(line, 0, k);
        }
    }

    private static int writeLong(byte[] buf, int k, long v) {
        String s = Long.toString(v);
        for (int i = 0; i < s.length(); i++) buf[k++] = (byte) s.charAt(i);
        return k;
    }
}
