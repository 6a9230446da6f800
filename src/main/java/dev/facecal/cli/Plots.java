package dev.facecal.cli;

import dev.facecal.calibrate.Calibration;
import dev.facecal.dataset.PairTable;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Writes the per-column distance plots of {@code calibrate --plot DIR}. */
final class Plots {
    private Plots() {}

    static void write(Path dir, PairTable table, Calibration cal, PrintWriter err) {
        throw new UnsupportedOperationException("plots are being wired in");
    }
}
