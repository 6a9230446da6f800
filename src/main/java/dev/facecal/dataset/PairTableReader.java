package dev.facecal.dataset;

import dev.facecal.FacecalException;
import dev.facecal.Provenance;
import java.io.BufferedReader;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a CSV of labelled pairs with distances: DeepFace's {@code face-recognition-pivot.csv}
 * ({@code file_x,file_y,decision,VGG-Face_cosine,...}), deepface-rs's {@code <model>.csv}
 * ({@code file_x,file_y,decision,cosine,euclidean,euclidean_l2} with 1/0), the notebooks' tables with
 * {@code actual} ("Same Person"/"Different Persons"), or any table with a label column and distance columns.
 *
 * <p>The label column is the first header equal (ignoring case) to one of {@link Label#COLUMNS}. Distance
 * columns are the requested ones or, by default, every other column except {@code file_x}, {@code file_y},
 * an unnamed index column, {@code prediction} and columns ending in {@code _decision}, {@code _threshold},
 * {@code _confidence}, {@code _prediction}, whose first value is a number (or empty, NaN or infinite, which is
 * then reported as an error with its line). Every value of a distance column must
 * be a finite number {@code >= 0}; anything else is an error naming the file, line and column.
 */
public final class PairTableReader {
    private PairTableReader() {}

    /** Reads every distance column, parsing numbers as pandas' {@code read_csv} does. */
    public static PairTable read(Path file) {
        return read(file, List.of());
    }

    /** Reads the given distance columns (all when {@code columns} is empty) with pandas' number parser. */
    public static PairTable read(Path file, List<String> columns) {
        return read(file, columns, FloatParser.PANDAS);
    }

    /** Reads the given distance columns (all when {@code columns} is empty) with the given number parser. */
    public static PairTable read(Path file, List<String> columns, FloatParser parser) {
        return read(file, columns, parser, ScoreDirection.DISTANCE);
    }

    /**
     * Reads the given score columns (all when {@code columns} is empty) with the given number parser. Distances must
     * be finite and {@code >= 0}; similarities ({@link ScoreDirection#SIMILARITY}) finite.
     */
    public static PairTable read(Path file, List<String> columns, FloatParser parser, ScoreDirection direction) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        // the file is hashed while it is read (one pass): the SHA-256 goes into the table's provenance
        try (InputStream raw = new DigestInputStream(Files.newInputStream(file), sha);
             BufferedReader in = Utf8Text.reader(raw, 1 << 16)) {
            PairTable t = read(file, in, columns, parser, direction);
            in.transferTo(java.io.Writer.nullWriter()); // the whole file is hashed, trailing blank lines included
            Provenance p = Provenance.empty().with("input", "file", file.toString())
                    .with("input", "sha256", HexFormat.of().formatHex(sha.digest()))
                    .with("input", "parser", parser.label())
                    .with("input", "direction", direction.label())
                    .with("input", "columns", String.join(",", t.columns()))
                    .with("warnings", t.provenance().section("warnings"));
            return new PairTable(t.source(), t.labelColumn(), t.positive(), t.distances(), p);
        } catch (NoSuchFileException e) {
            throw new FacecalException(file + ": file not found");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw Utf8Text.notUtf8(file, e);
        } catch (IOException e) {
            throw new FacecalException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    static PairTable read(Path file, BufferedReader in, List<String> requested, FloatParser parser,
                          ScoreDirection direction) throws IOException {
        CsvReader csv = new CsvReader(in);
        List<String> header = new ArrayList<>();
        if (!csv.next(header)) {
            throw new FacecalException(file + ": the file is empty; expected a header such as "
                    + "file_x,file_y,decision,cosine and one row per pair");
        }
        header.replaceAll(String::trim);
        int labelIdx = labelColumn(header);
        if (labelIdx < 0) {
            throw new FacecalException(file + ": no label column; expected a column named one of "
                    + String.join(", ", Label.COLUMNS) + " (any case) holding " + Label.SPELLINGS
                    + "; the header has: " + String.join(", ", header));
        }
        List<String> fields = new ArrayList<>();
        if (!csv.next(fields)) {
            throw new FacecalException(file + ": no pairs after the header line");
        }
        int[] cols = distanceColumns(file, header, labelIdx, requested, fields);
        // columns whose first value is not a number: text columns, unless a later row holds a number there
        int[] textCols = requested.isEmpty() ? textColumns(header, labelIdx, fields) : new int[0];
        String[] textFirst = new String[textCols.length];
        for (int k = 0; k < textCols.length; k++) textFirst[k] = fields.get(textCols[k]).trim();
        long firstLine = csv.line();
        if (cols.length == 0 && textCols.length == 0) throw noDistanceColumn(file, header, labelIdx, List.of());
        int xIdx = photoColumn(header, "file_x", "img1"), yIdx = photoColumn(header, "file_y", "img2");
        long[] pairHash = new long[xIdx >= 0 && yIdx >= 0 ? 1024 : 0];
        int[] rowLine = new int[pairHash.length];

        int width = header.size();
        double[][] data = new double[cols.length][1024];
        boolean[] labels = new boolean[1024];
        int rows = 0;
        do {
            long lineNo = csv.line();
            if (fields.size() != width) {
                throw new FacecalException(file + " line " + lineNo + ": expected " + width + " fields ("
                        + String.join(",", header) + "), found " + fields.size());
            }
            if (rows == labels.length) {
                int cap = labels.length * 2;
                labels = Arrays.copyOf(labels, cap);
                for (int c = 0; c < cols.length; c++) data[c] = Arrays.copyOf(data[c], cap);
            }
            Boolean label = Label.parse(fields.get(labelIdx));
            if (label == null) {
                throw new FacecalException(file + " line " + lineNo + ", column '" + header.get(labelIdx) + "': '"
                        + fields.get(labelIdx) + "' is not a label; use " + Label.SPELLINGS);
            }
            labels[rows] = label;
            for (int k = 0; k < textCols.length; k++) {
                String v = fields.get(textCols[k]).trim();
                if (strictNumber(v)) {
                    throw new FacecalException(file + " line " + firstLine + ", column '" + header.get(textCols[k])
                            + "': '" + textFirst[k] + "' is not a number, but line " + lineNo + " of the column holds "
                            + v + ": every distance must be a number (fix or remove the row; if '"
                            + header.get(textCols[k]) + "' is not a distance column, name the others with --columns)");
                }
            }
            if (pairHash.length > 0) {
                if (rows == pairHash.length) {
                    pairHash = Arrays.copyOf(pairHash, rows * 2);
                    rowLine = Arrays.copyOf(rowLine, rows * 2);
                }
                pairHash[rows] = unorderedPairHash(fields.get(xIdx).trim(), fields.get(yIdx).trim());
                rowLine[rows] = (int) Math.min(Integer.MAX_VALUE, lineNo);
            }
            for (int c = 0; c < cols.length; c++) {
                data[c][rows] = score(file, lineNo, header.get(cols[c]), fields.get(cols[c]), parser, direction);
            }
            rows++;
        } while (csv.next(fields));
        if (cols.length == 0) {
            List<String> text = new ArrayList<>();
            for (int c : textCols) text.add(header.get(c));
            throw noDistanceColumn(file, header, labelIdx, text);
        }
        boolean[] positive = Arrays.copyOf(labels, rows);
        int p = 0;
        for (boolean b : positive) {
            if (b) p++;
        }
        if (p == 0 || p == rows) {
            throw new FacecalException(file + ": all " + rows + " pairs are "
                    + (p == 0 ? "different-person" : "same-person") + " pairs (column '" + header.get(labelIdx)
                    + "'); calibration needs both same-person and different-person pairs");
        }
        Map<String, double[]> distances = new LinkedHashMap<>();
        for (int c = 0; c < cols.length; c++) {
            distances.put(header.get(cols[c]), Arrays.copyOf(data[c], rows));
        }
        Provenance warnings = Provenance.empty().with("input", "file", file.toString());
        if (p < 2 || rows - p < 2) {
            warnings = warnings.with("warnings", "few_pairs", (p < 2 ? p + " same-person pair(s)" : (rows - p)
                    + " different-person pair(s)") + ": a standard deviation needs at least 2 (reported as nan) "
                    + "and thresholds from so few pairs mean little; calibrate on more pairs");
        }
        if (pairHash.length > 0) {
            String dup = duplicates(Arrays.copyOf(pairHash, rows), rowLine);
            if (dup != null) warnings = warnings.with("warnings", "duplicate_pairs", dup);
        }
        return new PairTable(file, header.get(labelIdx), positive, distances, warnings);
    }

    /** The first column named one of {@code names} (any case), or -1. */
    private static int photoColumn(List<String> header, String... names) {
        for (String n : names) {
            for (int i = 0; i < header.size(); i++) if (header.get(i).equalsIgnoreCase(n)) return i;
        }
        return -1;
    }

    /** 64-bit FNV-1a of the two names in sorted order: (x, y) and (y, x) are the same pair. */
    static long unorderedPairHash(String x, String y) {
        String a = x.compareTo(y) <= 0 ? x : y, b = a == x ? y : x;
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < a.length(); i++) h = (h ^ a.charAt(i)) * 0x100000001b3L;
        h = (h ^ 0xffff) * 0x100000001b3L;
        for (int i = 0; i < b.length(); i++) h = (h ^ b.charAt(i)) * 0x100000001b3L;
        return h;
    }

    /** A warning naming the first repeated pair and how many rows repeat an earlier one, or null. */
    private static String duplicates(long[] hashes, int[] lines) {
        long[] sorted = hashes.clone();
        Arrays.sort(sorted);
        int repeats = 0;
        long first = 0;
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                if (repeats == 0) first = sorted[i];
                repeats++;
            }
        }
        if (repeats == 0) return null;
        int a = -1, b = -1;
        for (int i = 0; i < hashes.length && b < 0; i++) {
            if (hashes[i] == first) {
                if (a < 0) a = i;
                else b = i;
            }
        }
        return repeats + " row(s) repeat a pair listed before (e.g. lines " + lines[a] + " and " + lines[b]
                + " name the same two photos); each row counts in every statistic, so remove the repeated rows "
                + "unless they are meant";
    }

    private static FacecalException noDistanceColumn(Path file, List<String> header, int labelIdx, List<String> text) {
        return new FacecalException(file + ": no distance column; expected at least one numeric column "
                + "besides file_x, file_y and '" + header.get(labelIdx) + "'; the header has: "
                + String.join(", ", header) + (text.isEmpty() ? "" : " (" + String.join(", ", text)
                + " hold no numbers)"));
    }

    /** Candidate score columns whose first value is not a number (text columns, or a bad first row). */
    private static int[] textColumns(List<String> header, int labelIdx, List<String> firstRow) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < header.size() && i < firstRow.size(); i++) {
            if (i == labelIdx || reserved(header.get(i))) continue;
            if (!isNumber(firstRow.get(i))) out.add(i);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean strictNumber(String s) {
        if (s.isEmpty()) return false;
        char c = s.charAt(0);
        if (!(Character.isDigit(c) || c == '-' || c == '+' || c == '.')) return false;
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static int labelColumn(List<String> header) {
        for (String name : Label.COLUMNS) {
            for (int i = 0; i < header.size(); i++) {
                if (header.get(i).equalsIgnoreCase(name)) return i;
            }
        }
        return -1;
    }

    private static boolean reserved(String name) {
        String s = name.toLowerCase(Locale.ROOT);
        return s.isEmpty() || s.equals("file_x") || s.equals("file_y") || s.equals("img1") || s.equals("img2")
                || s.startsWith("unnamed:") || s.equals("prediction") || s.endsWith("_decision")
                || s.endsWith("_threshold") || s.endsWith("_confidence") || s.endsWith("_prediction")
                || s.endsWith("_embeddings");
    }

    private static int[] distanceColumns(Path file, List<String> header, int labelIdx, List<String> requested,
                                         List<String> firstRow) {
        List<Integer> out = new ArrayList<>();
        if (requested.isEmpty()) {
            for (int i = 0; i < header.size(); i++) {
                if (i == labelIdx || reserved(header.get(i)) || i >= firstRow.size()) continue;
                if (isNumber(firstRow.get(i))) out.add(i);
            }
        } else {
            for (String name : requested) {
                int idx = header.indexOf(name);
                if (idx < 0) {
                    throw new FacecalException(file + ": no column '" + name + "'; the header has: "
                            + String.join(", ", header));
                }
                if (idx == labelIdx) {
                    throw new FacecalException(file + ": '" + name + "' is the label column, not a distance column");
                }
                out.add(idx);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean isNumber(String s) {
        String lower = s.trim().toLowerCase(Locale.ROOT);
        if (lower.isEmpty() || lower.equals("nan") || lower.matches("[-+]?inf(inity)?")) {
            return true; // a missing or non-finite distance: reported with its line by distance()
        }
        try {
            Double.parseDouble(s.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static double score(Path file, long lineNo, String column, String text, FloatParser parser,
                                ScoreDirection direction) {
        if (direction == ScoreDirection.SIMILARITY) {
            return similarity(file, lineNo, column, text, parser);
        }
        String s = text.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.equals("nan") || lower.contains("inf")) {
            throw new FacecalException(file + " line " + lineNo + ", column '" + column + "': distance " + s
                    + " is not allowed; distances must be finite and >= 0 (recompute it or remove the row)");
        }
        double d;
        try {
            d = parser.parse(s);
        } catch (NumberFormatException e) {
            throw new FacecalException(file + " line " + lineNo + ", column '" + column + "': "
                    + (s.isEmpty() ? "empty value" : "'" + s + "' is not a number")
                    + "; every distance must be a number >= 0 (fix or remove the row)");
        }
        if (Double.isNaN(d) || Double.isInfinite(d) || d < 0) {
            throw new FacecalException(file + " line " + lineNo + ", column '" + column + "': distance " + s
                    + " is not allowed; distances must be finite and >= 0 (recompute it or remove the row)");
        }
        return d;
    }

    private static double similarity(Path file, long lineNo, String column, String text, FloatParser parser) {
        String s = text.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        double d;
        try {
            d = lower.equals("nan") || lower.contains("inf") ? Double.NaN : parser.parse(s);
        } catch (NumberFormatException e) {
            throw new FacecalException(file + " line " + lineNo + ", column '" + column + "': "
                    + (s.isEmpty() ? "empty value" : "'" + s + "' is not a number")
                    + "; every similarity must be a finite number (fix or remove the row)");
        }
        if (!Double.isFinite(d)) {
            throw new FacecalException(file + " line " + lineNo + ", column '" + column + "': similarity " + s
                    + " is not allowed; similarities must be finite (recompute it or remove the row)");
        }
        return d;
    }
}
