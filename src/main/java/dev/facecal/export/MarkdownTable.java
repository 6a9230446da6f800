package dev.facecal.export;

import java.util.ArrayList;
import java.util.List;

/** A pipe table as pandas' {@code to_markdown()} (tabulate "pipe") prints it; right-aligns number columns. */
final class MarkdownTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    MarkdownTable(String... header) {
        this.header = List.of(header);
    }

    MarkdownTable row(Object... cells) {
        List<String> r = new ArrayList<>();
        for (Object c : cells) r.add(String.valueOf(c));
        rows.add(r);
        return this;
    }

    String render() {
        int n = header.size();
        int[] w = new int[n];
        boolean[] numeric = new boolean[n];
        for (int i = 0; i < n; i++) {
            w[i] = header.get(i).length();
            numeric[i] = !rows.isEmpty();
            for (List<String> r : rows) {
                w[i] = Math.max(w[i], r.get(i).length());
                if (!r.get(i).matches("[-+]?[0-9.eE+\\-]+|nan|inf")) numeric[i] = false;
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, w, numeric);
        sb.append('|');
        for (int i = 0; i < n; i++) {
            sb.append(numeric[i] ? "-".repeat(w[i] + 1) + ":" : ":" + "-".repeat(w[i] + 1)).append('|');
        }
        sb.append('\n');
        for (List<String> r : rows) line(sb, r, w, numeric);
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] w, boolean[] numeric) {
        sb.append('|');
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            String pad = " ".repeat(w[i] - c.length());
            sb.append(' ').append(numeric[i] ? pad + c : c + pad).append(" |");
        }
        sb.append('\n');
    }
}
