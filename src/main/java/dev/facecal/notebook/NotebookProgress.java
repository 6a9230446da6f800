package dev.facecal.notebook;

import dev.facecal.pipeline.Progress;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * Progress of a long stage in a notebook: a line on standard output at every tenth of the work (kernels stream
 * standard output as it comes), then the stage's closing line with the time taken. Counts may be reported out of
 * order or repeated; each tenth is printed once. A {@link Progress} for the pipeline's stages, and an
 * {@link IntConsumer} of counts for code that only reports counts.
 */
public final class NotebookProgress implements Progress, IntConsumer {
    private final PrintStream out;
    private final long start = System.nanoTime();
    private String label;
    private int total;
    private int printedTenths = -1;

    /** Progress of whatever stage it is given to (the stage says what and how much). */
    public NotebookProgress() {
        this("work", 0, System.out);
    }

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
    public synchronized void start(String what, int total) {
        this.label = what;
        this.total = total;
        this.printedTenths = -1;
    }

    @Override
    public void advance(int done) {
        accept(done);
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

    @Override
    public void finish(String summary) {
        out.print(summary + System.lineSeparator());
        out.flush();
    }

    @Override
    public void warn(String message) {
        out.print("warning: " + message + System.lineSeparator());
        out.flush();
    }

    /** Prints the closing line: {@code what} and the seconds since this progress began. */
    public void done(String what) {
        out.print(String.format(Locale.ROOT, "%s in %.1f s%n", what, (System.nanoTime() - start) / 1e9));
        out.flush();
    }
}
