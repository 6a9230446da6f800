package dev.facecal.notebook;

import dev.facecal.AtomicFiles;
import dev.facecal.FacecalException;
import dev.facecal.Provenance;
import dev.facecal.config.Configuration;
import dev.facecal.dataset.Dataset;
import dev.facecal.models.ModelStore;
import dev.facecal.pipeline.DatasetSource;
import dev.facecal.pipeline.DatasetStage;
import dev.facecal.pipeline.EmbeddingOptions;
import dev.facecal.study.MixProtocol;
import dev.facecal.study.scale.LabelledEmbeddings;
import dev.facecal.study.scale.ScaleSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a notebook finds the project's data and settings: the project folder, DeepFace's test photos (fetched into
 * {@code dataset/deepface-unit/} from the offline mirror or their pinned URLs, SHA-256 checked), the bundled
 * manifests, the embeddings stage's options with the model installed, a face gallery, and an output folder per
 * notebook. Everything comes from the {@link Configuration} (the one place facecal reads the environment): the
 * project folder is {@code $FACECAL_HOME} or the nearest folder up from the working folder holding
 * {@code dataset/deepface-unit.tsv}; the mirror is {@code $FACECAL_DATA_MIRROR}, else the development layout's
 * mirror beside the project when present, else none (pinned downloads).
 */
public final class Workspace {
    private final Configuration config;
    private final Path root;
    private final Path mirror;
    private FaceGallery gallery;

    /**
     * A workspace on {@code root} with {@code mirror} (may be null) and the settings of {@code config}.
     */
    public Workspace(Configuration config, Path root, Path mirror) {
        this.config = config;
        this.root = root;
        this.mirror = mirror;
    }

    /** A workspace on {@code root} with this process's settings. */
    public Workspace(Path root, Path mirror) {
        this(Configuration.fromEnvironment(), root, mirror);
    }

    /** Finds the project folder and the mirror; an error saying what to set when there is no project folder. */
    public static Workspace open() {
        Configuration config = Configuration.fromEnvironment();
        Path root = config.projectRoot();
        return new Workspace(config, root, config.projectMirror(root));
    }

    /** The project folder. */
    public Path root() {
        return root;
    }

    /** The offline mirror, or null. */
    public Path mirror() {
        return mirror;
    }

    /** The settings. */
    public Configuration configuration() {
        return config;
    }

    /**
     * DeepFace's 62 test photos and two CSVs in {@code dataset/deepface-unit/}, fetched if missing (mirror or
     * pinned URLs, SHA-256 checked either way).
     */
    public Path photos() {
        Path target = root.resolve("dataset").resolve("deepface-unit");
        var r = DatasetStage.fetch(new DatasetSource.Pinned("deepface-unit", mirror, target),
                new PrintWriter(System.out, true));
        if (r.copied() + r.downloaded() > 0) {
            System.out.println("deepface-unit: " + r.copied() + " files copied from " + mirror + ", " + r.downloaded()
                    + " downloaded, " + r.present() + " already there (SHA-256 checked)");
        }
        return target;
    }

    /** The 9 people of DeepFace's notebooks ({@code dataset/deepface-notebooks.json}), photos fetched. */
    public Dataset notebookPeople() {
        photos();
        return DatasetStage.load(new DatasetSource.Manifest(root.resolve("dataset/deepface-notebooks.json")), null);
    }

    /** All 13 people of deepface-unit ({@code dataset/deepface-unit-people.json}), photos fetched. */
    public Dataset unitPeople() {
        photos();
        return DatasetStage.load(new DatasetSource.Manifest(root.resolve("dataset/deepface-unit-people.json")), null);
    }

    /**
     * Seed 001's Mix data set as the seed prints it ({@code dataset/mix-seed001.json}, 12 people x 4 photos),
     * rooted at {@code dataset/mix/} (its photos are not published; the folder may be empty).
     */
    public Dataset mixSeed001() {
        return DatasetStage.load(new DatasetSource.Manifest(root.resolve("dataset/mix-seed001.json")),
                root.resolve("dataset/mix"));
    }

