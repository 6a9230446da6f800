package dev.facecal.notebook;

import dev.facecal.report.Format;
import dev.facecal.report.Html;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Tablesaw table as an HTML {@code <table>} (and as plain text) for a notebook output. Doubles are written for
 * people: {@value #DIGITS} significant digits ({@link Format#significant}, half-even from the exact value), so a
 * table reads 0.05219, not 0.052194500000000005; counts are exact (integer columns, and whole numbers from 2 up in
 * double columns: 38 pairs, not 38.00). The full-precision values stay
 * in the CSV and JSON a notebook writes and in what {@code facecal calibrate} prints; numbers are right-aligned. Tables longer than {@code maxRows} show their head and tail with a marker row,
 * as pandas does.
 */
public final class HtmlTable {
    /** Significant digits of a double in a table. */
    public static final int DIGITS = 4;

    private HtmlTable() {
    }

    /** The HTML of {@code table}, at most {@code maxRows} data rows (head and tail) plus a shape line. */
    public static String of(Table table, int maxRows) {
        if (maxRows < 2) {
            throw new IllegalArgumentException("maxRows must be at least 2, got " + maxRows);
        }
        int rows = table.rowCount();
        StringBuilder html = new StringBuilder(256 + rows * 64);
        html.append("<div class=\"facecal-table\" style=\"overflow-x:auto;max-width:100%\">");
        if (table.name() != null && !table.name().isBlank()) {
            html.append("<div style=\"font-weight:bold;margin:0.3em 0\">").append(Html.escape(table.name())).append("</div>");
        }
        html.append("<table class=\"dataframe\" style=\"border-collapse:collapse\">\n<thead><tr>");
        for (Column<?> c : table.columns()) {
            html.append("<th style=\"text-align:").append(isNumeric(c) ? "right" : "left")
                    .append(";padding:2px 8px;border-bottom:1px solid #999\">").append(Html.escape(c.name())).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        int head = rows <= maxRows ? rows : maxRows / 2;
        int tailFrom = rows <= maxRows ? rows : rows - (maxRows - head);
        for (int r = 0; r < head; r++) {
            row(html, table, r);
        }
        if (tailFrom > head) {
            html.append("<tr><td colspan=\"").append(table.columnCount()).append("\" style=\"text-align:center\">… ")
                    .append(tailFrom - head).append(" more rows …</td></tr>\n");
        }
        for (int r = tailFrom; r < rows; r++) {
            row(html, table, r);
        }
        html.append("</tbody></table>\n<div style=\"color:#666;font-size:90%\">").append(rows).append(" rows × ")
                .append(table.columnCount()).append(" columns</div></div>\n");
        return html.toString();
    }

    /** The text of one cell, as the HTML shows it ({@value #DIGITS} significant digits, missing values empty). */
    public static String cell(Column<?> c, int row) {
        if (c.isMissing(row)) {
            return "";
        }
        Object v = c.get(row);
        if (v instanceof Double d) {
            return number(d);
        }
        if (v instanceof Float f) {
            return number(f.doubleValue());
        }
        return String.valueOf(v);
    }

    /**
     * A double for people: a whole number of magnitude 2 or more exactly, without decimals (a count kept in a
     * double column, such as 38 or 1056 pairs, or 100 %), anything else to {@value #DIGITS} significant digits.
     */
    static String number(double d) {
        if (Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) >= 2 && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Format.significant(d, DIGITS);
    }

    /**
     * The table as plain text (the {@code text/plain} of a notebook output and what prints outside a kernel): its
     * name, then aligned columns with the same cell texts as the HTML, head and tail of a long table.
     */
    public static String text(Table table, int maxRows) {
        if (maxRows < 2) {
            throw new IllegalArgumentException("maxRows must be at least 2, got " + maxRows);
        }
        int rows = table.rowCount(), cols = table.columnCount();
        int head = rows <= maxRows ? rows : maxRows / 2;
        int tailFrom = rows <= maxRows ? rows : rows - (maxRows - head);
        java.util.List<String[]> lines = new java.util.ArrayList<>();
        String[] header = new String[cols];
        for (int c = 0; c < cols; c++) header[c] = table.column(c).name();
        lines.add(header);
        java.util.List<Integer> shown = new java.util.ArrayList<>();
        for (int r = 0; r < head; r++) shown.add(r);
        for (int r = tailFrom; r < rows; r++) shown.add(r);
        for (int r : shown) {
            String[] line = new String[cols];
            for (int c = 0; c < cols; c++) line[c] = cell(table.column(c), r);
            lines.add(line);
        }
        int[] width = new int[cols];
        for (String[] l : lines) {
            for (int c = 0; c < cols; c++) width[c] = Math.max(width[c], l[c].length());
        }
        StringBuilder sb = new StringBuilder();
        if (table.name() != null && !table.name().isBlank()) sb.append(table.name()).append('\n');
        for (int i = 0; i < lines.size(); i++) {
            if (i == head + 1 && tailFrom > head) sb.append("... ").append(tailFrom - head).append(" more rows ...\n");
            String[] l = lines.get(i);
            for (int c = 0; c < cols; c++) {
                String pad = " ".repeat(width[c] - l[c].length());
                sb.append(c == 0 ? "" : "  ").append(isNumeric(table.column(c)) ? pad + l[c] : l[c] + pad);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static void row(StringBuilder html, Table table, int r) {
        html.append("<tr>");
        for (Column<?> c : table.columns()) {
            html.append("<td style=\"text-align:").append(isNumeric(c) ? "right" : "left").append(";padding:2px 8px\">")
                    .append(Html.escape(cell(c, r))).append("</td>");
        }
        html.append("</tr>\n");
    }

    private static boolean isNumeric(Column<?> c) {
        return c instanceof tech.tablesaw.api.NumericColumn<?>;
    }
}
