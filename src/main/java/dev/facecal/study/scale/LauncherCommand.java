package dev.facecal.study.scale;

import dev.facecal.FacecalException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs one command of the project's launcher ({@code ./facecal ...}) as a child process, handing each line it
 * prints (stdout and stderr together) to a consumer as it comes, and failing with the command and its last lines
 * when it exits with another status than 0. Used by {@link SparkCountJob}: the notebook kernel's class path is the
 * core jar, so Spark runs beside it in its own JVM, the way a user runs it.
 */
public final class LauncherCommand {
    /** Lines of output kept for the failure message. */
    public static final int TAIL_LINES = 20;

    private LauncherCommand() {}

    /**
     * Runs {@code command} in {@code dir} with the caller's environment and no input; returns when it exited with
     * status 0.
     *
     * @param lines gets every output line, in order, while the command runs
     * @throws FacecalException when it cannot start or exits with another status (naming the command, the status
     *                          and its last {@value #TAIL_LINES} lines)
     */
    public static void run(List<String> command, Path dir, Consumer<String> lines) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        String shown = String.join(" ", command);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new FacecalException("cannot start " + shown + " (" + e.getMessage() + ")", e);
        }
        Deque<String> tail = new ArrayDeque<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (tail.size() == TAIL_LINES) tail.removeFirst();
                tail.addLast(line);
                lines.accept(line);
            }
            int status = p.waitFor();
            if (status != 0) {
                throw new FacecalException(shown + " failed (exit status " + status + "); its last lines:\n"
                        + String.join("\n", tail));
            }
        } catch (IOException e) {
            throw new FacecalException(shown + ": cannot read its output (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FacecalException(shown + " was interrupted", e);
        } finally {
            if (p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
            }
        }
    }
}
