package dev.facecal.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facecal.Provenance;
import dev.facecal.calibrate.TarAtFar;
import dev.facecal.distance.DistanceMetric;
import dev.facecal.study.identify.Seed003;
import java.util.List;
import java.util.Locale;

/**
 * What {@code spark identify} reports: of {@code probes} probes, how many found their person at rank {@code r} or
 * better, for {@code r = 1 .. k} ({@code hits[r - 1]}, non-decreasing).
 *
 * With it, verification on the same pairs: TAR at seed 003's FAR targets, the probes' same-person pairs against
 * every probe-distractor pair, on DeepFace-rounded distances ({@link VerificationRates}).
 *
 * @param probes the probes
 * @param hits   probes of rank &le; r, for r = 1 .. k
 * @param tar    TAR at each FAR target (empty when there are no pairs to tell)
 */
record IdentificationRates(long probes, long[] hits, List<TarAtFar> tar) {
    IdentificationRates {
        if (probes < 0) throw new IllegalArgumentException("probes must be >= 0, got " + probes);
        if (hits.length < 1) throw new IllegalArgumentException("need k >= 1");
        for (int r = 0; r < hits.length; r++) {
            if (hits[r] < 0 || hits[r] > probes || (r > 0 && hits[r] < hits[r - 1])) {
                throw new IllegalArgumentException("hits must be non-decreasing within 0 .. " + probes + ": rank "
                        + (r + 1) + " has " + hits[r]);
            }
        }
        hits = hits.clone();
        tar = List.copyOf(tar);
    }

    /** The rates of the probes' ranks (0: above k). */
    static IdentificationRates of(List<BlockedIdentification.ProbeResult> results, int k, List<TarAtFar> tar) {
        long[] hits = new long[k];
        for (var p : results) {
            if (p.rank() >= 1) for (int r = p.rank(); r <= k; r++) hits[r - 1]++;
        }
        return new IdentificationRates(results.size(), hits, tar);
    }

    int k() {
        return hits.length;
    }

    /** Rank-r identification rate. */
    double rate(int r) {
        return probes == 0 ? Double.NaN : (double) hits[r - 1] / probes;
    }

    String summary(int persons, long distractors, DistanceMetric m, double seconds) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "identification (seed 003 protocol): %d probes of %d persons against "
                + "%d distractors, %s, %.1f s%n", probes, persons, distractors, m.deepfaceName(), seconds));
        s.append(String.format(Locale.ROOT, "rank-1: %d/%d = %.4f%n", hits[0], probes, rate(1)));
        s.append("rank-r:");
        for (int r = 1; r <= k(); r++) {
            s.append(String.format(Locale.ROOT, " %d:%.4f", r, rate(r)));
        }
        s.append('\n');
        if (!tar.isEmpty()) {
            s.append("verification, same-person pairs of the probes against every probe-distractor pair:");
            for (TarAtFar t : tar) {
                s.append(String.format(Locale.ROOT, " TAR %.4f at FAR %.0e (threshold %s);", t.tar(), t.targetFar(),
                        dev.facecal.calibrate.Numbers.repr(t.threshold())));
            }
            s.setLength(s.length() - 1);
            s.append('\n');
        }
        s.append(String.format(Locale.ROOT, "(%s: rank-1 %d/%d = %.4f with 96,470 distractors; not comparable to "
                + "other embeddings or distractor sets)%n", Seed003.LABEL, Seed003.RANK1_CORRECT, Seed003.RANK1_TOTAL,
                (double) Seed003.RANK1_CORRECT / Seed003.RANK1_TOTAL));
        return s.toString();
    }

    String json(int persons, long distractors, Provenance p) {
        ObjectMapper om = new ObjectMapper();
        ObjectNode root = om.createObjectNode();
        root.put("probes", probes);
        root.put("persons", persons);
        root.put("distractors", distractors);
        root.put("k", k());
        ObjectNode rank = root.putObject("rank");
        for (int r = 1; r <= k(); r++) {
            ObjectNode e = rank.putObject(Integer.toString(r));
            e.put("hits", hits[r - 1]);
            e.put("rate", rate(r));
        }
        var tars = root.putArray("tar_at_far");
        for (TarAtFar t : tar) {
            ObjectNode e = tars.addObject();
            e.put("target_far", t.targetFar());
            e.put("threshold", t.threshold());
            e.put("far", t.far());
            e.put("tar", t.tar());
        }
        try {
            root.set("provenance", om.readTree(p.toJson()));
            return om.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
