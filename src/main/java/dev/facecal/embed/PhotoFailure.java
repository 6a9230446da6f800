package dev.facecal.embed;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a photo has no embedding, sorted into what is a decided fact about the photo and what is not (issue 11, item
 * 2). Decided facts (no face, several faces, not an image, the crop is empty) depend on the photo's bytes and the
 * configuration only, so the embedding cache keeps them. Everything else (an error of the environment, such as
 * memory or I/O, or an unexpected exception) may go away on the next run: it is reported as such, never cached,
 * and retried, and its message is made readable (no raw OpenCV or Java exception text).
 *
 * <p>The sorting is by the reason's text, because the face stage reports failures as reasons
 * ({@code face.Extraction}): a reason that carries an exception (the face stage's {@code face extraction failed:
 * <exception>} and {@code cannot decode the image: <exception>}, or an exception caught around a photo) is not
 * decided; every other reason is.
 */
public final class PhotoFailure {
    private static final Pattern ALLOCATE = Pattern.compile("Failed to allocate (\\d+) bytes");

    private PhotoFailure() {}

    /** Whether {@code reason} is a decided fact about the photo, which may be cached. */
    public static boolean decided(String reason) {
        if (reason == null) return false;
        String r = reason.toLowerCase(Locale.ROOT);
        return !(r.startsWith("face extraction failed:") || r.startsWith("cannot decode the image:")
                || r.contains("exception") || r.contains("insufficient memory") || r.contains("failed to allocate")
                || r.contains("outofmemory") || r.contains("out of memory") || r.startsWith("cannot read ")
                || r.startsWith("not processed:"));
    }

    /**
     * A readable reason for a failure that is not decided: {@code not processed: out of memory (needed 30.9 GiB);
     * not cached, run again to retry}; from the raw reason (an exception's text) or an exception.
     */
    public static String environmental(String raw) {
        String r = raw == null ? "" : raw;
        if (r.startsWith("not processed:")) return r;
        String lower = r.toLowerCase(Locale.ROOT);
        String what;
        if (lower.contains("insufficient memory") || lower.contains("failed to allocate")
                || lower.contains("outofmemory") || lower.contains("out of memory")) {
            Matcher m = ALLOCATE.matcher(r);
            what = "out of memory" + (m.find() ? String.format(Locale.ROOT, " (%.1f GiB were needed at once)",
                    Long.parseLong(m.group(1)) / (double) (1L << 30)) : "")
                    + "; give facecal more memory or shrink the photo";
        } else if (lower.contains("ioexception") || lower.startsWith("cannot read ")) {
            what = "the file could not be read (" + shorten(r.replaceFirst("^cannot read .*: ", "")) + ")";
        } else {
            what = "unexpected error (" + shorten(r) + "); if it happens again, report it";
        }
        return "not processed: " + what + "; not cached: run again to retry";
    }

    /** The reason for an exception caught around one photo. */
    public static String environmental(Throwable e) {
        String m = e.getMessage();
        if (e instanceof dev.facecal.FacecalException && m != null) return environmental(m);
        return environmental(e.getClass().getSimpleName() + (m == null ? "" : ": " + m));
    }

    /** An exception's text without OpenCV's source locations and stack lines, at most 160 characters. */
    private static String shorten(String raw) {
        String s = raw.replaceFirst("^(face extraction failed|cannot decode the image): ", "")
                .replaceAll("org\\.opencv\\.core\\.", "").replaceAll("\\s+", " ").trim();
        Matcher cv = Pattern.compile("error: \\(-?\\d+:([^)]*)\\) ([^\\]]*?)(?: in function.*)?\\]?$").matcher(s);
        if (cv.find()) s = cv.group(1).trim() + ": " + cv.group(2).trim();
        // "IOException: Input/output error" reads as a stack trace; say it as "Input/output error (IOException)"
        Matcher ex = Pattern.compile("^(?:[\\w$]+\\.)*([\\w$]+(?:Exception|Error)): (.+)$").matcher(s);
        if (ex.find()) s = ex.group(2).trim() + " (" + ex.group(1) + ")";
        return s.length() > 160 ? s.substring(0, 157) + "..." : s;
    }
}
