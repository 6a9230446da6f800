package dev.facecal.spark;

import dev.facecal.FacecalException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A folder-per-identity photo set on any Hadoop file system, listed on the driver: each subfolder is a person, each
 * file in it one of their photos (whatever its name: a file that is not an image becomes a row with status
 * {@code unreadable}, not a crash). Hidden entries ({@code .} or {@code _} first) are left out, as Spark does; files
 * directly in the folder belong to nobody and are counted, not embedded. Photos come sorted by path, so the listing
 * does not depend on the file system's order.
 *
 * @param root   the folder, fully qualified
 * @param photos the photos, sorted by path
 * @param loose  files directly in the folder (not in a person's subfolder), left out
 */
record IdentityFolders(String root, List<DatasetPhoto> photos, int loose) {
    IdentityFolders {
        photos = List.copyOf(photos);
    }

    /** Lists {@code dir}; a missing folder, a file, or a folder without photos is a one-line message. */
    static IdentityFolders list(String dir, Configuration conf) {
        Path root = new Path(dir);
        try {
            FileSystem fs = root.getFileSystem(conf);
            FileStatus top;
            try {
                top = fs.getFileStatus(root);
            } catch (FileNotFoundException e) {
                throw new FacecalException("--dataset " + dir + ": no such folder; give a folder with one subfolder "
                        + "of photos per person (e.g. DIR/alice/1.jpg, DIR/bob/1.jpg)");
            }
            if (!top.isDirectory()) {
                throw new FacecalException("--dataset " + dir + " is a file, not a folder; give a folder with one "
                        + "subfolder of photos per person (e.g. DIR/alice/1.jpg, DIR/bob/1.jpg)");
            }
            String qualified = fs.makeQualified(root).toString();
            List<DatasetPhoto> photos = new ArrayList<>();
            int loose = 0;
            for (FileStatus s : fs.listStatus(root)) {
                if (hidden(s.getPath())) continue;
                if (!s.isDirectory()) {
                    loose++;
                    continue;
                }
                String identity = s.getPath().getName();
                for (FileStatus f : fs.listStatus(s.getPath())) {
                    if (f.isFile() && !hidden(f.getPath())) {
                        photos.add(new DatasetPhoto(identity, f.getPath().toString()));
                    }
                }
            }
            photos.sort(Comparator.comparing(DatasetPhoto::path));
            if (photos.isEmpty()) {
                throw new FacecalException("--dataset " + dir + " has no photos in subfolders" + (loose > 0 ? " ("
                        + loose + " file(s) directly in it belong to no person)" : "") + "; put each person's "
                        + "photos in a subfolder named after them (e.g. DIR/alice/1.jpg)");
            }
            return new IdentityFolders(qualified, photos, loose);
        } catch (IOException e) {
            throw new FacecalException("--dataset " + dir + ": cannot list it (" + e.getMessage() + "); check the "
                    + "path and that its file system is reachable", e);
        }
    }

    /** The number of persons. */
    long identities() {
        return photos.stream().map(DatasetPhoto::identity).distinct().count();
    }

    static boolean hidden(Path p) {
        String n = p.getName();
        return n.startsWith(".") || n.startsWith("_");
    }
}
