package dev.facecal.pairs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.dataset.Dataset;
import dev.facecal.dataset.Identity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdentitySplitTest {
    static List<String> names(Dataset d) {
        return d.identities().stream().map(Identity::name).toList();
    }

    @Test
    void partsAreDisjointCoverEveryoneAndKeepTheOrder() {
        Dataset d = PairGeneratorTest.notebooks();
        IdentitySplit s = IdentitySplit.of(d, 0.6, 0.2, 42);
        assertEquals("train 5, validation 2, test 2", s.describe());
        List<String> all = new ArrayList<>();
        all.addAll(names(s.train()));
        all.addAll(names(s.validation()));
        all.addAll(names(s.test()));
        assertEquals(9, new HashSet<>(all).size());
        assertEquals(Set.copyOf(names(d)), Set.copyOf(all));
        for (Dataset part : List.of(s.train(), s.validation(), s.test())) {
            List<String> n = names(part);
            assertEquals(n, names(d).stream().filter(n::contains).toList(), "dataset order kept");
            assertEquals(d.root(), part.root());
        }
        Set<String> trainFiles = new HashSet<>();
        s.train().images().forEach(i -> trainFiles.add(i.file()));
        assertTrue(s.test().images().stream().noneMatch(i -> trainFiles.contains(i.file())));
    }

    @Test
    void seedsAreReproducible() {
        Dataset d = PairGeneratorTest.mix();
        assertEquals(IdentitySplit.of(d, 0.5, 0.25, 3), IdentitySplit.of(d, 0.5, 0.25, 3));
        List<List<String>> seen = new ArrayList<>();
        for (long seed = 0; seed < 5; seed++) seen.add(names(IdentitySplit.of(d, 0.5, 0.25, seed).test()));
        assertNotEquals(1, new HashSet<>(seen).size(), "different seeds pick different people");
    }

    @Test
    void countsAddUpAndEveryWantedPartGetsSomeone() {
        assertArrayEquals(new int[] {5, 2, 2}, IdentitySplit.counts(9, new double[] {0.6, 0.2, 0.2}));
        assertArrayEquals(new int[] {8, 2, 2}, IdentitySplit.counts(12, new double[] {0.7, 0.15, 0.15}));
        assertArrayEquals(new int[] {1, 1, 1}, IdentitySplit.counts(3, new double[] {0.9, 0.05, 0.05}));
        assertArrayEquals(new int[] {4, 0, 0}, IdentitySplit.counts(4, new double[] {1, 0, 0}));
        assertThrows(IllegalArgumentException.class, () -> IdentitySplit.of(PairGeneratorTest.mix(), 0.8, 0.3, 1));
        assertThrows(IllegalArgumentException.class, () -> IdentitySplit.of(PairGeneratorTest.mix(), 0, 0.3, 1));
    }
}
