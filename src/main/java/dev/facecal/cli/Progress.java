package dev.facecal.cli;

import java.io.PrintWriter;

/** A one-line progress indicator on stderr: {@code [3/12] calibrating VGG-Face_cosine}. */
final class Progress {
    private final PrintWriter err;
    private final int total;
    private int done;

    Progress(PrintWriter err, int total) {
        this.err = err;
        this.total = total;
    }

    void step(String what) {
        done++;
        int width = 20;
        int filled = total == 0 ? width : (int) ((long) width * done / total);
        err.printf("\r[%s%s] %d/%d %s\u001b[K", "#".repeat(filled), ".".repeat(width - filled), done, total, what);
        err.flush();
    }

    void finish(String what) {
        err.printf("\r%s\u001b[K%n", what);
        err.flush();
    }
}
