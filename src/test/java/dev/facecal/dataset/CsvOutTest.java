package dev.facecal.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CsvOutTest {
    @Test
    void quotesOnlyWhatPandasQuotes() {
        assertEquals("img1.jpg", CsvOut.field("img1.jpg"));
        assertEquals(" a b ", CsvOut.field(" a b "));
        assertEquals("\"a,b\"", CsvOut.field("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvOut.field("say \"hi\""));
        assertEquals("\"a\nb\"", CsvOut.field("a\nb"));
        StringBuilder sb = new StringBuilder();
        CsvOut.row(sb, "x", "y,z", "Yes");
        assertEquals("x,\"y,z\",Yes\n", sb.toString());
    }
}
