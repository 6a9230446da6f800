package dev.facecal.pipeline;

import dev.facecal.dataset.FloatParser;
import dev.facecal.dataset.ScoreDirection;
import java.util.List;

/**
 * How the calibration stage reads a pair table.
 *
 * @param columns   the score columns to read; empty = every numeric column
 * @param parser    how numbers are read ({@link FloatParser#PANDAS}, the default, as the reference scripts)
 * @param direction whether the columns are distances (the default) or similarities
 */
public record TableOptions(List<String> columns, FloatParser parser, ScoreDirection direction) {
    public TableOptions {
        columns = List.copyOf(columns);
        if (parser == null || direction == null) {
            throw new IllegalArgumentException("parser and direction must be given");
        }
    }

    /** Every numeric column, pandas' parser, distances. */
    public static TableOptions defaults() {
        return new TableOptions(List.of(), FloatParser.PANDAS, ScoreDirection.DISTANCE);
    }

    public TableOptions withColumns(List<String> c) {
        return new TableOptions(c, parser, direction);
    }

    public TableOptions withParser(FloatParser p) {
        return new TableOptions(columns, p, direction);
    }

    public TableOptions withDirection(ScoreDirection d) {
        return new TableOptions(columns, parser, d);
    }
}
