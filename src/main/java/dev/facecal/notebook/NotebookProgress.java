package dev.facecal.notebook;

import dev.facecal.pipeline.Progress;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * Progress of a long stage in a notebook: a line at every tenth of the work, then the stage's closing line with the
 * time taken. In a kernel the line is one output updated in place (a {@code display_id} and
 * {@code update_display_data}, see {@link KernelDisplay#update}), so the notebook and its exported page keep only
 * the last state, not eleven lines per stage; outside a kernel (or with an explicit stream) each line is printed.
 * Counts may be reported out of order or repeated; each tenth is shown once. A {@link Progress} for the pipeline's stages, and an
 * {@link IntConsumer} of counts for code that only reports counts.
 */
public final class NotebookProgress implements Progress, IntConsumer {
    private final PrintStream out;
    private final long start = System.nanoTime();
    private String label;
    private int total;
    private int printedTenths = -1;
    private final boolean live;
    private String displayId;

    /** Progress of whatever stage it is given to (the stage says what and how much). */
    public NotebookProgress() {
        this("work", 0, System.out, true);
    }

    /** Progress of {@code total} units of {@code label} (e.g. "photos"), in place in a kernel. */
    public NotebookProgress(String label, int total) {
        this(label, total, System.out, true);
    }

    NotebookProgress(String label, int total, PrintStream out) {
        this(label, total, out, false);
    }

    private NotebookProgress(String label, int total, PrintStream out, boolean live) {
        if (total < 0) {
            throw new IllegalArgumentException("total must not be negative, got " + total);
        }
        this.label = label;
        this.total = total;
        this.out = out;
        this.live = live;
    }

    /** Shows {@code line}: updates the live output in a kernel, else prints it. */
    private synchronized void show(String line) {
        if (live) {
            java.util.SequencedMap<String, Object> data = new java.util.LinkedHashMap<>();
            data.put("text/html", "<pre style=\"margin:0\">" + dev.facecal.report.Html.escape(line) + "</pre>");
            data.put("text/plain", line);
            if (displayId == null) {
                String id = "facecal-progress-" + java.util.UUID.randomUUID();
                if (KernelDisplay.display(data, id)) {
                    displayId = id;
                    return;
                }
            } else if (KernelDisplay.update(data, displayId)) {
                return;
            }
        }
        out.print(line + System.lineSeparator());
        out.flush();
    }

    @Override
    public synchronized void start(String what, int total) {
        this.label = what;
        this.total = total;
        this.printedTenths = -1;
        this.displayId = null;
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
            show(String.format(Locale.ROOT, "[%s%s] %3d%%  %d/%d %s", "#".repeat(filled),
                    ".".repeat(width - filled), tenths * 10, done, total, label));
        }
    }

    @Override
    public void finish(String summary) {
        show(summary);
    }

    @Override
    public void warn(String message) {
        out.print("warning: " + message + System.lineSeparator());
        out.flush();
    }

    /** Prints the closing line: {@code what} and the seconds since this progress began. */
    public void done(String what) {
        show(String.format(Locale.ROOT, "%s in %.1f s", what, (System.nanoTime() - start) / 1e9));
    }
}
