package dev.facecal.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.FacecalException;
import dev.facecal.embed.ModelSpec;
import org.junit.jupiter.api.Test;

/**
 * A spec's {@code alignment} in JSON: written only when it is not {@code crop} (so every sidecar written before it
 * existed reads, and reads the same), read back, and a wrong value or a wrong input size named.
 */
class SpecJsonAlignmentTest {
    @Test
    void cropIsTheDefaultAndIsNotWritten() {
        ModelSpec dlib = ModelSpec.dlib();
        assertEquals(ModelSpec.Alignment.CROP, dlib.alignment());
        var n = SpecJson.write(dlib);
        assertFalse(n.has("alignment"));
        assertEquals(ModelSpec.Alignment.CROP, SpecJson.read(n, "dlib.json").alignment());
    }

    @Test
    void arcfaceAlignmentRoundTrips() {
        ModelSpec mobileface = HumanModels.entry("mobileface").spec();
        assertEquals(ModelSpec.Alignment.ARCFACE_5POINT, mobileface.alignment());
        var n = SpecJson.write(mobileface);
        assertEquals("arcface-5point", n.get("alignment").asText());
        assertEquals(ModelSpec.Alignment.ARCFACE_5POINT, SpecJson.read(n, "mobileface.json").alignment());
    }

    @Test
    void badAlignmentIsNamedWithTheFile() {
        var n = SpecJson.write(HumanModels.entry("mobileface").spec());
        n.put("alignment", "five-point");
        var e = assertThrows(FacecalException.class, () -> SpecJson.read(n, "mine.json"));
        assertTrue(e.getMessage().contains("mine.json") && e.getMessage().contains("five-point")
                && e.getMessage().contains("arcface-5point"), e.getMessage());
        n.put("alignment", "arcface-5point");
        n.put("width", 224);
        n.put("height", 224);
        var size = assertThrows(FacecalException.class, () -> SpecJson.read(n, "mine.json"));
        assertTrue(size.getMessage().contains("mine.json") && size.getMessage().contains("112x112"), size.getMessage());
    }
}
