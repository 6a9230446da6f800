package dev.facecal.pipeline;

import dev.facecal.AtomicFiles;
import dev.facecal.calibrate.Calibration;
import dev.facecal.export.JavaExporter;
import dev.facecal.export.JsonExporter;
import dev.facecal.export.PythonExporter;
import dev.facecal.export.RustExporter;
import dev.facecal.export.TextReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The exports stage: a calibration as text, JSON, deepface-rs, DeepFace or Java code, each with the calibration's
 * provenance (an object in JSON, comment lines in the code blocks, a section of the text report). Files are written
 * atomically.
 */
public final class ExportStage {
    private ExportStage() {
    }

    /**
     * The calibration in {@code format}.
     *
     * @param curves with {@link ExportFormat#JSON}: every ROC/DET point per column
     */
    public static String render(Calibration cal, ExportFormat format, boolean curves) {
        return switch (format) {
            case TEXT -> TextReport.render(cal);
            case JSON -> JsonExporter.export(cal, curves);
            case RUST -> RustExporter.file(cal);
            case PYTHON -> PythonExporter.file(cal);
            case JAVA -> JavaExporter.export(cal);
        };
    }

    /** Writes the calibration in {@code format} to {@code file} (atomically). */
    public static Path write(Calibration cal, ExportFormat format, boolean curves, Path file) {
        AtomicFiles.writeString(file, render(cal, format, curves));
        return file;
    }

    /** Writes every format to its file name ({@link ExportFormat#fileName}) in {@code dir}; returns the files. */
    public static List<Path> writeAll(Calibration cal, Collection<ExportFormat> formats, Path dir) {
        List<Path> out = new ArrayList<>();
        for (ExportFormat f : formats) out.add(write(cal, f, false, dir.resolve(f.fileName())));
        return out;
    }
}
