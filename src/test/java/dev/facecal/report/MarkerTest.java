package dev.facecal.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MarkerTest {

    @Test
    void labelRoundsLikePython() {
        assertEquals("C4.5 = 0.3147", new Marker("C4.5", 0.31468).label());
        // 0.30705 is 0.30704999... in binary: Python's format gives 0.3070, naive half-up would give 0.3071
        assertEquals("t = 0.3070", new Marker("t", 0.30705).label());
        assertEquals("50%", Format.percent(0.5));
        assertEquals("0.01%", Format.percent(1e-4));
        assertEquals("99.9999%", Format.percent(1 - 1e-6));
    }

    @Test
    void validates() {
        assertThrows(IllegalArgumentException.class, () -> new Marker(" ", 0.1));
        assertThrows(IllegalArgumentException.class, () -> new Marker("t", Double.NaN));
    }
}
