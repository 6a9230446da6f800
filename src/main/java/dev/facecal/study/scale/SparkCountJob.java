package dev.facecal.study.scale;

import dev.facecal.FacecalException;
import dev.facecal.Provenance;
import dev.facecal.calibrate.DistanceCounts;
import dev.facecal.calibrate.PrecisionRecallTable;
import dev.facecal.distance.DistanceMetric;
import dev.facecal.pipeline.CountsFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Seed 002's all-pairs count on Apache Spark, run from a notebook: the project's launcher writes seeded synthetic
 * embeddings as Parquet ({@code ./facecal spark synthetic}, the generator of {@link SyntheticEmbeddings}, so they
 * are the floats {@code SyntheticEmbeddings.of(images, identities, dlibLike(), seed)} gives in this JVM), then counts
 * every pair's euclidean distance per distinct 6-decimal value in Spark local mode ({@code ./facecal spark pairs}:
 * a blocked cross join, no pair list), and the counts folder is read back with {@link CountsFiles}.
 *
 * <p>Why a child process: the Spark module and its 277 MB of jars are not on the core's (the notebook kernel's)
 * class path, and the core never depends on Spark. The launcher builds the module when it is missing or stale
 * ({@code ./facecal test} and {@code ./facecal run} build it before the notebooks run).
 */
public final class SparkCountJob {
    /** The metric counted: seed 002's. */
    public static final DistanceMetric METRIC = DistanceMetric.EUCLIDEAN;
    /** Launcher output lines that say nothing about the job (the JVM's note on the Vector API module). */
    private static final String INCUBATOR_WARNING = "WARNING: Using incubator modules";

    private SparkCountJob() {}

    /**
     * What to count and where.
     *
     * @param images     synthetic embeddings
     * @param identities persons
     * @param seed       the generator's seed
     * @param master     Spark master, e.g. {@code local[2]}
     * @param block      embeddings per block of the cross join ({@code spark pairs --block})
     */
    public record Options(int images, int identities, long seed, String master, int block) {
        /** Checks the sizes and that the master is one word. */
        public Options {
            if (identities < 1 || images < identities) {
                throw new IllegalArgumentException("need 1 <= identities <= images, got " + identities
                        + " identities, " + images + " images");
            }
            if (master == null || master.isBlank() || master.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("master must be a Spark master URL such as local[2], got '"
                        + master + "'");
            }
            if (block < 1) throw new IllegalArgumentException("block must be >= 1, got " + block);
        }

        /** Seed 002's size (12,797 embeddings of 5,467 persons) with {@code seed}, {@code local[2]}, blocks of 512. */
        public static Options lfwLike(long seed) {
            return new Options(SyntheticEmbeddings.SEED_002_IMAGES, SyntheticEmbeddings.SEED_002_IDENTITIES, seed,
                    "local[2]", 512);
        }

        /** The same with another master. */
        public Options master(String url) {
            return new Options(images, identities, seed, url, block);
        }

        /** The same embeddings in this JVM (what {@code spark synthetic} writes, float for float). */
        public SyntheticEmbeddings embeddings() {
            return SyntheticEmbeddings.of(images, identities, SyntheticEmbeddings.Shape.dlibLike(), seed);
        }
    }

