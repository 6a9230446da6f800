package dev.facecal;

/**
 * A problem with what the user gave facecal (a file, a row, an option, a setting), with a message that names the
 * place and the setting and says what is wrong. The CLI prints the message without a stack trace and exits with
 * status 2; when the library knows what would fix the problem ({@link #remedy()}), the CLI adds the command to run
 * ({@code ./facecal model install dlib}), so that the library's messages read the same in a notebook.
 */
public class FacecalException extends RuntimeException {
    /** What would fix the problem, for the caller to spell as a command. */
    public enum Action {
        /** install the model {@code subject} */
        INSTALL_MODEL,
        /** install the model {@code subject} again over the broken one */
        REINSTALL_MODEL,
        /** install the model {@code subject} from the file {@code file} the user downloads */
        INSTALL_MODEL_FROM_FILE,
        /** fetch the pinned dataset {@code subject} */
        FETCH_DATASET,
        /** build facecal again */
        REBUILD
    }

    /**
     * A fix the caller can offer.
     *
     * @param action  what to do
     * @param subject the model or dataset concerned (may be null)
     * @param file    a file to install from (may be null)
     */
    public record Remedy(Action action, String subject, String file) {
        public Remedy {
            if (action == null) throw new IllegalArgumentException("a remedy needs its action");
        }
    }

    private final Remedy remedy;

    public FacecalException(String message) {
        this(message, (Remedy) null, null);
    }

    public FacecalException(String message, Throwable cause) {
        this(message, null, cause);
    }

    public FacecalException(String message, Remedy remedy) {
        this(message, remedy, null);
    }

    public FacecalException(String message, Remedy remedy, Throwable cause) {
        super(message, cause);
        this.remedy = remedy;
    }

    /** What would fix the problem, or null when the message says all there is. */
    public Remedy remedy() {
        return remedy;
    }
}
