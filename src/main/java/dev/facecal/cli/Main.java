package dev.facecal.cli;

import dev.facecal.FacecalException;
import dev.facecal.Provenance;
import dev.facecal.config.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code facecal} command line. Every command is parse → options → stage calls
 * ({@code dev.facecal.pipeline}) → output; the environment is read once, here ({@link Configuration}).
 */
@Command(name = "facecal", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Calibrate face-verification thresholds and distance-to-confidence models.",
        subcommands = {RunCommand.class, CalibrateCommand.class, ModelCommand.class, EmbedCommand.class, BenchCommand.class, EmbedBenchCommand.class, BenchPhotosCommand.class, DatasetCommand.class, DistancesCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    private static volatile Configuration configuration;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** The settings of this run, read from the environment once. */
    static Configuration configuration() {
        Configuration c = configuration;
        if (c == null) {
            c = Configuration.fromEnvironment();
            configuration = c;
        }
        return c;
    }

    /** Runs the command line and returns the exit status (0 ok, 2 bad input or usage, 1 internal error). */
    public static int execute(String... args) {
        configuration = Configuration.fromEnvironment();
        if (System.getProperty(dev.facecal.NativeLibraries.PROPERTY) == null) {
            System.setProperty(dev.facecal.NativeLibraries.PROPERTY,
                    configuration.cacheRoot().resolve("natives").toString());
        }
        dev.facecal.NativeLibraries.prepareOnnxRuntime();
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof FacecalException || ex instanceof IllegalArgumentException) {
                commandLine.getErr().println("facecal: " + ex.getMessage() + Remedies.suffix(ex));
                return 2;
            }
            throw ex;
        });
        return cl.execute(args);
    }

    /** {@code facecal 0.1.0-SNAPSHOT}, from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"facecal " + Provenance.version()};
        }
    }
}
