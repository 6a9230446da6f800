package dev.facecal.study;

import dev.facecal.calibrate.IdentityBootstrap;
import dev.facecal.dataset.Dataset;
import dev.facecal.dataset.Identity;
import dev.facecal.pairs.Pair;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The people of each pair of a data set, as the person indices (manifest order) that
 * {@link IdentityBootstrap} and {@link dev.facecal.calibrate.ConfidenceCalibrationStudy} resample or split.
 */
public final class PeopleOfPairs {
    private PeopleOfPairs() {
    }

    /** The people of {@code pairs}, photos looked up in {@code dataset}; a photo of no (or two) people is an error. */
    public static IdentityBootstrap.PairPeople of(Dataset dataset, List<Pair> pairs) {
        Map<String, Integer> person = new HashMap<>();
        List<Identity> ids = dataset.identities();
        for (int p = 0; p < ids.size(); p++) {
            for (String f : ids.get(p).files()) {
                Integer before = person.put(f, p);
                if (before != null && before != p) {
                    throw new IllegalArgumentException(dataset.name() + ": photo " + f + " is listed under "
                            + ids.get(before).name() + " and " + ids.get(p).name() + "; fix the list (Dataset.validate())");
                }
            }
        }
        int[] x = new int[pairs.size()], y = new int[pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            x[i] = lookup(person, pairs.get(i).fileX(), dataset);
            y[i] = lookup(person, pairs.get(i).fileY(), dataset);
        }
        return new IdentityBootstrap.PairPeople(x, y, ids.size());
    }

    private static int lookup(Map<String, Integer> person, String file, Dataset dataset) {
        Integer p = person.get(file);
        if (p == null) {
            throw new IllegalArgumentException(dataset.name() + ": photo " + file + " of a pair is not in the list");
        }
        return p;
    }
}
