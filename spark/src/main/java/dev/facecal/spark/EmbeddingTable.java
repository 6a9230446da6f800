package dev.facecal.spark;

import dev.facecal.FacecalException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * An embeddings Parquet as {@code facecal spark embed} writes it: one row per photo with at least {@code identity}
 * (string: the person) and {@code embedding} (array of float or double), and usually {@code path}, {@code sha256},
 * {@code model} and {@code model_sha256}. Reading checks the schema and that every row comes from one model, and
 * numbers the identities on the driver (sorted, so the numbering does not depend on the partitioning).
 *
 * @param source     the Parquet's path or URI
 * @param rows       the rows
 * @param identities the persons, sorted; a row's label is its identity's index here
 * @param models     the distinct {@code model} values ("" when the column is absent)
 * @param notOk      rows left out because their {@code status} is not {@code ok} (a photo without a face, an
 *                   unreadable file: spark embed keeps them as rows with a reason); 0 without a status column
 */
public record EmbeddingTable(String source, Dataset<Row> rows, List<String> identities, List<String> models,
                             long notOk) {
    /** The columns every embeddings Parquet has. */
    public static final String IDENTITY = "identity", EMBEDDING = "embedding", MODEL = "model";
    /** The column of spark embed's outcome per photo; only {@value #OK} rows have an embedding. */
    public static final String STATUS = "status", OK = "ok";

    /** Reads and checks {@code path}. */
    public static EmbeddingTable read(SparkSession spark, String path) {
        Dataset<Row> df;
        try {
            df = spark.read().parquet(path);
        } catch (Exception e) {
            throw new FacecalException("cannot read the embeddings Parquet " + path + ": " + firstLine(e)
                    + " (make it with ./facecal spark embed --dataset DIR --model NAME --out " + path + ")", e);
        }
        return of(path, df);
    }

    /** Checks a frame read from {@code source}; rows whose {@code status} is not ok, if any, are left out. */
    public static EmbeddingTable of(String source, Dataset<Row> df) {
        StructType schema = df.schema();
        long notOk = 0;
        if (List.of(schema.fieldNames()).contains(STATUS)) {
            org.apache.spark.sql.Column ok = org.apache.spark.sql.functions.col(STATUS).equalTo(OK);
            notOk = df.filter(org.apache.spark.sql.functions.not(ok).or(
                    org.apache.spark.sql.functions.col(STATUS).isNull())).count();
            df = df.filter(ok);
        }
        require(schema, source, IDENTITY, DataTypes.StringType);
        StructField e = field(schema, source, EMBEDDING);
        DataType t = e.dataType();
        if (!(t instanceof ArrayType a) || !(a.elementType().equals(DataTypes.FloatType)
                || a.elementType().equals(DataTypes.DoubleType))) {
            throw new FacecalException(source + ": column '" + EMBEDDING + "' is " + t.simpleString()
                    + ", not an array of float or double");
        }
        List<String> models = List.of("");
        if (List.of(schema.fieldNames()).contains(MODEL)) {
            models = df.select(MODEL).distinct().collectAsList().stream()
                    .map(r -> r.isNullAt(0) ? "<none>" : r.getString(0)).sorted().toList();
            if (models.size() > 1) {
                throw new FacecalException(source + " mixes embeddings of " + models.size() + " models ("
                        + String.join(", ", models) + "): distances between models mean nothing; count one model's"
                        + " embeddings at a time (filter on the 'model' column)");
            }
        }
        List<String> ids = df.select(IDENTITY).distinct().collectAsList().stream()
                .map(r -> r.isNullAt(0) ? null : r.getString(0)).sorted(
                        java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())).toList();
        if (!ids.isEmpty() && ids.get(0) == null) {
            throw new FacecalException(source + ": some rows have no identity (null in column '" + IDENTITY + "')");
        }
        return new EmbeddingTable(source, df, ids, models, notOk);
    }

    /** The model the embeddings come from ("" when the Parquet does not say). */
    public String model() {
        return models.isEmpty() ? "" : models.get(0);
    }

    /** The optional column that orders a person's photos ({@link #ordered}). */
    public static final String PATH = "path";

    /**
     * The rows in their stable order: sorted by {@code identity}, then by {@code path} when the Parquet has one.
     * Row numbers in this order do not depend on how the Parquet is split into files or partitions, so a seeded
     * sample of pairs keyed on them ({@code --negatives N}) is the same on any cluster. Without a {@code path}
     * column (or with repeated paths) the order among one person's photos is the order Spark reads them.
     */
    public Dataset<Row> ordered() {
        boolean path = List.of(rows.schema().fieldNames()).contains(PATH);
        return path ? rows.orderBy(IDENTITY, PATH) : rows.orderBy(IDENTITY);
    }

    /**
     * The rows in blocks of {@code blockSize}, as {@code partitions} partitions, numbered in the stable order
     * ({@link #ordered}): block {@code b} holds rows {@code b * blockSize} onwards, each with its row number.
     *
     * @throws FacecalException naming the row when an embedding is missing or of another length
     */
    public JavaRDD<VectorBlock> blocks(JavaSparkContext sc, int blockSize, int partitions) {
        if (blockSize < 1) throw new FacecalException("--block must be >= 1, got " + blockSize);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < identities.size(); i++) index.put(identities.get(i), i);
        Broadcast<Map<String, Integer>> labels = sc.broadcast(index);
        String src = source;
        long size = (long) blockSize;
        // rows become (label, row number, float[]) before the shuffle: a float[] serialises in one piece, a Row of
        // boxed Floats value by value
        return ordered().select(IDENTITY, EMBEDDING).javaRDD().zipWithIndex()
                .mapToPair(t -> {
                    Row row = t._1;
                    float[] f = floats(row, src, t._2);
                    return new Tuple2<>((int) (t._2 / size), new Tuple2<>(new long[] {labels.value().get(
                            row.getString(0)), t._2}, f));
                })
                .groupByKey(partitions)
                .map(g -> {
                    List<Tuple2<long[], float[]>> rs = new ArrayList<>();
                    for (Tuple2<long[], float[]> r : g._2) {
                        if (!rs.isEmpty() && rs.get(0)._2.length != r._2.length) {
                            throw new FacecalException(src + ": block " + g._1 + " holds a " + r._2.length
                                    + "-value embedding beside " + rs.get(0)._2.length + "-value ones: every "
                                    + "embedding must have one length (one model)");
                        }
                        rs.add(r);
                    }
                    rs.sort(java.util.Comparator.comparingLong(r -> r._1[1]));
                    float[][] v = new float[rs.size()][];
                    int[] l = new int[rs.size()];
                    long[] n = new long[rs.size()];
                    for (int k = 0; k < v.length; k++) {
                        v[k] = rs.get(k)._2;
                        l[k] = (int) rs.get(k)._1[0];
                        n[k] = rs.get(k)._1[1];
                    }
                    return new VectorBlock(g._1, v, l, n);
                });
    }

    private static StructField field(StructType schema, String source, String name) {
        for (StructField f : schema.fields()) {
            if (f.name().equals(name)) return f;
        }
        throw new FacecalException(source + " has no column '" + name + "' (it has " + String.join(", ",
                schema.fieldNames()) + "): an embeddings Parquet needs '" + IDENTITY + "' and '" + EMBEDDING + "'");
    }

    private static void require(StructType schema, String source, String name, DataType type) {
        StructField f = field(schema, source, name);
        if (!f.dataType().equals(type)) {
            throw new FacecalException(source + ": column '" + name + "' is " + f.dataType().simpleString() + ", not "
                    + type.simpleString());
        }
    }

    static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /**
     * The embedding of {@code row} (identity in column 0, embedding in column 1, float or double elements) as floats;
     * a row without one is an error naming the Parquet {@code source}, the row number and the identity.
     */
    static float[] floats(Row row, String source, long rowNumber) {
        if (row.isNullAt(1)) {
            throw new FacecalException(source + ": row " + rowNumber + " (" + row.getString(0) + ") has no embedding");
        }
        List<Object> xs = row.getList(1);
        float[] f = new float[xs.size()];
        for (int k = 0; k < f.length; k++) f[k] = ((Number) xs.get(k)).floatValue();
        return f;
    }
}
