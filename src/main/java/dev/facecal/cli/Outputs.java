package dev.facecal.cli;

import dev.facecal.FacecalException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks on an output path made before any work, so that a long run never ends on a bare path: the output must not
 * be a folder, and must not be one of the command's inputs (a report written over the pair table it was computed
 * from destroys the table).
 */
final class Outputs {
    private Outputs() {}

    /**
     * @param output the output file
     * @param option the option that named it, for the message ({@code -o}, {@code --out})
     * @param inputs the command's input files
     */
    static void checkWritable(Path output, String option, Path... inputs) {
        if (Files.isDirectory(output)) {
            throw new FacecalException(output + " is a folder (" + option + "); give a file name, e.g. "
                    + output.resolve("report.txt"));
        }
        for (Path in : inputs) {
            if (in != null && same(output, in)) {
                throw new FacecalException(option + " " + output + " is the input file " + in + ": writing the result "
                        + "there would replace the input; choose another output file");
            }
        }
    }

    private static boolean same(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) return Files.isSameFile(a, b);
        } catch (IOException e) {
            // fall back to the names
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
