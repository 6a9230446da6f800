package dev.facecal.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV records as RFC 4180 defines them, which is also what pandas' {@code to_csv} and Python's {@code csv}
 * module write: fields separated by commas; a field in double quotes may hold commas, line breaks and doubled
 * quotes ({@code ""} for one {@code "}); records end with LF or CRLF. The one CSV reader of facecal: pair lists
 * ({@code file_x,file_y,decision}) and pair tables with scores both go through it, so a person named
 * {@code Smith, John} or {@code "Jo"} reads back as written ({@link CsvOut} is the matching writer).
 *
 * <p>Fast path for the common record without quotes: one {@code readLine} and a split on commas, so a table of ten
 * million rows reads as fast as with a plain split. A record is one line unless a quoted field continues past the
 * line end; {@link #line()} is the line the last record started on, for messages.
 */
public final class CsvReader {
    private final BufferedReader in;
    private long nextLine = 1;
    private long line;

    public CsvReader(BufferedReader in) {
        this.in = in;
    }

    /** The 1-based line on which the record last returned by {@link #next} started. */
    public long line() {
        return line;
    }

    /**
     * Reads the next record into {@code out} (cleared first), skipping blank lines; false at the end of the input.
     * A leading byte-order mark on the first line is dropped.
     */
    public boolean next(List<String> out) throws IOException {
        String text;
        do {
            text = in.readLine();
            if (text == null) return false;
            line = nextLine++;
        } while (text.isBlank());
        if (line == 1 && text.startsWith("\uFEFF")) text = text.substring(1);
        out.clear();
        if (text.indexOf('"') < 0) {
            splitPlain(text, out);
            return true;
        }
        parseQuoted(text, out);
        return true;
    }

    /** Every remaining record; each a new list. */
    public List<List<String>> readAll() throws IOException {
        List<List<String>> rows = new ArrayList<>();
        List<String> f = new ArrayList<>();
        while (next(f)) rows.add(List.copyOf(f));
        return rows;
    }

    /** Splits one line of a header or record (no quoted line breaks) into fields. */
    public static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        try {
            CsvReader r = new CsvReader(new BufferedReader(new java.io.StringReader(line)));
            r.next(out);
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringReader does not fail
        }
        return out;
    }

    private static void splitPlain(String text, List<String> out) {
        int from = 0;
        while (true) {
            int comma = text.indexOf(',', from);
            if (comma < 0) {
                out.add(text.substring(from));
                return;
            }
            out.add(text.substring(from, comma));
            from = comma + 1;
        }
    }

    private void parseQuoted(String first, List<String> out) throws IOException {
        String text = first;
        int i = 0;
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStart = true;
        while (true) {
            if (i >= text.length()) {
                if (quoted) { // a line break inside a quoted field: the record goes on
                    String more = in.readLine();
                    nextLine++;
                    if (more == null) { // unterminated quote: take what there is
                        out.add(field.toString());
                        return;
                    }
                    field.append('\n');
                    text = more;
                    i = 0;
                    continue;
                }
                out.add(field.toString());
                return;
            }
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                    } else {
                        quoted = false;
                        i++;
                    }
                } else {
                    field.append(c);
                    i++;
                }
            } else if (c == ',') {
                out.add(field.toString());
                field.setLength(0);
                fieldStart = true;
                i++;
                continue;
            } else if (c == '"' && fieldStart) {
                quoted = true;
                i++;
            } else {
                field.append(c);
                i++;
            }
            fieldStart = false;
        }
    }
}
