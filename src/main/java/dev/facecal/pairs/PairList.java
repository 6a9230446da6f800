package dev.facecal.pairs;

import dev.facecal.FacecalException;
import dev.facecal.dataset.CsvOut;
import dev.facecal.dataset.CsvReader;
import dev.facecal.dataset.Dataset;
import dev.facecal.dataset.Identity;
import dev.facecal.dataset.Label;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A pair list, DeepFace's {@code master.csv} ({@code file_x,file_y,Decision}), read and written in one place.
 *
 * <p>Reading ({@link #read}) follows RFC 4180 through {@link CsvReader}: commas, double quotes and line breaks inside
 * quoted fields, LF or CRLF line ends, a byte-order mark, blank lines skipped. The header must name {@code file_x},
 * {@code file_y} and a label column ({@link Label#COLUMNS}, any case; other columns are ignored, so a
 * {@code facecal distances} output reads back as its pairs); labels are {@link Label#SPELLINGS}. Writing
 * ({@link #render}, {@link #write}) is pandas' {@code to_csv} ({@link CsvOut}: a field is quoted only when it must
 * be), header {@code file_x,file_y,decision}, decision {@code Yes}/{@code No}, {@code \n} line ends, UTF-8; what is
 * written reads back to the same pairs, names with commas, quotes and any Unicode included.
 */
public final class PairList {
    /** The header written. */
    public static final String HEADER = "file_x,file_y,decision";

    private PairList() {}

    /** One pair and the line its record starts on. */
    private record Row(Pair pair, long line) {}

    /** The pairs of a pair-list file, in file order; a bad file is an error naming the file and the line. */
    public static List<Pair> read(Path csv) {
        return rows(csv).stream().map(Row::pair).toList();
    }

    private static List<Row> rows(Path csv) {
        try (BufferedReader in = dev.facecal.dataset.Utf8Text.reader(Files.newInputStream(csv), 1 << 16)) {
            CsvReader r = new CsvReader(in);
            List<String> header = new ArrayList<>();
            if (!r.next(header)) {
                throw new FacecalException(csv + ": the file is empty; expected the header file_x,file_y,decision");
            }
            List<String> h = header.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).toList();
            int x = h.indexOf("file_x"), y = h.indexOf("file_y"), label = -1;
            for (String c : Label.COLUMNS) {
                if (label < 0) label = h.indexOf(c);
            }
            if (x < 0 || y < 0 || label < 0) {
                throw new FacecalException(csv + ": expected the columns file_x, file_y and a label (decision, "
                        + "Decision or actual); the header has: " + String.join(", ", header));
            }
            List<Row> rows = new ArrayList<>();
            List<String> f = new ArrayList<>();
            while (r.next(f)) {
                if (f.size() != h.size()) {
                    throw new FacecalException(csv + " line " + r.line() + ": expected " + h.size() + " fields ("
                            + String.join(",", header) + "), found " + f.size() + "; quote a name that holds a "
                            + "comma (\"Smith, John/1.jpg\")");
                }
                Boolean same = Label.parse(f.get(label));
                if (same == null) {
                    throw new FacecalException(csv + " line " + r.line() + ": '" + f.get(label)
                            + "' is not a label; use " + Label.SPELLINGS);
                }
                if (f.get(x).isBlank() || f.get(y).isBlank()) {
                    throw new FacecalException(csv + " line " + r.line() + ": a photo name is empty");
                }
                rows.add(new Row(new Pair(f.get(x), f.get(y), same), r.line()));
            }
            return rows;
        } catch (NoSuchFileException e) {
            throw new FacecalException(csv + ": file not found");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw dev.facecal.dataset.Utf8Text.notUtf8(csv, e);
        } catch (IOException e) {
            throw new FacecalException(csv + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** The CSV text of {@code pairs}. */
    public static String render(List<Pair> pairs) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Pair p : pairs) CsvOut.row(sb, p.fileX(), p.fileY(), p.decision());
        return sb.toString();
    }

    /** Writes {@link #render} to {@code out} atomically (parent folders created). */
    public static void write(List<Pair> pairs, Path out) {
        CsvOut.writeAtomically(out, render(pairs));
    }

    /**
     * Recovers the people of a pair list such as DeepFace's {@code master.csv} ({@code file_x,file_y,Decision} with
     * Yes/No, or 1/0 as deepface-rs writes it): the connected components of the same-person pairs, in the order their
     * first photo appears in the file, each with its photos in order of first appearance; a photo that is only in
     * different-person pairs becomes a person of its own. People are named {@code person-1}, {@code person-2}, ...
     * The root is the CSV's folder (DeepFace keeps {@code master.csv} beside the photos). For the file DeepFace
     * ships this gives back its 9 people in the order that makes {@code PairGenerator.all} reproduce the file row
     * for row. A different-person pair inside one component is an error naming both lines.
     */
    public static Dataset people(Path file) {
        List<Row> rows = rows(file);
        Map<String, Integer> index = new LinkedHashMap<>();
        for (Row r : rows) {
            index.putIfAbsent(r.pair().fileX(), index.size());
            index.putIfAbsent(r.pair().fileY(), index.size());
        }
        int[] parent = new int[index.size()];
        for (int i = 0; i < parent.length; i++) parent[i] = i;
        for (Row r : rows) {
            if (r.pair().same()) {
                int a = find(parent, index.get(r.pair().fileX())), b = find(parent, index.get(r.pair().fileY()));
                if (a != b) {
                    parent[Math.max(a, b)] = Math.min(a, b); // the root is always the earliest photo
                }
            }
        }
        for (Row r : rows) {
            Pair p = r.pair();
            if (!p.same() && find(parent, index.get(p.fileX())) == find(parent, index.get(p.fileY()))) {
                throw new FacecalException(file + " line " + r.line() + ": " + p.fileX() + " and " + p.fileY()
                        + " are labelled different people, but the same-person pairs of the file link them; "
                        + "fix the label");
            }
        }
        Map<Integer, List<String>> groups = new LinkedHashMap<>();
        for (var e : index.entrySet()) {
            groups.computeIfAbsent(find(parent, e.getValue()), g -> new ArrayList<>()).add(e.getKey());
        }
        List<Identity> ids = new ArrayList<>();
        for (List<String> g : groups.values()) ids.add(new Identity("person-" + (ids.size() + 1), g));
        Path dir = file.toAbsolutePath().getParent();
        return new Dataset(file.toString(), dir, ids);
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
