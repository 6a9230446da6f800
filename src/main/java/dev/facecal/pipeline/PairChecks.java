package dev.facecal.pipeline;

import dev.facecal.Sha256;
import dev.facecal.pairs.Pair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Checks on labelled pairs before their photos are embedded (issue 11, item 4): a different-person pair whose two
 * photos are one file, or two files with the same bytes, would enter the table as a different-person pair at
 * distance 0 and pull every threshold down. Such pairs are found by path and by content (SHA-256, each photo read
 * once); {@code dataset check} reports the same thing per photo.
 */
public final class PairChecks {
    private PairChecks() {}

    /**
     * One different-person pair of one photo.
     *
     * @param pair        the pair as listed
     * @param sameFile    both names resolve to the same file (else: two files with the same content)
     */
    public record SamePhoto(Pair pair, boolean sameFile) {
        /** {@code Jennifer/img8.jpg and Scarlett/img8.jpg are the same photo (same content)}. */
        public String describe() {
            return pair.fileX() + " and " + pair.fileY() + " are " + (sameFile ? "the same file" : "the same photo "
                    + "(same content)");
        }
    }

    /** The different-person pairs whose two photos are one photo, in pair order. */
    public static List<SamePhoto> samePhotoAsDifferentPeople(List<Pair> pairs, Function<String, Path> resolve) {
        Map<Path, String> sha = new HashMap<>();
        List<SamePhoto> out = new ArrayList<>();
        for (Pair p : pairs) {
            if (p.same()) continue;
            Path x = resolve.apply(p.fileX()).toAbsolutePath().normalize();
            Path y = resolve.apply(p.fileY()).toAbsolutePath().normalize();
            if (x.equals(y)) {
                out.add(new SamePhoto(p, true));
                continue;
            }
            String hx = hash(x, sha), hy = hash(y, sha);
            if (hx != null && hx.equals(hy)) out.add(new SamePhoto(p, false));
        }
        return out;
    }

    private static String hash(Path p, Map<Path, String> cache) {
        if (cache.containsKey(p)) return cache.get(p);
        String h = null;
        if (Files.isRegularFile(p)) {
            try {
                h = Sha256.of(p);
            } catch (RuntimeException e) {
                h = null; // unreadable: the embeddings stage reports it with the photo's name
            }
        }
        cache.put(p, h);
        return h;
    }
}
