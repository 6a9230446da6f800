package dev.facecal.spark;

import dev.facecal.FacecalException;
import dev.facecal.config.Configuration;
import dev.facecal.models.InstalledModel;
import dev.facecal.models.ModelStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code facecal spark embed}: a folder-per-identity photo set → an embeddings Parquet folder, the photos spread over
 * Spark tasks, one model session per executor ({@link Embedders}), each task's rows in a part file of its own that
 * appears whole or not at all ({@link EmbeddingParts}), so an interrupted run resumes: photos already in finished
 * parts (same path and content) are skipped.
 */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Embed a folder-per-identity photo set (DIR/<person>/<photo>, any Hadoop path) on Spark and "
                + "write an embeddings Parquet folder (identity, path, sha256, model, model_sha256, status, reason, "
                + "embedding) that ./facecal spark pairs reads. Resumable: run it again with the same --out and "
                + "photos already embedded are skipped."})
final class EmbedCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", required = true, paramLabel = "DIR",
            description = "folder with one subfolder of photos per person; any Hadoop path (file:, hdfs:, s3a:, ...)")
    String dataset;

    @Option(names = "--model", defaultValue = "dlib", description = "installed model (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--out", required = true, paramLabel = "EMB.parquet",
            description = "the output folder of Parquet parts; an existing one is resumed")
    String out;

    @Option(names = "--detector", defaultValue = "opencv",
            description = "opencv (Haar cascade + eye alignment, DeepFace's default), opencv-fast, or none (the "
                    + "photo is the face) (default: ${DEFAULT-VALUE})")
    String detector;

    @Option(names = "--policy", defaultValue = "dominant",
            description = "several faces in a photo: dominant (default), largest or fail")
    String policy;

    @Option(names = "--no-align", description = "do not level the eyes before cropping")
    boolean noAlign;

    @Option(names = "--batch", defaultValue = "16", description = "images per ONNX Runtime call (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--threads", defaultValue = "0",
            description = "ONNX Runtime threads per executor (0 = all cores; 1 when several tasks share a machine)")
    int threads;

    @Option(names = "--models", paramLabel = "DIR",
            description = "the models folder (default: $FACECAL_MODELS, else ~/.cache/facecal/models); the same "
                    + "path must hold the model on every executor")
    Path models;

    @Option(names = "--partitions", paramLabel = "N",
            description = "tasks (default: one per 16 photos, at least Spark's default parallelism); a killed run "
                    + "loses at most the unfinished tasks' photos")
    Integer partitions;

    @Mixin
    MasterOption master;

    @Override
    public Integer call() {
        Path modelsDir = Configuration.fromEnvironment().modelsDir(models);
        ModelStore store = new ModelStore(modelsDir);
        ModelStore.Status status = store.check(model);
        if (status.state() != ModelStore.State.INSTALLED) {
            throw new FacecalException("model " + model + " is not usable in " + modelsDir + " ("
                    + (status.reason() == null ? "not installed" : status.reason()) + "): install it with "
                    + "./facecal model install " + model + " (or give --models DIR)");
        }
        InstalledModel installed = store.installed(model).orElseThrow();
        EmbedSettings settings = new EmbedSettings(modelsDir.toAbsolutePath().toString(), model, detector, policy,
                !noAlign, batch, threads);
        if (partitions != null && partitions < 1) {
            throw new FacecalException("--partitions must be at least 1, got " + partitions);
        }
        String url = master.url();
        var err = spec.commandLine().getErr();
        long started = System.nanoTime();
        SparkSession spark = Sessions.open(url, "facecal spark embed");
        try {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            IdentityFolders folders = IdentityFolders.list(dataset, sc.hadoopConfiguration());
            Map<String, String> done = EmbeddingParts.prepare(spark, out, model, installed.onnxSha256());
            List<DatasetPhoto> photos = folders.photos();
            int parts = partitions != null ? partitions
                    : Math.min(photos.size(), Math.max(sc.defaultParallelism(), (photos.size() + 15) / 16));
            err.println(folders.root() + ": " + photos.size() + " photos of " + folders.identities() + " persons"
                    + (folders.loose() > 0 ? " (" + folders.loose() + " file(s) directly in the folder belong to "
                    + "no person and are left out)" : "") + "; " + done.size() + " already in " + out
                    + "; embedding with " + model + " in " + parts + " task(s) on " + url);
            Broadcast<Map<String, String>> finished = sc.broadcast(done);
            Broadcast<SerializableConfiguration> conf = sc.broadcast(
                    new SerializableConfiguration(sc.hadoopConfiguration()));
            String run = Long.toString(System.currentTimeMillis(), 36)
                    + Integer.toString(java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 20), 36);
            long opened = System.nanoTime();
            List<EmbedTask.Summary> summaries = sc.parallelize(photos, parts)
                    .mapPartitionsWithIndex(new EmbedTask(settings, out, run, finished, conf), false).collect();
            double s = (System.nanoTime() - opened) / 1e9;
            report(err, summaries, s, (opened - started) / 1e9);
            return 0;
        } finally {
            spark.stop();
        }
    }

    private void report(java.io.PrintWriter err, List<EmbedTask.Summary> summaries, double seconds, double start) {
        long skipped = 0, written = 0, files = 0, changed = 0;
        Map<String, Long> statuses = new TreeMap<>();
        for (EmbedTask.Summary t : summaries) {
            skipped += t.skipped();
            changed += t.changed();
            if (t.part() != null) files++;
            for (var e : t.statuses().entrySet()) {
                statuses.merge(e.getKey(), e.getValue(), Long::sum);
                written += e.getValue();
            }
        }
        err.printf(Locale.ROOT, "embedded %d photo(s) in %.1f s (%.2f photos/s; session start %.1f s): %s; skipped %d "
                        + "already in %s (from an earlier run); wrote %d part file(s)%n", written, seconds,
                written / seconds, start, statuses.isEmpty() ? "none" : statuses.toString().replaceAll("[{}]", ""),
                skipped, out, files);
        if (changed > 0) {
            err.println("warning: " + changed + " photo(s) changed since an earlier run wrote them to " + out
                    + ": embedded again, but their old rows stay in the earlier parts; remove " + out
                    + " and run again for one row per photo");
        }
        List<String> failures = summaries.stream().flatMap(t -> t.failures().stream()).sorted().toList();
        if (!failures.isEmpty()) {
            err.println(failures.size() + " photo(s) have no embedding (rows kept with their status and reason; "
                    + "spark pairs skips them):");
            for (String f : failures) err.println("  " + f);
            if (statuses.getOrDefault("error", 0L) > 0) {
                err.println("  photos with status error failed for a reason of the machine, not the photo: run the "
                        + "same command again to retry them");
            }
        }
        err.flush();
    }
}
