package dev.facecal.dataset;

import java.util.List;
import java.util.Locale;

/**
 * The label spellings found in the reference pair tables: DeepFace's {@code decision}/{@code Decision}
 * (Yes/No), the distance-to-confidence notebook's {@code actual} ("Same Person"/"Different Persons") and
 * deepface-rs's {@code decision} (1/0), plus true/false.
 */
public final class Label {
    /** Header names recognised as the label column, in order of preference (case-insensitive). */
    public static final List<String> COLUMNS = List.of("decision", "actual", "label", "same");

    private Label() {}

    /**
     * Parses a label; {@code null} when the text is not a recognised spelling.
     * Accepts Yes/No, 1/0 (also 1.0/0.0), true/false, "Same Person"/"Different Persons", case-insensitive.
     */
    public static Boolean parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "yes", "1", "1.0", "true", "same person", "same" -> Boolean.TRUE;
            case "no", "0", "0.0", "false", "different persons", "different person", "different" -> Boolean.FALSE;
            default -> null;
        };
    }

    /** How to write labels, for messages. */
    public static final String SPELLINGS = "Yes/No, 1/0, true/false or \"Same Person\"/\"Different Persons\"";
}
