package dev.facecal.config;

import dev.facecal.FacecalException;
import dev.facecal.face.HaarCascades;
import dev.facecal.face.YuNetDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where facecal reads its settings from the environment: the one place. Everything below the command line and the
 * notebooks takes explicit folders and files; this record turns the environment into them, once, and the callers
 * pass them down. A setting is, in order: an explicit option (a command-line flag), then the environment variable,
 * then the default.
 *
 * <table>
 *   <caption>settings</caption>
 *   <tr><th>setting</th><th>variable</th><th>default</th></tr>
 *   <tr><td>cache folder (datasets, embeddings, Haar cascades)</td><td>{@value #CACHE}</td>
 *       <td>{@code ~/.cache/facecal}</td></tr>
 *   <tr><td>model folder</td><td>{@value #MODELS}</td><td>{@code ~/.cache/facecal/models}</td></tr>
 *   <tr><td>offline mirror of pinned dataset files</td><td>{@value #DATA_MIRROR}</td><td>none (download); for
 *       notebooks {@code ../shared/datasets/deepface-unit} beside the project folder when it exists</td></tr>
 *   <tr><td>Haar cascade folder</td><td>{@value #CASCADES}</td><td>the copies in facecal's jar, in the cache</td></tr>
 *   <tr><td>YuNet model</td><td>{@value YuNetDetector#ENV}, {@code DEEPFACE_HOME}</td>
 *       <td>DeepFace's {@code ~/.deepface/weights/}</td></tr>
 *   <tr><td>YuNet score threshold</td><td>{@value YuNetDetector#SCORE_ENV} (DeepFace's)</td><td>0.9</td></tr>
 *   <tr><td>project folder (notebooks)</td><td>{@value #HOME}</td><td>the nearest folder up from the working
 *       folder holding {@code dataset/deepface-unit.tsv}</td></tr>
 *   <tr><td>notebook output folder</td><td>{@value #NOTEBOOK_OUT}</td><td>{@code out/notebooks} in the project</td></tr>
 * </table>
 *
 * @param environment the variables facecal reads (only those), as found
 * @param userHome    the user's home folder
 * @param workingDir  the working folder
 */
public record Configuration(Map<String, String> environment, Path userHome, Path workingDir) {
    public static final String CACHE = "FACECAL_CACHE";
    public static final String MODELS = "FACECAL_MODELS";
    public static final String DATA_MIRROR = "FACECAL_DATA_MIRROR";
    public static final String CASCADES = "FACECAL_CASCADES";
    public static final String HOME = "FACECAL_HOME";
    public static final String NOTEBOOK_OUT = "FACECAL_NOTEBOOK_OUT";

    /** The variables read, in the order of the table above. */
    public static final List<String> VARIABLES = List.of(CACHE, MODELS, DATA_MIRROR, CASCADES, YuNetDetector.ENV,
            "DEEPFACE_HOME", "HOME", YuNetDetector.SCORE_ENV, HOME, NOTEBOOK_OUT);

    /** The development layout's mirror, relative to the project folder (the launcher and CI use it too). */
    static final String DEVELOPMENT_MIRROR = "../shared/datasets/deepface-unit";

    public Configuration {
        Map<String, String> kept = new LinkedHashMap<>();
        for (String k : VARIABLES) {
            String v = environment.get(k);
            if (v != null && !v.isBlank()) kept.put(k, v);
        }
        environment = Collections.unmodifiableMap(kept);
    }

    /** This process's environment: the one {@code System.getenv} of facecal. */
    public static Configuration fromEnvironment() {
        return new Configuration(System.getenv(), Path.of(System.getProperty("user.home")),
                Path.of("").toAbsolutePath());
    }

    /** A configuration with the given variables only (tests, embedding facecal elsewhere). */
    public static Configuration of(Map<String, String> environment, Path userHome, Path workingDir) {
        return new Configuration(environment, userHome, workingDir);
    }

    private Path path(String variable) {
        String v = environment.get(variable);
        return v == null ? null : Path.of(v);
    }

    /** facecal's cache folder: {@value #CACHE}, else {@code ~/.cache/facecal}. */
    public Path cacheRoot() {
        Path p = path(CACHE);
        return p != null ? p : userHome.resolve(".cache").resolve("facecal");
    }

    /** Where pinned downloads of dataset {@code name} are cached: {@code <cache>/datasets/<name>}. */
    public Path datasetCache(String name) {
        return cacheRoot().resolve("datasets").resolve(name);
    }

    /** The embedding cache: {@code <cache>/embeddings}, or {@code option}. */
    public Path embeddingCache(Path option) {
        return option != null ? option : cacheRoot().resolve("embeddings");
    }

    /** The model folder: {@code option}, else {@value #MODELS}, else {@code ~/.cache/facecal/models}. */
    public Path modelsDir(Path option) {
        if (option != null) return option;
        Path p = path(MODELS);
        return p != null ? p : userHome.resolve(".cache").resolve("facecal").resolve("models");
    }

    /** The offline mirror: {@code option}, else {@value #DATA_MIRROR}, else none ({@code null}: download). */
    public Path dataMirror(Path option) {
        return option != null ? option : path(DATA_MIRROR);
    }

    /**
     * The notebooks' mirror: {@value #DATA_MIRROR}, else {@code ../shared/datasets/deepface-unit} beside the project
     * folder when it exists (the development and CI layout), else none.
     */
    public Path projectMirror(Path projectRoot) {
        Path m = path(DATA_MIRROR);
        if (m != null) return m;
        Path dev = projectRoot.resolve(DEVELOPMENT_MIRROR).normalize();
        return Files.isDirectory(dev) ? dev : null;
    }

    /** The Haar cascade folder: {@value #CASCADES}, else the jar's copies written into the cache. */
    public Path cascadeDir() {
        Path p = path(CASCADES);
        return p != null ? p : HaarCascades.folder(cacheRoot());
    }

    /** The YuNet model: {@code option}, else {@value YuNetDetector#ENV}, else DeepFace's weights folder. */
    public Path yunetModel(Path option) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.putIfAbsent("HOME", userHome.toString());
        return YuNetDetector.resolveModel(option, env);
    }

    /** The YuNet score threshold: {@code option}, else DeepFace's {@value YuNetDetector#SCORE_ENV}, else 0.9. */
    public double yunetScoreThreshold(Double option) {
        return YuNetDetector.resolveScoreThreshold(option, environment);
    }

    /**
     * The facecal project folder (for notebooks): {@value #HOME}, else the nearest folder at or above the working
     * folder holding {@code dataset/deepface-unit.tsv}.
     */
    public Path projectRoot() {
        Path home = path(HOME);
        if (home != null) {
            Path root = home.toAbsolutePath().normalize();
            if (!Files.isRegularFile(root.resolve("dataset/deepface-unit.tsv"))) {
                throw new FacecalException(HOME + "=" + home + " is not a facecal project folder (no "
                        + "dataset/deepface-unit.tsv there); point it at your clone of facecal");
            }
            return root;
        }
        for (Path p = workingDir.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("dataset/deepface-unit.tsv"))) return p;
        }
        throw new FacecalException("cannot find the facecal project folder from " + workingDir.toAbsolutePath()
                + ": set " + HOME + " to your clone of facecal (environment/setup.sh does this in the kernelspec)");
    }

    /** The notebooks' output folder: {@value #NOTEBOOK_OUT}, else {@code out/notebooks} under the project folder. */
    public Path notebookOut(Path projectRoot) {
        Path p = path(NOTEBOOK_OUT);
        return p != null ? p : projectRoot.resolve("out").resolve("notebooks");
    }
}
