package dev.facecal.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A generated block of a hand-written markdown file (docs/benchmarks.md), kept between two HTML-comment markers so
 * that re-running a benchmark rewrites only its own results and the discussion around them survives.
 */
public final class GeneratedSection {
    private GeneratedSection() {}

    /**
     * Replaces the text between {@code begin} and {@code end} in {@code file}; when the markers are absent, appends
     * the section under {@code heading}, or, with a null heading, writes a new file holding only the section.
     */
    public static void write(Path file, String begin, String end, String heading, String generated) throws IOException {
        String section = begin + "\n\n" + generated + "\n" + end + "\n";
        String old = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        int b = old.indexOf(begin);
        int e = old.indexOf(end);
        String text;
        if (b >= 0 && e > b) {
            text = old.substring(0, b) + section + old.substring(e + end.length()).replaceFirst("^\n", "");
        } else if (heading == null || old.isEmpty()) {
            text = "# Benchmarks\n\n" + (heading == null ? "" : heading + "\n\n") + section;
        } else {
            text = old.stripTrailing() + "\n\n" + heading + "\n\n" + section;
        }
        dev.facecal.AtomicFiles.writeString(file, text);
    }
}
