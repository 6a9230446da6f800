package dev.facecal.notebook;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * Progress of a long step in a notebook: a line on standard output at every tenth of the work (kernels stream
 * standard output as it comes), then a closing line with the time taken. Counts may be reported out of order or
 * repeated; each tenth is printed once.
 */
public final class NotebookProgress implements IntConsumer {
    private final String label;
    private final int total;
    private final PrintStream out;
    private final long start = System.nanoTime();
    private int printedTenths = -1;

    /** Progress of {@code total} units of {@code label} (e.g. "photos") on standard output. */
    public NotebookProgress(String label, int total) {
        this(label, total, System.out);
    }

    NotebookProgress(String label, int total, PrintStream out) {
        if (total < 0) {
            throw new IllegalArgumentException("total must not be negative, got " + total);
        }
        this.label = label;
        this.total = total;
        this.out = out;
    }

    @Override
    public synchronized void accept(int done) {
        int tenths = total == 0 ? 10 : (int) Math.min(10, (long) done * 10 / total);
        if (tenths > printedTenths) {
            printedTenths = tenths;
            int width = 20, filled = tenths * 2;
            // one write per line: kernels forward every write as a stream message
            out.print(String.format(Locale.ROOT, "[%s%s] %3d%%  %d/%d %s%n", "#".repeat(filled),
                    ".".repeat(width - filled), tenths * 10, done, total, label));
            out.flush();
        }
    }

    /** Prints the closing line: {@code what} and the seconds since this progress began. */
    public void done(String what) {
        out.print(String.format(Locale.ROOT, "%s in %.1f s%n", what, (System.nanoTime() - start) / 1e9));
        out.flush();
    }
}
