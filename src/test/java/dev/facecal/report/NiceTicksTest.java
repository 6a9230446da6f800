package dev.facecal.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NiceTicksTest {

    @Test
    void roundStepsAndMinimalDecimals() {
        NiceTicks density = NiceTicks.of(0, 5.06, 7);
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, density.values(), 0);
        assertArrayEquals(new String[] {"0", "1", "2", "3", "4", "5"}, density.labels());

        NiceTicks distance = NiceTicks.of(-0.38, 1.61, 9);
        assertArrayEquals(new String[] {"-0.25", "0.00", "0.25", "0.50", "0.75", "1.00", "1.25", "1.50"}, distance.labels());

        assertArrayEquals(new String[] {"0", "20", "40", "60", "80", "100"}, NiceTicks.of(0, 100, 6).labels());
        assertArrayEquals(new String[] {"0.0005", "0.0010", "0.0015"}, NiceTicks.of(0.0004, 0.0016, 4).labels());
    }

    @Test
    void rejectsEmptyRange() {
        assertThrows(IllegalArgumentException.class, () -> NiceTicks.of(1, 1, 5));
        assertThrows(IllegalArgumentException.class, () -> NiceTicks.of(0, Double.NaN, 5));
    }
}
