package dev.facecal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProvenanceTest {
    @Test
    void withPrefixedKeepsEachRunUnderItsOwnName() {
        Provenance dlib = Provenance.empty().with("embeddings", "model", "dlib").with("distances", "pairs", 300);
        Provenance faceres = Provenance.empty().with("embeddings", "model", "faceres");
        Provenance both = Provenance.empty().withPrefixed("dlib ", dlib).withPrefixed("faceres ", faceres);
        assertEquals(List.of("dlib embeddings", "dlib distances", "faceres embeddings"),
                List.copyOf(both.sections().keySet()));
        assertEquals("dlib", both.section("dlib embeddings").get("model"));
        assertEquals("faceres", both.section("faceres embeddings").get("model"));
        assertEquals("300", both.section("dlib distances").get("pairs"));
        assertEquals(Provenance.version(), both.facecal());
    }
}