    /**
     * What the job counted.
     *
     * @param options        what was asked
     * @param counts         same-person and different-person pairs per distinct 6-decimal euclidean distance
     * @param provenance     the counts folder's {@code provenance.json}
     * @param sessionSeconds starting the Spark session of {@code spark pairs} (as it measured it)
     * @param jobSeconds     reading the embeddings and counting, after the session started (as it measured it)
     * @param wallSeconds    both launcher commands, JVM starts and the Parquet writing included (measured here)
     * @param commands       the commands run, as a user would type them
     */
    public record Result(Options options, DistanceCounts counts, Provenance provenance, double sessionSeconds,
                         double jobSeconds, double wallSeconds, List<String> commands) {
        /** Copies the command list. */
        public Result {
            commands = List.copyOf(commands);
        }

        /** Pairs counted per second of the job (the session start left out). */
        public double pairsPerSecond() {
            return counts.pairs() / jobSeconds;
        }

        /** Precision and recall at {@code cutoffs} from the counts ({@code distance <= cutoff} accepted). */
        public PrecisionRecallTable precisionRecall(double[] cutoffs) {
            return PrecisionRecallTable.of(counts, cutoffs);
        }

        /** One line: pairs, seconds, pairs per second, master. */
        public String summary() {
            return String.format(Locale.ROOT, "Spark (%s, Spark %s): %d pairs counted in %.1f s = %.3g pairs/s; "
                            + "session start %.1f s; both commands %.1f s", options.master(),
                    provenance.section("spark").getOrDefault("version", "?"), counts.pairs(), jobSeconds,
                    pairsPerSecond(), sessionSeconds, wallSeconds);
        }
    }

    /**
     * Runs the two launcher commands of {@code project}'s {@code facecal} script, writing into {@code workDir}
     * ({@code embeddings.parquet} and {@code counts/}, both replaced when there from an earlier run).
     *
     * @param progress gets every line the commands print while they run
     * @throws FacecalException when a command fails (naming it and its last lines) or writes no counts
     */
    public static Result run(Path project, Path workDir, Options o, Consumer<String> progress) {
        Path launcher = project.resolve("facecal");
        if (!Files.isRegularFile(launcher)) {
            throw new FacecalException(project + " has no facecal launcher: give the project folder");
        }
        Path embeddings = workDir.resolve("embeddings.parquet");
        Path countsDir = workDir.resolve("counts");
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new FacecalException("cannot create " + workDir + " (" + e.getMessage() + ")", e);
        }
        deleteTree(embeddings);
        deleteTree(countsDir);
        List<List<String>> commands = List.of(
                List.of("spark", "synthetic", "--images", Integer.toString(o.images()), "--identities",
                        Integer.toString(o.identities()), "--seed", Long.toString(o.seed()), "--master", o.master(),
                        "--out", embeddings.toString()),
                List.of("spark", "pairs", "--embeddings", embeddings.toString(), "--metrics", METRIC.deepfaceName(),
                        "--master", o.master(), "--block", Integer.toString(o.block()), "--out", countsDir.toString()));
        List<String> shown = new ArrayList<>();
        long started = System.nanoTime();
        for (List<String> args : commands) {
            shown.add("./facecal " + String.join(" ", args));
            List<String> command = new ArrayList<>(List.of("bash", launcher.toString()));
            command.addAll(args);
            LauncherCommand.run(command, project, line -> {
                if (!line.startsWith(INCUBATOR_WARNING)) progress.accept(line);
            });
        }
        double wall = (System.nanoTime() - started) / 1e9;
        DistanceCounts counts = CountsFiles.read(countsDir).get(METRIC.deepfaceName());
        if (counts == null) {
            throw new FacecalException(countsDir + " holds no " + METRIC.deepfaceName() + ".csv after " + shown.getLast());
        }
        Provenance p = CountsFiles.provenance(countsDir);
        return new Result(o, counts, p, seconds(p, "session_seconds", countsDir), seconds(p, "seconds", countsDir),
                wall, shown);
    }

    private static double seconds(Provenance p, String key, Path dir) {
        String v = p.section("spark").get(key);
        try {
            return Double.parseDouble(v);
        } catch (NullPointerException | NumberFormatException e) {
            throw new FacecalException(dir.resolve(CountsFiles.PROVENANCE) + ": spark." + key + " is '" + v
                    + "', not a number of seconds");
        }
    }

    /** Deletes {@code path} and everything under it, if it exists. */
    private static void deleteTree(Path path) {
        if (!Files.exists(path)) return;
        try (Stream<Path> s = Files.walk(path)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(f);
        } catch (IOException e) {
            throw new FacecalException("cannot delete " + path + " from an earlier run (" + e.getMessage() + ")", e);
        }
    }
}
