package dev.facecal.spark;

import dev.facecal.Sha256;
import dev.facecal.embed.PhotoFailure;
import dev.facecal.pipeline.EmbeddedPhoto;
import dev.facecal.pipeline.PhotoEmbedder;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;

/**
 * One task of {@code spark embed}: reads its photos' bytes through the Hadoop file system, skips those a finished
 * part already holds (same path and SHA-256), embeds the rest with this executor's {@link Embedders embedder} in
 * batches, and writes them to one part file ({@link EmbeddingParts.Writer}), renamed into place at the end. A photo
 * that cannot be read or embedded is a row with its status and reason.
 */
final class EmbedTask implements Function2<Integer, Iterator<DatasetPhoto>, Iterator<EmbedTask.Summary>> {
    private static final long serialVersionUID = 1L;

    /**
     * Fault injection for the kill-and-resume test: when at least 0, the task fails (as a killed executor would)
     * before writing a row once this JVM has written that many more rows. Local mode only (the tasks run in the test's JVM).
     */
    static final AtomicInteger FAIL_AFTER_ROWS = new AtomicInteger(-1);

    /**
     * What one task did.
     *
     * @param task     the partition
     * @param part     the part file written, or {@code null} when every photo was skipped
     * @param skipped  photos already in a finished part
 * @param changed  photos a finished part holds with other content (the file changed since): embedded again, the
 *                 old row stays
     * @param statuses rows written per status label
     * @param failures "path: status: reason" of each photo without an embedding
     */
    record Summary(int task, String part, long skipped, long changed, Map<String, Long> statuses,
                   List<String> failures)
            implements Serializable {
        Summary {
            statuses = new TreeMap<>(statuses);
            failures = List.copyOf(failures);
        }
    }

    private final EmbedSettings settings;
    private final String out;
    private final String run;
    private final Broadcast<Map<String, String>> done;
    private final Broadcast<SerializableConfiguration> conf;

    EmbedTask(EmbedSettings settings, String out, String run, Broadcast<Map<String, String>> done,
              Broadcast<SerializableConfiguration> conf) {
        this.settings = settings;
        this.out = out;
        this.run = run;
        this.done = done;
        this.conf = conf;
    }

    @Override
    public Iterator<Summary> call(Integer task, Iterator<DatasetPhoto> photos) throws IOException {
        Configuration c = conf.value().value();
        Map<String, String> finished = done.value();
        Map<String, Long> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        long skipped = 0, changed = 0;
        List<DatasetPhoto> batch = new ArrayList<>();
        List<PhotoEmbedder.PhotoBytes> bytes = new ArrayList<>();
        String part = null;
        try (EmbeddingParts.Writer writer = new EmbeddingParts.Writer(c, out, run, task,
                org.apache.spark.TaskContext.get() == null ? 0 : org.apache.spark.TaskContext.get().attemptNumber())) {
            while (photos.hasNext()) {
                DatasetPhoto p = photos.next();
                byte[] b;
                try {
                    b = read(p.path(), c);
                } catch (IOException | RuntimeException | OutOfMemoryError e) {
                    write(writer, p, EmbeddedPhoto.unread(p.path(), PhotoFailure.environmental(e)), statuses,
                            failures);
                    continue;
                }
                String before = finished.get(p.path());
                if (before != null) {
                    if (Sha256.of(b).equals(before)) {
                        skipped++;
                        continue;
                    }
                    changed++;
                }
                batch.add(p);
                bytes.add(new PhotoEmbedder.PhotoBytes(p.path(), b));
                if (batch.size() == settings.batch()) flush(writer, batch, bytes, statuses, failures);
            }
            flush(writer, batch, bytes, statuses, failures);
            if (writer.rows() > 0) part = writer.commit();
        }
        return List.of(new Summary(task, part, skipped, changed, statuses, failures)).iterator();
    }

    private void flush(EmbeddingParts.Writer writer, List<DatasetPhoto> batch, List<PhotoEmbedder.PhotoBytes> bytes,
                       Map<String, Long> statuses, List<String> failures) throws IOException {
        if (batch.isEmpty()) return;
        PhotoEmbedder embedder = Embedders.of(settings);
        List<EmbeddedPhoto> results = embedder.embedAll(bytes);
        for (int i = 0; i < results.size(); i++) write(writer, batch.get(i), results.get(i), statuses, failures);
        batch.clear();
        bytes.clear();
    }

    private void write(EmbeddingParts.Writer writer, DatasetPhoto p, EmbeddedPhoto e, Map<String, Long> statuses,
                       List<String> failures) throws IOException {
        int left = FAIL_AFTER_ROWS.get();
        if (left == 0) {
            throw new IllegalStateException("fault injected by the test: the task stops as if its executor died");
        }
        PhotoEmbedder embedder = Embedders.of(settings);
        writer.write(p, e, embedder.model(), embedder.modelSha256());
        if (left > 0) FAIL_AFTER_ROWS.decrementAndGet();
        statuses.merge(e.status().label(), 1L, Long::sum);
        if (!e.ok()) failures.add(p.path() + ": " + e.status().label() + ": " + e.reason());
    }

    private static byte[] read(String path, Configuration conf) throws IOException {
        Path p = new Path(path);
        try (InputStream in = p.getFileSystem(conf).open(p)) {
            return in.readAllBytes();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
