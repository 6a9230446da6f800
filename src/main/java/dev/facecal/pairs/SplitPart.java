package dev.facecal.pairs;

import java.util.Locale;

/** A part of an identity-disjoint split ({@link IdentitySplit}): train, validation, test, in that order. */
public enum SplitPart {
    TRAIN("train"),
    VALIDATION("validation"),
    TEST("test");

    private final String label;

    SplitPart(String label) {
        this.label = label;
    }

    /** {@code train}, {@code validation} or {@code test}: the name in file names, tables and notes. */
    public String label() {
        return label;
    }

    /** The part named {@code name} (any case); an error listing the parts otherwise. */
    public static SplitPart parse(String name) {
        String s = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (SplitPart p : values()) {
            if (p.label.equals(s)) return p;
        }
        throw new IllegalArgumentException("no split part '" + name + "'; the parts are train, validation, test");
    }

    @Override
    public String toString() {
        return label;
    }
}
