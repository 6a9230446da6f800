package dev.facecal.dataset;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facecal.FacecalException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A labelled set of face photos: people ({@link Identity}) in order, each with their photos in order. The order
 * matters: {@code PairGenerator.all} walks it exactly as DeepFace's notebooks walk their {@code idendities} dict.
 *
 * <p>Three ways in (a fourth, the people of a pair list such as DeepFace's {@code master.csv}, is
 * {@code dev.facecal.pairs.PairList#people}):
 * <ul>
 *   <li>{@link #fromFolders(Path)}: one sub-folder per person (deepface-rs's custom datasets), sorted by name, image
 *       files only, so that the result is the same on every machine;</li>
 *   <li>{@link #fromFoldersAsListed(Path)}: the same folders exactly as deepface-rs's {@code generate-csv.py} sees
 *       them (directory-listing order, every entry), which {@link MasterCsv} writes;</li>
 *   <li>{@link #fromManifest(Path)}: a JSON manifest (format below), such as {@code dataset/mix-seed001.json}.</li>
 * </ul>
 *
 * <p>Manifest format (UTF-8 JSON; key order is significant and kept):
 * <pre>{@code
 * {
 *   "name": "deepface-notebooks",            // optional, for messages
 *   "description": "...", "source": "...",   // optional, free text
 *   "root": "deepface-unit",                 // optional: the photo folder, relative to the manifest's folder
 *   "identities": {                          // required: person -> photos, in pair-generation order
 *     "Angelina": ["img1.jpg", "img2.jpg"],
 *     "Scarlett": ["img8.jpg", "img9.jpg"]
 *   }
 * }
 * }</pre>
 * Photos are paths relative to the root. A duplicate key, an unknown key or a non-string photo is an error that
 * names the manifest; a photo listed under two people is allowed (DeepFace's Mix list does it) and reported by
 * {@link #validate()}.
 *
 * @param name       a name for messages (the manifest's {@code name}, else the file or folder)
 * @param root       the folder the photos are relative to, or null when unknown (then only names are checked)
 * @param identities the people, in order; names are unique
 */
public record Dataset(String name, Path root, List<Identity> identities) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Set<String> MANIFEST_KEYS = Set.of("name", "description", "source", "root", "identities");

    public Dataset {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a dataset needs a name");
        }
        if (identities == null) {
            throw new IllegalArgumentException(name + ": the identity list is missing");
        }
        identities = List.copyOf(identities);
        Set<String> seen = new HashSet<>();
        for (Identity i : identities) {
            if (!seen.add(i.name())) {
                throw new IllegalArgumentException(name + ": the identity '" + i.name() + "' is given twice");
            }
        }
    }

    /** A dataset without a known photo folder. */
    public static Dataset of(String name, List<Identity> identities) {
        return new Dataset(name, null, identities);
    }

    /** The same people and photos, with photos resolved against {@code newRoot}. */
    public Dataset withRoot(Path newRoot) {
        return new Dataset(name, newRoot, identities);
    }

    /** Every photo with its person, identity by identity, in order. */
    public List<LabelledImage> images() {
        List<LabelledImage> out = new ArrayList<>(imageCount());
        for (Identity i : identities) {
            for (String f : i.files()) out.add(new LabelledImage(f, i.name()));
        }
        return out;
    }

    /** The number of photos listed (a photo listed twice counts twice). */
    public int imageCount() {
        int n = 0;
        for (Identity i : identities) n += i.size();
        return n;
    }

    /** The number of people. */
    public int size() {
        return identities.size();
    }

    /** The photo's path under the root. */
    public Path resolve(String file) {
        if (root == null) {
            throw new FacecalException(name + ": no photo folder is known for " + file + "; give one (--root DIR)");
        }
        return FileNames.resolve(root, file);
    }

    /**
     * Checks names, and when the root is known the photos themselves: a photo (same name, or same SHA-256
     * content under another name) listed under two people, a photo listed twice, a missing photo, people with
     * fewer than two photos, entries that are not image files. Errors come first.
     */
    public List<Finding> validate() {
        return DatasetValidator.validate(this, true);
    }

    /** As {@link #validate()} without reading any file (names only). */
    public List<Finding> validateNames() {
        return DatasetValidator.validate(this, false);
    }

    // ------------------------------------------------------------------------------------------------- folders

    /**
     * One sub-folder per person under {@code root}: folders sorted by name (hidden ones skipped), in each the image
     * files ({@code .jpg .jpeg .png .bmp .gif .webp .tif .tiff .pgm .ppm}, any case, hidden ones skipped) sorted
     * by name. Photos are named {@code person/file} relative to {@code root}, as in deepface-rs's
     * {@code master.csv} (a name that is not UTF-8 with its other bytes as {@code %XX}, {@link FileNames}). Sorting makes pair order and seeded sampling the same on every machine; for the exact
     * listing that {@code generate-csv.py} uses see {@link #fromFoldersAsListed(Path)}.
     */
    public static Dataset fromFolders(Path root) {
        requireFolder(root);
        List<Identity> ids = new ArrayList<>();
        for (Path dir : list(root).stream().filter(Files::isDirectory).filter(p -> !hidden(p)).sorted().toList()) {
            String person = FileNames.name(dir.getFileName());
            List<String> files = list(dir).stream()
                    .filter(Files::isRegularFile).filter(p -> !hidden(p)).filter(p -> isImageName(p.toString()))
                    .map(p -> person + "/" + FileNames.name(p.getFileName())).sorted().toList();
            ids.add(new Identity(person, files));
        }
        return new Dataset(root.toString(), root, ids);
    }

    /**
     * The identity folders exactly as deepface-rs's {@code calibration/generate-csv.py} lists them: sub-folders of
     * {@code root} in directory-listing order (Python's {@code os.listdir}, which is the order Java's
     * {@link DirectoryStream} gives on the same file system), and every entry of each (hidden files and
     * sub-folders included) in listing order, named {@code person/entry}. Non-folders at the top are skipped.
     */
    public static Dataset fromFoldersAsListed(Path root) {
        requireFolder(root);
        List<Identity> ids = new ArrayList<>();
        for (Path dir : list(root)) {
            if (!Files.isDirectory(dir)) continue;
            String person = FileNames.name(dir.getFileName());
            ids.add(new Identity(person, list(dir).stream()
                    .map(p -> person + "/" + FileNames.name(p.getFileName())).toList()));
        }
        return new Dataset(root.toString(), root, ids);
    }

    private static void requireFolder(Path root) {
        if (!Files.isDirectory(root)) {
            throw new FacecalException(root + ": no such folder; expected one sub-folder of photos per person");
        }
    }

    private static List<Path> list(Path dir) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) out.add(p);
        } catch (IOException e) {
            throw new FacecalException(dir + ": cannot list the folder (" + e.getMessage() + ")", e);
        }
        return out;
    }

    private static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }

    /** Whether a file name ends in an image extension facecal knows ({@code .jpg}, {@code .png}, ...). */
    public static boolean isImageName(String file) {
        String f = file.toLowerCase(Locale.ROOT);
        int dot = f.lastIndexOf('.');
        if (dot < 0 || dot < f.lastIndexOf('/')) return false;
        return switch (f.substring(dot + 1)) {
            case "jpg", "jpeg", "jpe", "png", "bmp", "gif", "webp", "tif", "tiff", "pgm", "ppm", "pnm" -> true;
            default -> false;
        };
    }

    // ------------------------------------------------------------------------------------------------ manifest

    /** Reads a JSON manifest (format in the class comment); its {@code root} is resolved against its folder. */
    public static Dataset fromManifest(Path file) {
        JsonNode doc;
        try {
            doc = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new FacecalException(file + ": not a valid manifest (" + e.getOriginalMessage() + " at line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")");
        } catch (IOException e) {
            throw new FacecalException(file + ": cannot read the manifest (" + e.getMessage() + ")", e);
        }
        if (doc == null || !doc.isObject()) {
            throw new FacecalException(file + ": a manifest is a JSON object with an \"identities\" object");
        }
        for (var it = doc.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!MANIFEST_KEYS.contains(k)) {
                throw new FacecalException(file + ": unknown key \"" + k + "\"; a manifest has "
                        + String.join(", ", MANIFEST_KEYS.stream().sorted().toList()));
            }
        }
        JsonNode ids = doc.get("identities");
        if (ids == null || !ids.isObject() || ids.isEmpty()) {
            throw new FacecalException(file + ": \"identities\" must be a non-empty object of person -> [photos]");
        }
        List<Identity> out = new ArrayList<>();
        for (var it = ids.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isArray()) {
                throw new FacecalException(file + ": identity \"" + e.getKey() + "\" must be a list of photo names");
            }
            List<String> files = new ArrayList<>();
            for (JsonNode f : e.getValue()) {
                if (!f.isTextual() || f.asText().isBlank()) {
                    throw new FacecalException(file + ": identity \"" + e.getKey() + "\" has " + f
                            + " where a photo name (a non-empty string) belongs");
                }
                files.add(f.asText());
            }
            if (e.getKey().isBlank()) {
                throw new FacecalException(file + ": an identity has an empty name");
            }
            out.add(new Identity(e.getKey(), files));
        }
        String name = doc.hasNonNull("name") ? doc.get("name").asText() : file.toString();
        Path root = null;
        if (doc.hasNonNull("root")) {
            Path dir = file.toAbsolutePath().getParent();
            root = dir.resolve(doc.get("root").asText()).normalize();
        }
        return new Dataset(name, root, out);
    }

}
