package dev.facecal.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Values pandas 1.5.3's {@code read_csv} (default and {@code float_precision="round_trip"}) printed. */
class FloatParserTest {
    @Test
    void pandasDefaultParserIsNotCorrectlyRoundedFor17Digits() {
        assertEquals(0.4066772391359998, FloatParser.PANDAS.parse("0.40667723913599983"), 0.0);
        assertEquals(0.40667723913599985, FloatParser.EXACT.parse("0.40667723913599983"), 0.0);
        assertEquals(0.3608013601120008, FloatParser.PANDAS.parse("0.36080136011200087"), 0.0);
        assertEquals(123.45678901234568, FloatParser.PANDAS.parse("123.45678901234567"), 0.0);
        assertEquals(123.45678901234567, FloatParser.EXACT.parse("123.45678901234567"), 0.0);
        assertEquals(1.2345678901234568e-05, FloatParser.PANDAS.parse("1.2345678901234567e-05"), 0.0);
    }

    @Test
    void shortDecimalsAreTheSameEitherWay() {
        for (String s : new String[] {"0.1874", "0", "12", "-3.5", "1e-3", "61.3336", "0.0000001"}) {
            assertEquals(Double.parseDouble(s), FloatParser.PANDAS.parse(s), 0.0, s);
        }
    }

    @Test
    void rejectsWhatIsNotADecimal() {
        assertThrows(NumberFormatException.class, () -> FloatParser.PANDAS.parse("abc"));
        assertThrows(NumberFormatException.class, () -> FloatParser.PANDAS.parse("1.2.3"));
        assertThrows(NumberFormatException.class, () -> FloatParser.PANDAS.parse("1e"));
        assertThrows(NumberFormatException.class, () -> FloatParser.PANDAS.parse(""));
    }
}
