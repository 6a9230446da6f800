package dev.facecal.dataset;

import dev.facecal.dataset.Finding.Kind;
import dev.facecal.dataset.Finding.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The checks behind {@link Dataset#validate()}. */
final class DatasetValidator {
    private DatasetValidator() {}

    static List<Finding> validate(Dataset d, boolean readFiles) {
        List<Finding> out = new ArrayList<>();
        // file name -> people listing it, in order; and per person the names listed more than once
        Map<String, List<String>> owners = new LinkedHashMap<>();
        for (Identity id : d.identities()) {
            Set<String> seen = new LinkedHashSet<>();
            Set<String> twice = new LinkedHashSet<>();
            for (String f : id.files()) {
                if (!seen.add(f)) twice.add(f);
                List<String> o = owners.computeIfAbsent(f, k -> new ArrayList<>());
                if (!o.contains(id.name())) o.add(id.name());
            }
            for (String f : twice) {
                out.add(new Finding(Severity.WARNING, Kind.SAME_FILE_ONE_IDENTITY,
                        f + " is listed more than once under " + id.name()
                                + ": its same-person pairs include this photo against itself",
                        List.of(f), List.of(id.name())));
            }
            if (id.size() < 2) {
                out.add(new Finding(Severity.WARNING, Kind.TOO_FEW_PHOTOS,
                        id.name() + (id.size() == 0 ? " has no photos" : " has one photo (" + id.files().get(0) + ")")
                                + ": no same-person pair", id.files(), List.of(id.name())));
            }
        }
        for (var e : owners.entrySet()) {
            if (e.getValue().size() > 1) {
                out.add(new Finding(Severity.ERROR, Kind.SAME_FILE_SEVERAL_IDENTITIES,
                        e.getKey() + " is listed under " + and(e.getValue())
                                + ": one photo labelled as " + e.getValue().size() + " people, so their "
                                + "different-person pairs include this photo against itself",
                        List.of(e.getKey()), e.getValue()));
            }
        }
        List<String> notImages = owners.keySet().stream().filter(f -> !Dataset.isImageName(f)).toList();
        if (!notImages.isEmpty()) {
            out.add(new Finding(Severity.WARNING, Kind.NOT_AN_IMAGE,
                    (notImages.size() == 1 ? "1 entry is" : notImages.size() + " entries are")
                            + " not image files but are paired like photos: " + String.join(", ", notImages),
                    notImages, List.of()));
        }
        if (readFiles) {
            if (d.root() == null) {
                out.add(new Finding(Severity.NOTE, Kind.CONTENT_NOT_CHECKED,
                        d.name() + ": the photos were not checked (no photo folder known; give one with --root DIR)",
                        List.of(), List.of()));
            } else {
                checkFiles(d, owners, out);
            }
        }
        out.sort(Comparator.comparing(Finding::severity)); // stable: errors, warnings, notes, each in order found
        return List.copyOf(out);
    }

    private static void checkFiles(Dataset d, Map<String, List<String>> owners, List<Finding> out) {
        if (!Files.isDirectory(d.root())) {
            List<String> files = List.copyOf(owners.keySet());
            List<String> people = d.identities().stream().map(Identity::name).toList();
            out.add(new Finding(Severity.ERROR, Kind.MISSING_FILE, "the photo folder " + d.root()
                    + " does not exist, so all " + files.size() + " photos are missing: " + String.join(", ", files),
                    files, people));
            return;
        }
        Map<String, List<String>> byHash = new LinkedHashMap<>();
        for (var e : owners.entrySet()) {
            Path p = d.resolve(e.getKey());
            if (!Files.exists(p)) {
                out.add(new Finding(Severity.ERROR, Kind.MISSING_FILE,
                        e.getKey() + " (" + and(e.getValue()) + ") is missing from " + d.root(),
                        List.of(e.getKey()), e.getValue()));
            } else if (Files.isRegularFile(p)) {
                byHash.computeIfAbsent(FileFetcher.sha256(p), h -> new ArrayList<>()).add(e.getKey());
            }
        }
        for (var e : byHash.entrySet()) {
            List<String> files = e.getValue();
            if (files.size() < 2) continue;
            List<String> people = new ArrayList<>();
            List<String> described = new ArrayList<>();
            for (String f : files) {
                described.add(f + " (" + and(owners.get(f)) + ")");
                for (String who : owners.get(f)) if (!people.contains(who)) people.add(who);
            }
            String text = and(described) + " are the same photo (SHA-256 " + e.getKey().substring(0, 12) + "...)";
            if (people.size() > 1) {
                out.add(new Finding(Severity.ERROR, Kind.SAME_CONTENT_SEVERAL_IDENTITIES,
                        text + ": one photo labelled as " + people.size() + " people", files, people));
            } else {
                out.add(new Finding(Severity.WARNING, Kind.SAME_CONTENT_ONE_IDENTITY,
                        text + ": a same-person pair of a photo with itself", files, people));
            }
        }
    }

    private static String and(List<String> names) {
        if (names.size() <= 1) return String.join("", names);
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.getLast();
    }
}
