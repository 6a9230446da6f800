package dev.facecal.cli;

import dev.facecal.FacecalException;

/** The command that fixes a library error, as the command line adds it to the message. */
final class Remedies {
    private Remedies() {
    }

    /** {@code ; run ./facecal model install dlib}, or empty when the error carries no remedy. */
    static String suffix(Throwable e) {
        if (!(e instanceof FacecalException f) || f.remedy() == null) return "";
        FacecalException.Remedy r = f.remedy();
        return switch (r.action()) {
            case INSTALL_MODEL -> "; run ./facecal model install " + r.subject();
            case REINSTALL_MODEL -> "; run ./facecal model install " + r.subject() + " --force";
            case INSTALL_MODEL_FROM_FILE -> "; run ./facecal model install " + r.subject() + " --from "
                    + (r.file() == null ? "FILE" : r.file());
            case FETCH_DATASET -> "; run ./facecal dataset fetch " + r.subject();
            case REBUILD -> "; rebuild facecal (mvn package)";
        };
    }
}
