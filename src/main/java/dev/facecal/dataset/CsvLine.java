package dev.facecal.dataset;

import java.util.ArrayList;
import java.util.List;

/** Splits one CSV line into fields (RFC 4180: commas, double-quoted fields with doubled quotes inside). */
final class CsvLine {
    private CsvLine() {}

    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        split(line, out);
        return out;
    }

    /** Splits into {@code out} (cleared first), reusing the list across lines. */
    static void split(String line, List<String> out) {
        out.clear();
        int n = line.length();
        int i = 0;
        while (true) {
            if (i < n && line.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (i < n) {
                    char c = line.charAt(i);
                    if (c == '"') {
                        if (i + 1 < n && line.charAt(i + 1) == '"') {
                            sb.append('"');
                            i += 2;
                        } else {
                            i++;
                            break;
                        }
                    } else {
                        sb.append(c);
                        i++;
                    }
                }
                int comma = line.indexOf(',', i);
                out.add(sb.toString());
                if (comma < 0) return;
                i = comma + 1;
            } else {
                int comma = line.indexOf(',', i);
                if (comma < 0) {
                    out.add(line.substring(i));
                    return;
                }
                out.add(line.substring(i, comma));
                i = comma + 1;
            }
        }
    }
}
