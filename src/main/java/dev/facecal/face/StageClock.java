package dev.facecal.face;

import java.util.concurrent.atomic.LongAdder;

/**
 * Where a photo's time goes, stage by stage, summed over the threads that work on photos ({@code bench-photos}).
 * A worker thread {@link #attach attaches} a clock; the code of each stage {@link #add adds} its nanoseconds to the
 * clock of the current thread, or to nothing when none is attached (an ordinary run pays one thread-local read).
 */
public final class StageClock {
    /** The stages of the photo pipeline, in order. */
    public enum Stage {
        READ("read", "read the file and hash it (SHA-256, the cache key)"),
        CACHE_READ("cache read", "look the hash up in the embedding cache"),
        CHECK("check", "JPEG structure and header size (no pixels decoded)"),
        DECODE("decode", "OpenCV imdecode, EXIF orientation applied inside it"),
        GRAY("gray", "BGR to gray, border"),
        DETECT("detect", "face cascade"),
        EYES("eyes", "eye cascade inside each face"),
        ALIGN("align", "sub-image, rotation, crop, to RGB"),
        PREPROCESS("preprocess", "resize and normalise to the model's input"),
        EMBED("embed", "the model (ONNX Runtime), batched"),
        CACHE_WRITE("cache write", "the embedding written atomically");

        private final String label;
        private final String what;

        Stage(String label, String what) {
            this.label = label;
            this.what = what;
        }

        public String label() {
            return label;
        }

        public String what() {
            return what;
        }
    }

    private static final ThreadLocal<StageClock> CURRENT = new ThreadLocal<>();

    private final LongAdder[] nanos = new LongAdder[Stage.values().length];

    public StageClock() {
        for (int i = 0; i < nanos.length; i++) nanos[i] = new LongAdder();
    }

    /** Makes this clock the current thread's ({@code null}: none). */
    public static void attach(StageClock clock) {
        if (clock == null) CURRENT.remove();
        else CURRENT.set(clock);
    }

    /** The current thread's clock, or {@code null}. */
    public static StageClock current() {
        return CURRENT.get();
    }

    /** Adds the time since {@code since} ({@link System#nanoTime}) to {@code stage}; returns now. */
    public static long add(Stage stage, long since) {
        StageClock c = CURRENT.get();
        long now = System.nanoTime();
        if (c != null) c.nanos[stage.ordinal()].add(now - since);
        return now;
    }

    /** The nanoseconds summed for {@code stage}. */
    public long nanos(Stage stage) {
        return nanos[stage.ordinal()].sum();
    }
}
