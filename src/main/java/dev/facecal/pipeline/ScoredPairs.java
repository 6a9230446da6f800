package dev.facecal.pipeline;

import dev.facecal.AtomicFiles;
import dev.facecal.Provenance;
import dev.facecal.dataset.CsvOut;
import dev.facecal.dataset.Dataset;
import dev.facecal.dataset.PairTable;
import dev.facecal.distance.DistanceMetric;
import dev.facecal.pairs.Pair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Labelled pairs with their four DeepFace distances, the table {@code facecal distances} writes: pairs whose
 * photos both have an embedding, each distance rounded to 6 decimals as DeepFace's {@code verify} reports it
 * ({@link DistanceMetric#deepfaceRound}). Pairs with a failed photo are kept apart in {@code skipped}.
 *
 * @param pairs     scored pairs, in the order given
 * @param photoX    resolved path of each pair's first photo
 * @param photoY    resolved path of each pair's second photo
 * @param distances per metric, one distance per scored pair
 * @param skipped    pairs left out because a photo failed
 * @param provenance how the distances were made: the embeddings' provenance and the distance options
 */
public record ScoredPairs(List<Pair> pairs, List<Path> photoX, List<Path> photoY,
                          Map<DistanceMetric, double[]> distances, List<Pair> skipped, Provenance provenance) {

    /** Copies the lists and checks every distance array has one value per pair. */
    public ScoredPairs {
        provenance = provenance == null ? Provenance.empty() : provenance;
        pairs = List.copyOf(pairs);
        photoX = List.copyOf(photoX);
        photoY = List.copyOf(photoY);
        skipped = List.copyOf(skipped);
        distances = new EnumMap<>(distances);
        if (photoX.size() != pairs.size() || photoY.size() != pairs.size()) {
            throw new IllegalArgumentException("one photo path per pair side is needed");
        }
        for (var e : distances.entrySet()) {
            if (e.getValue().length != pairs.size()) {
                throw new IllegalArgumentException(e.getKey() + ": " + e.getValue().length + " distances for "
                        + pairs.size() + " pairs");
            }
        }
    }

    /**
     * Scores {@code pairs} (file names of {@code dataset}) with the embeddings of a run, DeepFace's way
     * ({@link DistanceStage#score}).
     */
    public static ScoredPairs of(Dataset dataset, List<Pair> pairs, PhotoEmbeddings embeddings) {
        return DistanceStage.score(dataset, pairs, embeddings, DistanceOptions.deepface());
    }

    /**
     * Scores {@code pairs} whose photos are already resolved ({@code photoX.get(i)}, {@code photoY.get(i)} are
     * the files of {@code pairs.get(i)}) with the embeddings of a run.
     */
    static ScoredPairs of(List<Pair> pairs, List<Path> photoX, List<Path> photoY, PhotoEmbeddings embeddings,
                          DistanceOptions options) {
        if (photoX.size() != pairs.size() || photoY.size() != pairs.size()) {
            throw new IllegalArgumentException("one photo path per pair side is needed");
        }
        List<Pair> kept = new ArrayList<>(), skipped = new ArrayList<>();
        List<Path> xs = new ArrayList<>(), ys = new ArrayList<>();
        List<float[]> ex = new ArrayList<>(), ey = new ArrayList<>();
        for (int k = 0; k < pairs.size(); k++) {
            Pair p = pairs.get(k);
            Path x = photoX.get(k), y = photoY.get(k);
            float[] a = embeddings.embedding(x), b = embeddings.embedding(y);
            if (a == null || b == null) {
                skipped.add(p);
                continue;
            }
            kept.add(p);
            xs.add(x);
            ys.add(y);
            ex.add(a);
            ey.add(b);
        }
        Map<DistanceMetric, double[]> d = new EnumMap<>(DistanceMetric.class);
        for (DistanceMetric m : DistanceMetric.values()) {
            double[] v = new double[kept.size()];
            for (int i = 0; i < v.length; i++) {
                double raw = m.of(ex.get(i), ey.get(i));
                v[i] = options.deepfaceRounding() ? DistanceMetric.deepfaceRound(raw) : raw;
            }
            d.put(m, v);
        }
        Provenance p = embeddings.provenance()
                .with("distances", "metrics", "cosine,euclidean,euclidean_l2,angular")
                .with("distances", "rounding", options.deepfaceRounding() ? "6 decimals (DeepFace's find_distance)"
                        : "none")
                .with("distances", "pairs", pairs.size())
                .with("distances", "skipped", skipped.size());
        return new ScoredPairs(kept, xs, ys, d, skipped, p);
    }

    /** Number of scored pairs. */
    public int size() {
        return pairs.size();
    }

    /** The distances of one metric. */
    public double[] distances(DistanceMetric metric) {
        return distances.get(metric).clone();
    }

    /** The pair table {@code calibrate} works on: label column {@code decision}, one column per metric. */
    public PairTable pairTable(String source) {
        boolean[] positive = new boolean[pairs.size()];
        for (int i = 0; i < positive.length; i++) {
            positive[i] = pairs.get(i).same();
        }
        Map<String, double[]> cols = new LinkedHashMap<>();
        for (DistanceMetric m : DistanceMetric.values()) {
            cols.put(m.deepfaceName(), distances.get(m).clone());
        }
        return new PairTable(Path.of(source), "decision", positive, cols,
                provenance.with("input", "file", source).with("input", "direction", "distance"));
    }

    /**
     * deepface-rs's CSV: {@code file_x,file_y,decision,cosine,euclidean,euclidean_l2,angular}, decision 1/0; a file
     * name with a comma, quote or line break is quoted as RFC 4180 (and pandas) do ({@link CsvOut#field}).
     */
    public String csv() {
        StringBuilder csv = new StringBuilder("file_x,file_y,decision,cosine,euclidean,euclidean_l2,angular\n");
        for (int i = 0; i < pairs.size(); i++) {
            Pair p = pairs.get(i);
            csv.append(CsvOut.field(p.fileX())).append(',').append(CsvOut.field(p.fileY())).append(',')
                    .append(p.same() ? 1 : 0);
            for (DistanceMetric m : DistanceMetric.values()) {
                csv.append(',').append(distances.get(m)[i]);
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    /**
     * Writes {@link #csv()} atomically (a failure is a FacecalException naming the file), and beside it
     * {@code <file>.provenance.json}: how the distances were made, with the CSV's own SHA-256, which
     * {@link CalibrationStage#read} picks up when the CSV is calibrated. Returns {@code file}.
     */
    public Path writeCsv(Path file) {
        String text = csv();
        AtomicFiles.writeString(file, text);
        AtomicFiles.writeString(provenanceFile(file), provenance.with("output", "file", file.getFileName())
                .with("output", "sha256", dev.facecal.Sha256.of(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .toJson());
        return file;
    }

    /** Where {@link #writeCsv} records the provenance of {@code csv}: {@code <csv>.provenance.json}. */
    public static Path provenanceFile(Path csv) {
        return csv.resolveSibling(csv.getFileName() + ".provenance.json");
    }

    /**
     * The hardest pairs at {@code threshold} on {@code metric}: misclassified pairs first (same person above the
     * threshold, different people at or below it; verified means distance &lt;= threshold as in DeepFace), then
     * the correct pairs nearest the threshold; at most {@code k}, each group by distance to the threshold.
     *
     * @return indexes into {@link #pairs()}
     */
    public List<Integer> hardest(DistanceMetric metric, double threshold, int k) {
        double[] d = distances.get(metric);
        Comparator<Integer> byMargin = Comparator.comparingDouble(i -> Math.abs(d[i] - threshold));
        Comparator<Integer> wrongFirst = Comparator.comparing(i -> correct(i, d[i], threshold));
        return IntStream.range(0, d.length).boxed().sorted(wrongFirst.thenComparing(byMargin)).limit(k).toList();
    }

    /** Whether pair {@code i} is classified correctly at {@code threshold} on {@code metric}. */
    public boolean correct(int i, DistanceMetric metric, double threshold) {
        return correct(i, distances.get(metric)[i], threshold);
    }

    private boolean correct(int i, double distance, double threshold) {
        return pairs.get(i).same() == (distance <= threshold);
    }

    /** One-line description of pair {@code i}: files, label, distance on {@code metric}. */
    public String describe(int i, DistanceMetric metric) {
        Objects.checkIndex(i, pairs.size());
        Pair p = pairs.get(i);
        return p.fileX() + " vs " + p.fileY() + " (" + (p.same() ? "same person" : "different people") + ")\n"
                + metric.deepfaceName() + " = " + distances.get(metric)[i];
    }
}
