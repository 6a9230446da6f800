package dev.facecal.dataset;

import java.nio.file.Path;
import java.util.List;

/**
 * The {@code master.csv} of a folder of identity folders, byte for byte as deepface-rs's
 * {@code calibration/generate-csv.py} (A2va/deepface-rs) writes it: header {@code file_x,file_y,decision}; first
 * every same-person pair, person by person in folder-listing order, photo {@code i} with each later photo
 * {@code j}; then every different-person pair, people {@code i < j}, photos in {@code itertools.product} order;
 * labels {@code 1} and {@code 0} (the script's comment says Yes/No, its code writes 1/0); photos named
 * {@code person/entry}; pandas' CSV quoting; {@code \n} line ends. The listing is
 * {@link Dataset#fromFoldersAsListed(Path)}: on the same file system the same order Python gets.
 *
 * <p>Two differences on purpose: the script fails unless given an absolute path or {@code .} (it joins the folder
 * twice), facecal takes any path; and {@link Labels#YES_NO} offers DeepFace's own spelling.
 */
public final class MasterCsv {
    /** The header generate-csv.py writes. */
    public static final String HEADER = "file_x,file_y,decision";

    private MasterCsv() {}

    /** How the decision column is spelled. */
    public enum Labels {
        /** {@code 1}/{@code 0}, as generate-csv.py writes */
        ONE_ZERO("1", "0"),
        /** {@code Yes}/{@code No}, as DeepFace's notebooks and its {@code master.csv} write */
        YES_NO("Yes", "No");

        final String same;
        final String different;

        Labels(String same, String different) {
            this.same = same;
            this.different = different;
        }
    }

    /** The CSV text for the identity folders under {@code root}. */
    public static String of(Path root, Labels labels) {
        return render(Dataset.fromFoldersAsListed(root), labels);
    }

    /** Writes the CSV for {@code root} to {@code out} (atomically) and returns the dataset it listed. */
    public static Dataset write(Path root, Path out, Labels labels) {
        Dataset d = Dataset.fromFoldersAsListed(root);
        CsvOut.writeAtomically(out, render(d, labels));
        return d;
    }

    /** The CSV text for a dataset's people in their order (the notebooks' loops). */
    public static String render(Dataset d, Labels labels) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Identity id : d.identities()) {
            List<String> v = id.files();
            for (int i = 0; i < v.size() - 1; i++) {
                for (int j = i + 1; j < v.size(); j++) CsvOut.row(sb, v.get(i), v.get(j), labels.same);
            }
        }
        List<Identity> ids = d.identities();
        for (int i = 0; i < ids.size() - 1; i++) {
            for (int j = i + 1; j < ids.size(); j++) {
                for (String x : ids.get(i).files()) {
                    for (String y : ids.get(j).files()) CsvOut.row(sb, x, y, labels.different);
                }
            }
        }
        return sb.toString();
    }
}
