package dev.facecal.study.scale;

import dev.facecal.FacecalException;
import dev.facecal.dataset.Dataset;
import dev.facecal.pipeline.EmbeddingOptions;
import dev.facecal.pipeline.EmbeddingStage;
import dev.facecal.pipeline.PhotoEmbeddings;
import dev.facecal.pipeline.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Where the at-scale run of seed 002 gets its embeddings: LFW when it is installed under {@code dataset/lfw}
 * (one folder of photos per person, as {@code lfw.tgz} from http://vis-www.cs.umass.edu/lfw/ unpacks:
 * {@code tar xzf lfw.tgz -C dataset/} gives {@code dataset/lfw/Aaron_Eckhart/Aaron_Eckhart_0001.jpg}, ...), read
 * with {@link Dataset#fromFolders} and embedded by the face pipeline (13,233 photos: a long first run, then the
 * embedding cache); otherwise {@link SyntheticEmbeddings#lfwLike} with the given seed.
 */
public final class ScaleSource {
    /** LFW's place under the project folder. */
    public static final String LFW_FOLDER = "dataset/lfw";

    private ScaleSource() {}

    /** {@code root/dataset/lfw}. */
    public static Path lfwFolder(Path root) {
        return root.resolve(LFW_FOLDER);
    }

    /** Whether {@code root/dataset/lfw} holds at least one person folder with a photo in it. */
    public static boolean lfwInstalled(Path root) {
        Path lfw = lfwFolder(root);
        if (!Files.isDirectory(lfw)) return false;
        try (Stream<Path> people = Files.list(lfw)) {
            return people.filter(Files::isDirectory).anyMatch(ScaleSource::hasPhoto);
        } catch (IOException e) {
            throw new FacecalException(lfw + ": cannot list the folder (" + e.getMessage() + ")", e);
        }
    }

    private static boolean hasPhoto(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> Files.isRegularFile(f) && Dataset.isImageName(f.getFileName().toString()));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * LFW under {@code root} embedded with the options {@code embedding} gives (asked for only then) when installed,
     * else synthetic embeddings made with {@code seed}.
     */
    public static LabelledEmbeddings choose(Path root, Supplier<EmbeddingOptions> embedding, long seed,
                                            Progress progress) {
        return lfwInstalled(root) ? lfw(root, embedding.get(), progress) : SyntheticEmbeddings.lfwLike(seed).labelled();
    }

    /** A line saying which source {@link #choose} takes for this project folder, and why. */
    public static String describe(Path root) {
        return lfwInstalled(root)
                ? "LFW found under " + lfwFolder(root) + ": the at-scale run embeds it with the dlib pipeline"
                : "no LFW under " + lfwFolder(root) + ": the at-scale run uses seeded synthetic dlib-like embeddings "
                        + "(12,797 images of 5,467 persons)";
    }

    /** The photos of {@code root/dataset/lfw} through the embeddings stage; photos without a face are left out. */
    public static LabelledEmbeddings lfw(Path root, EmbeddingOptions embedding, Progress progress) {
        Dataset d = Dataset.fromFolders(lfwFolder(root));
        var photos = d.images().stream().map(i -> d.resolve(i.file())).toList();
        PhotoEmbeddings e = EmbeddingStage.run(photos, embedding, progress);
        return LabelledEmbeddings.of("LFW (" + LFW_FOLDER + ")", d, e);
    }
}
