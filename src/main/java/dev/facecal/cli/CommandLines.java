package dev.facecal.cli;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The command line of this process, shell-quoted, for benchmark reports ("exactly as run"). */
final class CommandLines {
    private CommandLines() {}

    /**
     * The JVM's own command line when the OS tells it, else {@code facecal <subcommand> <args>}.
     */
    static String current(String subcommand, List<String> args) {
        ProcessHandle.Info info = ProcessHandle.current().info();
        if (info.command().isPresent() && info.arguments().isPresent()) {
            return Stream.concat(Stream.of(info.command().get()), Arrays.stream(info.arguments().get()))
                    .map(CommandLines::shellQuote).collect(Collectors.joining(" "));
        }
        return "facecal " + subcommand + " " + args.stream().map(CommandLines::shellQuote).collect(Collectors.joining(" "));
    }

    static String shellQuote(String s) {
        return s.matches("[A-Za-z0-9_./=:,+@%-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
