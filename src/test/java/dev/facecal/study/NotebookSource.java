package dev.facecal.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A committed notebook's code cells, for tests that check the notebook calls the library as the test does and
 * keeps the project's notebook rules (kernelspec, no outputs, no magics, no declarations, no java.awt.*).
 */
public record NotebookSource(Path file, JsonNode json, List<String> code) {
    private static final Pattern DECLARATION = Pattern.compile(
            "(?m)^\\s*(public\\s+|private\\s+|static\\s+)*(class|record|interface|enum)\\s+\\w+|"
                    + "(?m)^\\s*(static\\s+)?[\\w<>\\[\\], ]+\\s+\\w+\\s*\\([^)]*\\)\\s*\\{");

    public static NotebookSource read(String name) {
        Path file = StudyData.workspace().root().resolve("notebooks").resolve(name);
        try {
            JsonNode json = new ObjectMapper().readTree(file.toFile());
            List<String> code = new ArrayList<>();
            for (JsonNode c : json.get("cells")) {
                if (c.get("cell_type").asText().equals("code")) {
                    StringBuilder sb = new StringBuilder();
                    c.get("source").forEach(l -> sb.append(l.asText()));
                    code.add(sb.toString());
                }
            }
            return new NotebookSource(file, json, code);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** All code, cells joined by newlines. */
    public String allCode() {
        return String.join("\n", code);
    }

    /** Asserts the project's notebook rules. */
    public void assertFollowsTheRules() {
        assertEquals(4, json.get("nbformat").asInt());
        assertEquals("facecal", json.at("/metadata/kernelspec/name").asText());
        assertEquals("java", json.at("/metadata/language_info/name").asText());
        for (JsonNode c : json.get("cells")) {
            if (c.get("cell_type").asText().equals("code")) {
                assertEquals(0, c.get("outputs").size(), file + ": committed with outputs");
                assertTrue(c.get("execution_count").isNull(), file + ": committed with an execution count");
            }
        }
        for (String cell : code) {
            assertFalse(cell.lines().anyMatch(l -> l.startsWith("%")), "a magic in " + cell);
            assertFalse(cell.contains("import java.awt.*"), cell);
            assertFalse(DECLARATION.matcher(cell).find(), "a declaration in a notebook cell:\n" + cell);
            assertTrue(cell.strip().endsWith(";"), "a cell must end with a statement:\n" + cell);
        }
    }
}