    /**
     * The embeddings stage's options of {@code facecal distances} (dlib, Haar detection with alignment, dominant
     * face, the embedding cache), installing dlib if it is missing.
     */
    public EmbeddingOptions embedding() {
        ModelStore store = new ModelStore(config.modelsDir(null));
        return embedding(EmbeddingOptions.of(store, config.cascadeDir(), config.embeddingCache(null)).model());
    }

    /** The model folder ({@code FACECAL_MODELS}, else {@code ~/.cache/facecal/models}). */
    public ModelStore modelStore() {
        return new ModelStore(config.modelsDir(null));
    }

    /**
     * Installs each of {@code models} that is missing (download and conversion printed) and returns those that are
     * installed afterwards, in order; a model that cannot be installed (no network, a changed package) is left out
     * with a note saying why, so that the other models' results still come.
     */
    public java.util.List<String> install(java.util.List<String> models) {
        ModelStore store = modelStore();
        PrintWriter log = new PrintWriter(System.out, true);
        java.util.List<String> ok = new java.util.ArrayList<>();
        for (String model : models) {
            try {
                if (store.installed(model).isEmpty()) store.install(model, null, null, false, log);
                ok.add(model);
            } catch (FacecalException e) {
                Show.note("model " + model + " left out: " + e.getMessage());
            }
        }
        return java.util.List.copyOf(ok);
    }

    /**
     * {@link #embedding()} with the catalogue model {@code model} instead of dlib (installed into the model folder
     * if missing, its download and conversion printed; the spec of the model decides its input and alignment).
     */
    public EmbeddingOptions embedding(String model) {
        ModelStore store = modelStore();
        if (store.installed(model).isEmpty()) {
            store.install(model, null, null, false, new PrintWriter(System.out, true));
        }
        return EmbeddingOptions.of(store, config.cascadeDir(), config.embeddingCache(null)).withModel(model);
    }

    /** The faces as the default options draw them, for {@link Show#pairs}; one gallery per workspace. */
    public synchronized FaceGallery gallery() {
        if (gallery == null) gallery = new FaceGallery(embedding().faces());
        return gallery;
    }

    /** Seed 001's Mix protocol: the seed's run when VGG-Face and the Mix photos are here, else the fallback. */
    public MixProtocol.Choice mixProtocol() {
        return mixProtocol(mixSeed001());
    }

    /**
     * As {@link #mixProtocol()} with another version of the seed's list for the seed's own run, e.g.
     * {@link MixProtocol#corrected}{@code (mixSeed001())} (the duplicate {@code img40.jpg} replaced).
     */
    public MixProtocol.Choice mixProtocol(Dataset seedList) {
        return MixProtocol.choose(seedList, this::unitPeople, embedding(), new PrintWriter(System.out, true));
    }

    /** Seed 002's at-scale embeddings: LFW embedded when it is under {@code dataset/lfw}, else synthetic ones. */
    public LabelledEmbeddings scaleEmbeddings(long seed) {
        return ScaleSource.choose(root, this::embedding, seed, new NotebookProgress());
    }

    /**
     * The folder for what notebook {@code name} writes, created: {@code $FACECAL_NOTEBOOK_OUT/<name>/} when set
     * ({@code environment/run-notebooks.py} sets it to its {@code --out} folder, so the files land beside the
     * executed notebooks), else {@code out/notebooks/<name>/} under the project folder.
     */
    public Path output(String name) {
        Path dir = config.notebookOut(root).resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new FacecalException("cannot create " + dir + " (" + e.getMessage() + ")", e);
        }
        return dir;
    }

    /**
     * Writes how notebook {@code name}'s results were made to {@code provenance.json} in its output folder, for the
     * notebooks' summary; returns the file.
     */
    public Path recordProvenance(String name, Provenance provenance) {
        Path file = output(name).resolve("provenance.json");
        AtomicFiles.writeString(file, provenance.with("notebook", "name", name).toJson());
        return file;
    }
}
