package dev.facecal.cli;

import dev.facecal.FacecalException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code facecal} command line. */
@Command(name = "facecal", mixinStandardHelpOptions = true, version = "facecal 0.1.0",
        description = "Calibrate face-verification thresholds and distance-to-confidence models.",
        subcommands = {RunCommand.class, CalibrateCommand.class, ModelCommand.class, EmbedCommand.class, BenchCommand.class, EmbedBenchCommand.class, DatasetCommand.class, DistancesCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit status (0 ok, 2 bad input or usage, 1 internal error). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof FacecalException || ex instanceof IllegalArgumentException) {
                commandLine.getErr().println("facecal: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl.execute(args);
    }
}
