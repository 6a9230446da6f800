package dev.facecal.cli;

import dev.facecal.pipeline.Progress;
import java.io.PrintWriter;

/**
 * A stage's progress on stderr: a redrawn bar ({@code [#####.....] 3/12 photos}) on a terminal, one line per step
 * otherwise (logs, CI). A step is {@code every} units of work (8 photos), and always the last one.
 */
final class TerminalProgress implements Progress {
    private final PrintWriter err;
    private final int every;
    private final boolean terminal;
    private String what = "";
    private int total;
    private int shown;

    TerminalProgress(PrintWriter err, int every) {
        this.err = err;
        this.every = Math.max(1, every);
        this.terminal = System.console() != null && System.console().isTerminal();
    }

    @Override
    public void start(String what, int total) {
        this.what = what;
        this.total = total;
        this.shown = 0;
        if (total > 0) draw(); // shown from the start, before the first photo is done
    }

    @Override
    public void advance(int done) {
        while (shown < done) {
            shown++;
            if (shown % every == 0 || shown == total) draw();
        }
    }

    private void draw() {
        int steps = (total + every - 1) / every;
        int step = (shown + every - 1) / every;
        if (terminal) {
            int width = 20;
            int filled = steps == 0 ? width : (int) ((long) width * step / steps);
            err.printf("\r[%s%s] %d/%d %s %d/%d\u001b[K", "#".repeat(filled), ".".repeat(width - filled), step, steps,
                    what, shown, total);
        } else {
            err.printf("[%d/%d] %s %d/%d%n", step, steps, what, shown, total);
        }
        err.flush();
    }

    @Override
    public void finish(String summary) {
        err.printf(terminal ? "\r%s\u001b[K%n" : "%s%n", summary);
        err.flush();
    }

    @Override
    public void warn(String message) {
        err.println("facecal: warning: " + message);
        err.flush();
    }
}
