package dev.facecal.pipeline;

import java.util.Locale;

/** The formats a calibration is exported in, with the file each is written to by {@link ExportStage#writeAll}. */
public enum ExportFormat {
    /** the human-readable report (deepface-rs's {@code --info} layout) */
    TEXT("text", "report.txt"),
    /** everything as JSON (schema in the README) */
    JSON("json", "calibration.json"),
    /** deepface-rs's {@code ModelThreshold} and {@code ModelConfidence} blocks */
    RUST("rust", "deepface-rs.rs"),
    /** entries for DeepFace's {@code threshold.py} and {@code confidence.py} */
    PYTHON("python", "deepface_config.py"),
    /** Java constants with {@code ConfidenceModel} literals */
    JAVA("java", "FacecalConstants.java");

    private final String label;
    private final String fileName;

    ExportFormat(String label, String fileName) {
        this.label = label;
        this.fileName = fileName;
    }

    /** {@code text}, {@code json}, {@code rust}, {@code python} or {@code java}. */
    public String label() {
        return label;
    }

    /** The file name {@code facecal run} writes this format to. */
    public String fileName() {
        return fileName;
    }

    /**
     * The format called {@code name}; an error naming the setting ({@code setting}, e.g. {@code --format}) and
     * listing the formats otherwise.
     */
    public static ExportFormat parse(String setting, String name) {
        String s = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (ExportFormat f : values()) {
            if (f.label.equals(s)) return f;
        }
        throw new dev.facecal.FacecalException(setting + " " + name
                + " is not known: use text, json, rust, python or java");
    }

    @Override
    public String toString() {
        return label;
    }
}
