package dev.facecal.cli;

import java.io.PrintWriter;

/**
 * Progress on stderr: a redrawn bar ({@code [#####.....] 3/12 calibrating VGG-Face_cosine}) on a terminal, one
 * line per step otherwise (logs, CI).
 */
final class Progress {
    private final PrintWriter err;
    private final int total;
    private final boolean terminal;
    private int done;

    Progress(PrintWriter err, int total) {
        this.err = err;
        this.total = total;
        this.terminal = System.console() != null && System.console().isTerminal();
    }

    void step(String what) {
        done++;
        if (terminal) {
            int width = 20;
            int filled = total == 0 ? width : (int) ((long) width * done / total);
            err.printf("\r[%s%s] %d/%d %s\u001b[K", "#".repeat(filled), ".".repeat(width - filled), done, total, what);
        } else {
            err.printf("[%d/%d] %s%n", done, total, what);
        }
        err.flush();
    }

    void finish(String what) {
        err.printf(terminal ? "\r%s\u001b[K%n" : "%s%n", what);
        err.flush();
    }
}
