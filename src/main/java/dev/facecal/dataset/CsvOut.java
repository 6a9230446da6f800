package dev.facecal.dataset;

import java.nio.file.Path;

/**
 * Writes CSV as pandas' {@code DataFrame.to_csv} does (Python's {@code csv} module, {@code QUOTE_MINIMAL}, line
 * end {@code \n}, UTF-8): a field is quoted only when it holds a comma, a double quote, CR or LF, and a double
 * quote inside is doubled.
 */
public final class CsvOut {
    private CsvOut() {}

    /** One field, quoted when needed. */
    public static String field(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return '"' + s.replace("\"", "\"\"") + '"';
            }
        }
        return s;
    }

    /** Appends one row and its {@code \n}. */
    public static void row(StringBuilder out, String... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) out.append(',');
            out.append(field(fields[i]));
        }
        out.append('\n');
    }

    /**
     * Writes {@code content} (UTF-8) to {@code target} through a temporary file in the same folder that is then
     * moved into place, so readers never see half a file; creates missing parent folders.
     */
    public static void writeAtomically(Path target, CharSequence content) {
        dev.facecal.AtomicFiles.writeString(target, content);
    }
}
