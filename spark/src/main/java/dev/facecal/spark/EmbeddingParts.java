package dev.facecal.spark;

import dev.facecal.FacecalException;
import dev.facecal.pipeline.EmbeddedPhoto;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The output folder of {@code spark embed}: Parquet part files, one per finished task, each written under a hidden
 * temporary name ({@code _tmp-...}, which Spark's reader skips) and renamed to {@code part-<run>-<task>.parquet} when
 * the task has written its last row, so a killed run leaves only whole parts behind. The folder reads as one table
 * with columns identity, path, sha256, model, model_sha256, status, reason and embedding (array of float, null
 * unless status is ok). A rerun skips every photo whose (path, SHA-256) a finished part holds with a status other
 * than {@code error} (an error of the environment is retried; its stale row stays and readers skip it, as they skip
 * every row whose status is not ok).
 */
final class EmbeddingParts {
    static final String PART_PREFIX = "part-", TMP_PREFIX = "_tmp-", SUFFIX = ".parquet";

    static final MessageType SCHEMA = MessageTypeParser.parseMessageType("""
            message embedding {
              required binary identity (STRING);
              required binary path (STRING);
              optional binary sha256 (STRING);
              required binary model (STRING);
              required binary model_sha256 (STRING);
              required binary status (STRING);
              optional binary reason (STRING);
              optional group embedding (LIST) {
                repeated group list {
                  required float element;
                }
              }
            }
            """);

    private EmbeddingParts() {}

    /** A task's part: rows go to a temporary file that {@link #commit} renames into place. */
    static final class Writer implements AutoCloseable {
        private final FileSystem fs;
        private final Path tmp;
        private final Path part;
        private final SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
        private ParquetWriter<Group> writer;
        private long rows;

        /** A writer for attempt {@code attempt} of task {@code task} (a retried or speculative attempt has its own). */
        Writer(Configuration conf, String out, String run, int task, int attempt) throws IOException {
            Path dir = new Path(out);
            this.fs = dir.getFileSystem(conf);
            this.tmp = new Path(dir, TMP_PREFIX + run + "-" + task + "-" + attempt + SUFFIX);
            this.part = new Path(dir, String.format(java.util.Locale.ROOT, "%s%s-%05d%s", PART_PREFIX, run, task,
                    SUFFIX));
            this.writer = ExampleParquetWriter.builder(HadoopOutputFile.fromPath(tmp, conf)).withType(SCHEMA)
                    .withConf(conf).withCompressionCodec(CompressionCodecName.UNCOMPRESSED).build();
        }

        void write(DatasetPhoto photo, EmbeddedPhoto e, String model, String modelSha256) throws IOException {
            Group g = groups.newGroup().append("identity", photo.identity()).append("path", photo.path());
            if (e.sha256() != null) g.append("sha256", e.sha256());
            g.append("model", model).append("model_sha256", modelSha256).append("status", e.status().label());
            if (e.reason() != null) g.append("reason", e.reason());
            if (e.embedding() != null) {
                Group list = g.addGroup("embedding");
                for (float v : e.embedding()) list.addGroup("list").append("element", v);
            }
            writer.write(g);
            rows++;
        }

        long rows() {
            return rows;
        }

        /**
         * Closes the file and renames it into place; returns the part's name. When another attempt of the task
         * (speculative execution) got there first, its part stands (the same photos, the same rows) and this one is
         * deleted.
         */
        String commit() throws IOException {
            writer.close();
            writer = null;
            if (fs.exists(part)) {
                fs.delete(tmp, false);
            } else if (!fs.rename(tmp, part)) {
                throw new IOException("cannot rename " + tmp + " to " + part);
            }
            return part.getName();
        }

        /** Closes and deletes an unfinished part (a task that failed); a committed one is left alone. */
        @Override
        public void close() throws IOException {
            if (writer == null) return;
            try {
                writer.close();
            } finally {
                writer = null;
                fs.delete(tmp, false);
            }
        }
    }

    /**
     * Prepares {@code out} for a run: creates it, deletes temporary files of killed runs, and returns the finished
     * photos, path → SHA-256 (rows whose status is {@code error} excluded, so they are retried).
     *
     * @throws FacecalException when {@code out} is a file, or holds another model's embeddings
     */
    static Map<String, String> prepare(SparkSession spark, String out, String model, String modelSha256) {
        Path dir = new Path(out);
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        List<String> parts = new java.util.ArrayList<>();
        try {
            FileSystem fs = dir.getFileSystem(conf);
            if (fs.exists(dir) && !fs.getFileStatus(dir).isDirectory()) {
                throw new FacecalException("--out " + out + " is a file: spark embed writes a folder of Parquet "
                        + "parts; choose another path or remove the file");
            }
            fs.mkdirs(dir);
            for (FileStatus s : fs.listStatus(dir)) {
                String n = s.getPath().getName();
                if (n.startsWith(TMP_PREFIX)) fs.delete(s.getPath(), false);
                else if (n.startsWith(PART_PREFIX) && n.endsWith(SUFFIX)) parts.add(s.getPath().toString());
            }
        } catch (IOException e) {
            throw new FacecalException("--out " + out + ": cannot prepare it (" + e.getMessage() + ")", e);
        }
        Map<String, String> done = new HashMap<>();
        if (parts.isEmpty()) return done;
        List<Row> rows = spark.read().parquet(parts.toArray(new String[0]))
                .select("path", "sha256", "model", "model_sha256", "status").collectAsList();
        for (Row r : rows) {
            if (!model.equals(r.getString(2)) || !modelSha256.equals(r.getString(3))) {
                throw new FacecalException("--out " + out + " holds embeddings of model " + r.getString(2) + " ("
                        + r.getString(3) + "), not " + model + " (" + modelSha256 + "): one folder holds one model's "
                        + "embeddings; choose another --out");
            }
            if (!r.isNullAt(1) && !"error".equals(r.getString(4))) done.put(r.getString(0), r.getString(1));
        }
        return done;
    }
}
