package dev.facecal.notebook;

import dev.facecal.calibrate.Numbers;
import dev.facecal.report.Html;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Tablesaw table as an HTML {@code <table>} for a notebook output. Doubles are written as Python's
 * {@code repr} writes them (the shortest text that reads back to the same double, {@link Numbers#repr}), so a
 * threshold shown in a notebook is the exact value the library computed and the value {@code facecal calibrate}
 * prints; numbers are right-aligned. Tables longer than {@code maxRows} show their head and tail with a marker row,
 * as pandas does.
 */
public final class HtmlTable {
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

    /** The text of one cell, as the HTML shows it (doubles in Python repr, missing values empty). */
    public static String cell(Column<?> c, int row) {
        if (c.isMissing(row)) {
            return "";
        }
        Object v = c.get(row);
        if (v instanceof Double d) {
            return Numbers.repr(d);
        }
        if (v instanceof Float f) {
            return Numbers.repr(f.doubleValue());
        }
        return String.valueOf(v);
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
