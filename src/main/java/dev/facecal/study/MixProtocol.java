package dev.facecal.study;

import dev.facecal.dataset.Dataset;
import dev.facecal.dataset.Finding;
import dev.facecal.dataset.Identity;
import dev.facecal.distance.DistanceMetric;
import dev.facecal.models.ModelStore;
import dev.facecal.pairs.Pair;
import dev.facecal.pairs.PairGenerator;
import dev.facecal.pipeline.EmbeddingOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Seed 001's Mix protocol (DeepFace's Fine-Tuning-Threshold notebook run on the "Mix" data set): {@value #PEOPLE}
 * people with {@value #PHOTOS_EACH} photos each, every same-person pair and every different-person pair
 * ({@link PairGenerator#all}: 12 x 6 = 72 + 66 x 16 = 1056 = 1128 pairs), VGG-Face embeddings, cosine distance,
 * then the notebook's statistics, sigma thresholds and C4.5 split.
 *
 * <p>{@link #choose} decides what can be run here. The seed's own run needs two things this project cannot ship:
 * the VGG-Face model installed ({@code ./facecal model install vgg-face}, or {@code vgg-face-2020}, the 2622-D
 * variant of the 2020 notebook) and the Mix photos in {@code dataset/mix/} (they are not published). With both, the
 * seed's list ({@code dataset/mix-seed001.json}) is run as printed, duplicate {@code img40.jpg} included (the
 * published figures suggest the seed's own run did not have that duplicate, see notebook 03; guessing the intended
 * photo is left to whoever has the photos). Otherwise the same protocol runs on the bundled photos with the
 * default dlib model: the people of deepface-unit ({@code dataset/deepface-unit-people.json}) who have at least {@value #PHOTOS_EACH} photos,
 * in manifest order, at most {@value #PEOPLE} of them, each with their first {@value #PHOTOS_EACH} photos in
 * manifest order ({@link #firstPhotos}). When fewer than {@value #PEOPLE} people qualify, all who qualify are used
 * and {@link Choice#summary()} says so; pair counts then follow from the protocol ({@link Choice#expectedSame()}).
 */
public final class MixProtocol {
    /** People in seed 001's Mix data set. */
    public static final int PEOPLE = 12;
    /** Photos per person in seed 001's Mix data set. */
    public static final int PHOTOS_EACH = 4;
    /** The installed model names accepted as VGG-Face, in order of preference. */
    public static final List<String> VGG_FACE_MODELS = List.of("vgg-face", "vgg-face-2020");
    /** The seed's distance metric. */
    public static final DistanceMetric METRIC = DistanceMetric.COSINE;

    private MixProtocol() {
    }

    /**
     * One precondition of the seed's own run.
     *
     * @param what   what was checked
     * @param ok     whether it holds
     * @param detail what was found
     */
    public record Check(String what, boolean ok, String detail) {
    }

    /**
     * What the notebook runs.
     *
     * @param seedRun    true when the seed's Mix photos are embedded with VGG-Face (both preconditions hold)
     * @param model      the installed model used
     * @param dataset    the people and photos to pair ({@link PairGenerator#all})
     * @param embedding  the embeddings stage's options with that model
     * @param qualifying in the fallback, how many people of the bundled set have at least {@value #PHOTOS_EACH}
     *                   photos; in the seed run, the number of people of the Mix list
     * @param checks     the preconditions of the seed run, as checked
     */
    public record Choice(boolean seedRun, String model, Dataset dataset, EmbeddingOptions embedding, int qualifying,
                         List<Check> checks) {
        public Choice {
            Objects.requireNonNull(dataset, "dataset");
            Objects.requireNonNull(embedding, "embedding");
            checks = List.copyOf(checks);
        }

        /** Every distinct photo of {@link #dataset()}, resolved, in listing order (what is embedded). */
        public List<Path> photos() {
            LinkedHashSet<Path> out = new LinkedHashSet<>();
            for (var i : dataset.images()) out.add(dataset.resolve(i.file()));
            return List.copyOf(out);
        }

        /** Same-person pairs the protocol makes on {@link #dataset()}. */
        public long expectedSame() {
            return PairGenerator.positiveCount(dataset);
        }

        /** Different-person pairs the protocol makes on {@link #dataset()}. */
        public long expectedDifferent() {
            return PairGenerator.negativeCount(dataset);
        }

        /** The checks, then the decision as a last check named {@code run}. */
        public List<Check> checksAndDecision() {
            List<Check> rows = new java.util.ArrayList<>(checks);
            rows.add(new Check("run", seedRun, summary()));
            return rows;
        }

        /** One line: which branch runs, on which people, and why. */
        public String summary() {
            int people = dataset.size();
            String shape = people + " people x " + PHOTOS_EACH + " photos";
            if (seedRun) {
                return "branch: seed 001's Mix data set with " + model + " (" + shape + ")";
            }
            String why = checks.stream().filter(c -> !c.ok()).map(Check::what).reduce((a, b) -> a + "; " + b)
                    .map(s -> "not available: " + s).orElse("");
            return "branch: fallback, " + model + " on " + dataset.name() + " (" + shape
                    + (people < PEOPLE ? "; only " + qualifying + " people have at least " + PHOTOS_EACH
                    + " photos, " + PEOPLE + " wanted" : "") + "); " + why;
        }
    }

    /**
     * Checks the seed run's preconditions (a VGG-Face model installed in {@code base}'s model folder, every photo of
     * {@code mix} present) and returns the seed run when both hold, else the fallback: {@link #firstPhotos} of
     * {@code fallback} with {@code base}'s model (installed through {@code log} if missing).
     */
    public static Choice choose(Dataset mix, Supplier<Dataset> fallback, EmbeddingOptions base, PrintWriter log) {
        ModelStore store = base.models();
        String vgg = VGG_FACE_MODELS.stream().filter(m -> store.installed(m).isPresent()).findFirst().orElse(null);
        Check model = new Check("VGG-Face installed", vgg != null, vgg != null
                ? vgg + " in " + store.dir()
                : "none of " + String.join(", ", VGG_FACE_MODELS) + " in " + store.dir()
                + " (install vgg-face from DeepFace's vgg_face_weights.h5, see the README)");
        List<String> listed = List.copyOf(new LinkedHashSet<>(mix.images().stream().map(i -> i.file()).toList()));
        List<String> missing = missing(mix, listed);
        Check photos = new Check("Mix photos present", missing.isEmpty(), (listed.size() - missing.size()) + " of "
                + listed.size() + " listed photos found in " + mix.root()
                + (missing.isEmpty() ? "" : " (the seed does not publish them)"));
        List<Check> checks = List.of(model, photos);
        if (model.ok() && photos.ok()) {
            return new Choice(true, vgg, mix, base.withModel(vgg), mix.size(), checks);
        }
        Dataset all = fallback.get();
        int qualifying = (int) all.identities().stream().filter(i -> i.size() >= PHOTOS_EACH).count();
        if (store.installed(base.model()).isEmpty()) {
            store.install(base.model(), null, null, false, log);
        }
        return new Choice(false, base.model(), firstPhotos(all, PEOPLE, PHOTOS_EACH), base, qualifying, checks);
    }

    /**
     * The fallback's selection rule: the people of {@code d} with at least {@code photosEach} photos, in the
     * dataset's order, at most {@code people} of them, each with their first {@code photosEach} photos in order.
     * The name says what was taken ({@code deepface-unit-people: first 4 photos of 9 people}).
     */
    public static Dataset firstPhotos(Dataset d, int people, int photosEach) {
        if (people < 1 || photosEach < 2) {
            throw new IllegalArgumentException("need at least 1 person and 2 photos each, got " + people + " x "
                    + photosEach);
        }
        List<Identity> ids = d.identities().stream().filter(i -> i.size() >= photosEach).limit(people)
                .map(i -> new Identity(i.name(), i.files().subList(0, photosEach))).toList();
        return new Dataset(d.name() + ": first " + photosEach + " photos of " + ids.size() + " people", d.root(), ids);
    }

    private static List<String> missing(Dataset d, List<String> files) {
        if (d.root() == null || !Files.isDirectory(d.root())) return files;
        return files.stream().filter(f -> !Files.isRegularFile(d.resolve(f))).toList();
    }

    /**
     * The corrected version of a list that names one photo under two people: the second listing keeps it, the
     * first gets the one photo of the sequence {@code img1.jpg .. imgN.jpg} (N = the photo count) that nobody lists.
     * For seed 001's Mix list: Lee_Jung_jae's {@code img40.jpg} becomes {@code img36.jpg}, so every person again has
     * 4 distinct photos and no "different person" pair compares a photo with itself. This is the most likely
     * intended list (the published figures show no such pair), not a fact the seed states.
     *
     * @throws IllegalArgumentException unless exactly one photo is listed twice and exactly one of the sequence is
     *                                  missing
     */
    public static Dataset corrected(Dataset printed) {
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        String duplicate = null;
        int first = -1;
        for (int p = 0; p < printed.identities().size(); p++) {
            for (String f : printed.identities().get(p).files()) {
                Integer before = seen.putIfAbsent(f, p);
                if (before != null) {
                    if (duplicate != null) {
                        throw new IllegalArgumentException(printed.name() + ": more than one photo listed twice ("
                                + duplicate + ", " + f + "); correct the list by hand");
                    }
                    duplicate = f;
                    first = before;
                }
            }
        }
        if (duplicate == null) {
            throw new IllegalArgumentException(printed.name() + ": no photo is listed twice; nothing to correct");
        }
        int n = printed.imageCount();
        List<String> missing = java.util.stream.IntStream.rangeClosed(1, n).mapToObj(k -> "img" + k + ".jpg")
                .filter(f -> !seen.containsKey(f)).toList();
        if (missing.size() != 1) {
            throw new IllegalArgumentException(printed.name() + ": " + missing.size() + " photos of img1.jpg..img" + n
                    + ".jpg are listed under nobody (" + missing + "); expected exactly one to put in place of "
                    + duplicate);
        }
        List<Identity> ids = new java.util.ArrayList<>(printed.identities());
        Identity wrong = ids.get(first);
        String dup = duplicate;
        ids.set(first, new Identity(wrong.name(), wrong.files().stream().map(f -> f.equals(dup) ? missing.get(0) : f)
                .toList()));
        return new Dataset(printed.name() + " (corrected: " + wrong.name() + "'s " + dup + " -> " + missing.get(0) + ")",
                printed.root(), ids);
    }

    /** The pairs that compare a photo with itself (a photo listed under two people gives one such "different" pair). */
    public static List<Pair> selfPairs(List<Pair> pairs) {
        return pairs.stream().filter(p -> p.fileX().equals(p.fileY())).toList();
    }

    /**
     * One line for {@link Dataset#validate()}'s findings: {@code dataset check (NAME): 2 findings, 2 errors; listed
     * under two or more people: img40.jpg}.
     */
    public static String findingsNote(String name, List<Finding> findings) {
        long errors = findings.stream().filter(f -> f.severity() == Finding.Severity.ERROR).count();
        List<String> shared = findings.stream().filter(f -> f.kind() == Finding.Kind.SAME_FILE_SEVERAL_IDENTITIES
                || f.kind() == Finding.Kind.SAME_CONTENT_SEVERAL_IDENTITIES).flatMap(f -> f.files().stream()).toList();
        return "dataset check (" + name + "): " + findings.size() + " findings, " + errors + " errors"
                + (shared.isEmpty() ? "" : "; listed under two or more people: " + String.join(", ", shared));
    }
}
