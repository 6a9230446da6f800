package dev.facecal.spark;

import dev.facecal.FacecalException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code facecal spark}: the pipeline's stages on Apache Spark (issue 13). Run by {@code ./facecal spark ...} in
 * local mode, or by {@code spark-submit --class dev.facecal.spark.SparkMain facecal-spark.jar ...} on a cluster.
 */
@Command(name = "facecal spark", mixinStandardHelpOptions = true, version = "facecal spark",
        description = "facecal's stages on Apache Spark: embed a photo set, count all (or a seeded sample of the) pairs of an embeddings Parquet, calibrate the counts, identify probes against distractors.",
        subcommands = {EmbedCommand.class, PairsCommand.class, SparkMain.Calibrate.class, SyntheticCommand.class,
                BenchCommand.class, IdentifyCommand.class, CommandLine.HelpCommand.class})
public final class SparkMain implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
    }

    /** {@code facecal spark calibrate COUNTS_DIR [options of calibrate]}: the core's calibrate on a counts folder. */
    @Command(name = "calibrate", description = {"Calibrate a counts folder (from spark pairs) on the driver: the "
            + "options and output formats of ./facecal calibrate (see ./facecal help calibrate)."})
    static final class Calibrate implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "COUNTS_DIR [OPTION...]",
                description = "the counts folder, then any option of facecal calibrate")
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            List<String> a = new ArrayList<>();
            a.add("calibrate");
            a.addAll(args);
            return dev.facecal.cli.Main.execute(a.toArray(new String[0]));
        }
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command; a user's mistake ({@link FacecalException}) is one line on stderr and status 2. */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new SparkMain());
        cl.getSubcommands().get("calibrate").setUnmatchedOptionsArePositionalParams(true);
        cl.setExecutionExceptionHandler((ex, commandLine, parsed) -> {
            Throwable t = ex;
            while (t != null && !(t instanceof FacecalException)) t = t.getCause();
            if (t != null) {
                commandLine.getErr().println("facecal spark: " + t.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl.execute(args);
    }
}
