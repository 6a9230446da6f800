package dev.facecal.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratedSectionTest {
    @TempDir
    Path dir;

    @Test
    void replacesOnlyBetweenTheMarkersAndKeepsTheDiscussion() throws Exception {
        Path f = dir.resolve("b.md");
        Files.writeString(f, "# Benchmarks\n\nintro\n\n<!-- b -->\n\nold\n<!-- e -->\n\n## Discussion\ntext\n");
        GeneratedSection.write(f, "<!-- b -->", "<!-- e -->", "## Embedding", "new");
        assertEquals("# Benchmarks\n\nintro\n\n<!-- b -->\n\nnew\n<!-- e -->\n\n## Discussion\ntext\n", Files.readString(f));
    }

    @Test
    void appendsUnderItsHeadingOrStartsAFile() throws Exception {
        Path f = dir.resolve("b.md");
        Files.writeString(f, "# Benchmarks\n\nother\n");
        GeneratedSection.write(f, "<!-- b -->", "<!-- e -->", "## Embedding", "x");
        assertEquals("# Benchmarks\n\nother\n\n## Embedding\n\n<!-- b -->\n\nx\n<!-- e -->\n", Files.readString(f));
        Path g = dir.resolve("new.md");
        GeneratedSection.write(g, "<!-- b -->", "<!-- e -->", null, "y");
        assertEquals("# Benchmarks\n\n<!-- b -->\n\ny\n<!-- e -->\n", Files.readString(g));
    }
}
