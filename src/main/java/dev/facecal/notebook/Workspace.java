package dev.facecal.notebook;

import dev.facecal.FacecalException;
import dev.facecal.dataset.Dataset;
import dev.facecal.dataset.DatasetFetch;
import dev.facecal.dataset.DatasetManifest;
import dev.facecal.pipeline.FacePipeline;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a notebook finds the project's data: the project folder, DeepFace's test photos (fetched into
 * {@code dataset/deepface-unit/} from the offline mirror or their pinned URLs, SHA-256 checked), the bundled
 * manifests, the face pipeline with its model installed, and an output folder per notebook.
 *
 * <p>The project folder is {@code $FACECAL_HOME} (the {@code facecal} kernelspec sets it), else the nearest
 * folder at or above the working directory holding {@code dataset/deepface-unit.tsv}. The mirror is
 * {@code $FACECAL_DATA_MIRROR}, else {@code ../shared/datasets/deepface-unit} beside the project when present
 * (the development and CI layout, as the launcher does), else none (pinned downloads).
 *
 * @param root   the project folder
 * @param mirror the offline mirror folder, or null
 */
public record Workspace(Path root, Path mirror) {

    /** Finds the project folder and the mirror; an error saying what to set when there is no project folder. */
    public static Workspace open() {
        Path root = null;
        String home = System.getenv("FACECAL_HOME");
        if (home != null && !home.isBlank()) {
            root = Path.of(home).toAbsolutePath().normalize();
            if (!Files.isRegularFile(root.resolve("dataset/deepface-unit.tsv"))) {
                throw new FacecalException("FACECAL_HOME=" + home + " is not a facecal project folder (no "
                        + "dataset/deepface-unit.tsv there); point it at your clone of facecal");
            }
        } else {
            for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
                if (Files.isRegularFile(p.resolve("dataset/deepface-unit.tsv"))) {
                    root = p;
                    break;
                }
            }
            if (root == null) {
                throw new FacecalException("cannot find the facecal project folder from " + Path.of("").toAbsolutePath()
                        + ": set FACECAL_HOME to your clone of facecal (environment/setup.sh does this in the kernelspec)");
            }
        }
        Path mirror = null;
        String m = System.getenv("FACECAL_DATA_MIRROR");
        if (m != null && !m.isBlank()) {
            mirror = Path.of(m);
        } else if (Files.isDirectory(root.resolve("../shared/datasets/deepface-unit"))) {
            mirror = root.resolve("../shared/datasets/deepface-unit").normalize();
        }
        return new Workspace(root, mirror);
    }

    /**
     * DeepFace's 62 test photos and two CSVs in {@code dataset/deepface-unit/}, fetched if missing (mirror or
     * pinned URLs, SHA-256 checked either way).
     */
    public Path photos() {
        Path target = root.resolve("dataset").resolve("deepface-unit");
        var r = DatasetFetch.fetch(DatasetManifest.bundled("deepface-unit"), mirror, target, new PrintWriter(System.out, true));
        if (r.copied() + r.downloaded() > 0) {
            System.out.println("deepface-unit: " + r.copied() + " files copied from " + mirror + ", " + r.downloaded()
                    + " downloaded, " + r.present() + " already there (SHA-256 checked)");
        }
        return target;
    }

    /** The 9 people of DeepFace's notebooks ({@code dataset/deepface-notebooks.json}), photos fetched. */
    public Dataset notebookPeople() {
        photos();
        return Dataset.fromManifest(root.resolve("dataset/deepface-notebooks.json"));
    }

    /** All 13 people of deepface-unit ({@code dataset/deepface-unit-people.json}), photos fetched. */
    public Dataset unitPeople() {
        photos();
        return Dataset.fromManifest(root.resolve("dataset/deepface-unit-people.json"));
    }

    /**
     * Seed 001's Mix data set as the seed prints it ({@code dataset/mix-seed001.json}, 12 people x 4 photos),
     * rooted at {@code dataset/mix/} (its photos are not published; the folder may be empty).
     */
    public Dataset mixSeed001() {
        return Dataset.fromManifest(root.resolve("dataset/mix-seed001.json")).withRoot(root.resolve("dataset/mix"));
    }

    /** The default face pipeline (dlib, Haar + alignment, dominant face), installing dlib if it is missing. */
    public FacePipeline pipeline() {
        return FacePipeline.defaults().ensureInstalled(new PrintWriter(System.out, true));
    }

    /**
     * The folder for what notebook {@code name} writes, created: {@code $FACECAL_NOTEBOOK_OUT/<name>/} when set
     * ({@code environment/run-notebooks.py} sets it to its {@code --out} folder, so the files land beside the
     * executed notebooks), else {@code out/notebooks/<name>/} under the project folder.
     */
    public Path output(String name) {
        String env = System.getenv("FACECAL_NOTEBOOK_OUT");
        Path base = env != null && !env.isBlank() ? Path.of(env) : root.resolve("out").resolve("notebooks");
        Path dir = base.resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new FacecalException("cannot create " + dir + " (" + e.getMessage() + ")", e);
        }
        return dir;
    }
}
