package dev.facecal.pipeline;

/**
 * What a long stage tells whoever watches it: the command line draws a bar on standard error, a notebook prints a
 * line at every tenth ({@code dev.facecal.notebook.NotebookProgress}). A stage calls {@link #start} once,
 * {@link #advance} as work is done (counts may repeat; they never go back), and {@link #finish} with a one-line
 * summary.
 */
public interface Progress {
    /** The stage begins {@code total} units of {@code what} (e.g. {@code photos}). */
    void start(String what, int total);

    /** {@code done} units are finished so far. */
    void advance(int done);

    /** The stage ended; {@code summary} says what it did (or where it stopped). */
    void finish(String summary);

    /** Something the user should know that does not stop the stage (e.g. a model file with an unexpected hash). */
    default void warn(String message) {
    }

    /** Reports nothing. */
    Progress NONE = new Progress() {
        @Override
        public void start(String what, int total) {
        }

        @Override
        public void advance(int done) {
        }

        @Override
        public void finish(String summary) {
        }
    };
}
