package dev.facecal.pairs;

import dev.facecal.FacecalException;
import dev.facecal.dataset.Dataset;
import dev.facecal.dataset.Identity;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Labelled pairs from a {@link Dataset}.
 *
 * <p>{@link #all} is the protocol of DeepFace's Fine-Tuning-Threshold and distance-to-confidence notebooks (and of
 * deepface-rs's {@code generate-csv.py}): every same-person pair, then every different-person pair, in the
 * notebooks' exact order. 12 people with 4 photos each give 12·6 = 72 + 66·16 = 1056 = 1128 pairs (seed 001's Mix
 * run); the 9 people of the notebooks give 38 + 262 = 300.
 *
 * <p>{@link #balanced} is the sampling of anujkhare/face-similarity-pytorch (seed 004): each same-person pair is
 * followed by one different-person pair made of one of its two photos, chosen at random, and a random photo of
 * another person; so rows alternate Yes, No, starting with Yes.
 */
public final class PairGenerator {
    private PairGenerator() {}

    /** Same-person pairs then different-person pairs, as {@link #positives} then {@link #negatives}. */
    public static List<Pair> all(Dataset d) {
        List<Pair> out = new ArrayList<>(Math.toIntExact(positiveCount(d) + negativeCount(d)));
        out.addAll(positives(d));
        out.addAll(negatives(d));
        return out;
    }

    /**
     * Every same-person pair: person by person in order, photo {@code i} with each later photo {@code j}
     * (the notebooks' {@code for i in range(0, len(values)-1): for j in range(i+1, len(values))}).
     */
    public static List<Pair> positives(Dataset d) {
        List<Pair> out = new ArrayList<>(Math.toIntExact(positiveCount(d)));
        for (Identity id : d.identities()) {
            List<String> v = id.files();
            for (int i = 0; i < v.size() - 1; i++) {
                for (int j = i + 1; j < v.size(); j++) out.add(new Pair(v.get(i), v.get(j), true));
            }
        }
        return out;
    }

    /**
     * Every different-person pair: people {@code i < j} in order, and for each the photos in
     * {@code itertools.product(samples_list[i], samples_list[j])} order (each photo of {@code i} with every photo of
     * {@code j}).
     */
    public static List<Pair> negatives(Dataset d) {
        List<Pair> out = new ArrayList<>(Math.toIntExact(negativeCount(d)));
        List<Identity> ids = d.identities();
        for (int i = 0; i < ids.size() - 1; i++) {
            for (int j = i + 1; j < ids.size(); j++) {
                for (String x : ids.get(i).files()) {
                    for (String y : ids.get(j).files()) out.add(new Pair(x, y, false));
                }
            }
        }
        return out;
    }

    /** The number of same-person pairs {@link #all} makes. */
    public static long positiveCount(Dataset d) {
        long n = 0;
        for (Identity id : d.identities()) n += (long) id.size() * (id.size() - 1) / 2;
        return n;
    }

    /** The number of different-person pairs {@link #all} makes. */
    public static long negativeCount(Dataset d) {
        long total = d.imageCount();
        long n = 0;
        for (Identity id : d.identities()) n += (long) id.size() * (total - id.size());
        return n / 2;
    }

    /**
     * Every same-person pair, each followed by one random different-person pair (seed 004): one of the pair's two
     * photos, each with probability 1/2, with a photo drawn uniformly from the photos of all other people (a photo
     * that is the anchor's own file, listed under another person, is drawn again). The random choices come from
     * {@code java.util.Random(seed)}, whose algorithm is fixed by its specification, so a seed gives the same pairs
     * on every JVM.
     *
     * @throws FacecalException when there are same-person pairs but no photo of another person to pair with
     */
    public static List<Pair> balanced(Dataset d, long seed) {
        List<Identity> ids = d.identities();
        String[] files = new String[d.imageCount()];
        int[] start = new int[ids.size() + 1];
        int k = 0;
        for (int i = 0; i < ids.size(); i++) {
            start[i] = k;
            for (String f : ids.get(i).files()) files[k++] = f;
        }
        start[ids.size()] = k;
        Random rnd = new Random(seed);
        List<Pair> out = new ArrayList<>(Math.toIntExact(2 * positiveCount(d)));
        for (int p = 0; p < ids.size(); p++) {
            List<String> v = ids.get(p).files();
            int others = files.length - v.size();
            for (int i = 0; i < v.size() - 1; i++) {
                for (int j = i + 1; j < v.size(); j++) {
                    out.add(new Pair(v.get(i), v.get(j), true));
                    String anchor = rnd.nextBoolean() ? v.get(i) : v.get(j);
                    out.add(new Pair(anchor, draw(rnd, files, start[p], v.size(), others, anchor, ids.get(p)), false));
                }
            }
        }
        return out;
    }

    private static String draw(Random rnd, String[] files, int from, int size, int others, String anchor, Identity who) {
        if (others == 0) {
            throw new FacecalException("balanced sampling: " + who.name() + " has same-person pairs but no other "
                    + "person has a photo to pair with; give at least two people");
        }
        for (int attempt = 0; attempt < 1000; attempt++) {
            int r = rnd.nextInt(others);
            String f = files[r < from ? r : r + size];
            if (!f.equals(anchor)) return f;
        }
        throw new FacecalException("balanced sampling: every photo of the other people is " + anchor
                + " itself (listed under " + who.name() + " and others); fix the dataset");
    }
}
