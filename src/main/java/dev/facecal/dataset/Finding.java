package dev.facecal.dataset;

import java.util.List;

/**
 * One problem {@link Dataset#validate()} found, naming the files and people concerned.
 *
 * @param severity   how bad it is
 * @param kind       what it is
 * @param message    a sentence for people: what is wrong, with the names, and what it does to the pairs
 * @param files      the files concerned, as the dataset lists them
 * @param identities the people concerned
 */
public record Finding(Severity severity, Kind kind, String message, List<String> files, List<String> identities) {
    public Finding {
        if (severity == null || kind == null || message == null) {
            throw new IllegalArgumentException("a finding needs a severity, a kind and a message");
        }
        files = List.copyOf(files);
        identities = List.copyOf(identities);
    }

    /** How bad a finding is. */
    public enum Severity {
        /** the pairs would be wrong (a photo labelled as two people, a missing photo) */
        ERROR,
        /** the pairs are valid but probably not what was meant (a photo listed twice, a person with one photo) */
        WARNING,
        /** something was not checked */
        NOTE
    }

    /** What a finding is about. */
    public enum Kind {
        /** the same file name is listed under two or more people: their "different person" pair is one photo */
        SAME_FILE_SEVERAL_IDENTITIES,
        /** two files with the same content (SHA-256) are listed under two or more people */
        SAME_CONTENT_SEVERAL_IDENTITIES,
        /** one person lists the same file twice: a "same person" pair of a photo with itself */
        SAME_FILE_ONE_IDENTITY,
        /** one person has two files with the same content */
        SAME_CONTENT_ONE_IDENTITY,
        /** a listed file does not exist under the dataset's root */
        MISSING_FILE,
        /** a person has fewer than two photos, so no same-person pair */
        TOO_FEW_PHOTOS,
        /** an entry of an identity folder that is not an image file (generate-csv.py pairs it all the same) */
        NOT_AN_IMAGE,
        /** the photos were not read (no root folder known) */
        CONTENT_NOT_CHECKED
    }

    /** {@code error: message}, {@code warning: message} or {@code note: message}. */
    @Override
    public String toString() {
        return severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + message;
    }
}
