package dev.facecal;

/**
 * A problem with what the user gave facecal (a file, a row, an option), with a message that names the place
 * and says what to do. The CLI prints the message without a stack trace and exits with status 2.
 */
public class FacecalException extends RuntimeException {
    public FacecalException(String message) {
        super(message);
    }

    public FacecalException(String message, Throwable cause) {
        super(message, cause);
    }
}
