package dev.facecal.cli;

import dev.facecal.calibrate.Calibration;
import dev.facecal.calibrate.CalibrationOptions;
import dev.facecal.calibrate.ColumnCalibration;
import dev.facecal.calibrate.Numbers;
import dev.facecal.dataset.DatasetFetch;
import dev.facecal.dataset.DatasetManifest;
import dev.facecal.dataset.FileFetcher;
import dev.facecal.dataset.PairTable;
import dev.facecal.dataset.PairTableReader;
import dev.facecal.export.JavaExporter;
import dev.facecal.models.ModelStore;
import dev.facecal.export.JsonExporter;
import dev.facecal.export.PythonExporter;
import dev.facecal.export.RustExporter;
import dev.facecal.export.TextReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code facecal run}: the main job end to end on DeepFace's own data. Obtains {@code face-recognition-pivot.csv}
 * (real VGG-Face, Facenet, OpenFace and DeepFace distances of 280 labelled pairs) from the mirror, the cache or
 * its pinned URL (SHA-256 checked), calibrates every column and writes the report, JSON, the deepface-rs
 * blocks, the DeepFace config entries, Java constants and one plot per column into the output folder.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the calibration end to end and write every result into --out: DeepFace's "
                + "face-recognition-pivot.csv (report.txt, calibration.json, deepface-rs.rs, deepface_config.py, "
                + "FacecalConstants.java, plots/), then DeepFace's test photos through face detection, the dlib "
                + "model and distances to the same outputs under dlib/. The ./facecal launcher then executes the "
                + "notebooks headless into <out>/notebooks (--no-notebooks: not)."})
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", paramLabel = "DIR",
            description = "a folder holding the dataset files (offline mirror; default: $FACECAL_DATA_MIRROR, "
                    + "then the cache, then the pinned download)")
    Path from;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--seed", defaultValue = "42", description = "bootstrap seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--no-plots", description = "skip the plots")
    boolean noPlots;

    @Option(names = "--no-photos", description = "skip the photo half (dlib model, face detection, distances)")
    boolean noPhotos;

    @Option(names = "--models", paramLabel = "DIR", description = "model folder (default: $FACECAL_MODELS or ~/.cache/facecal/models)")
    Path models;

    @Option(names = "--no-notebooks", description = "with the ./facecal launcher: do not execute the notebooks afterwards "
            + "(by default it runs environment/run-notebooks.py into <out>/notebooks once this command has finished)")
    boolean noNotebooks;

    @Option(names = "--cache", paramLabel = "DIR", description = "embedding cache (default: ~/.cache/facecal/embeddings)")
    Path cache;

    /**
     * The photo half: DeepFace's 62 test photos (mirror or pinned URLs, SHA-256 checked), the dlib model (installed
     * if missing), Haar detection + eye alignment, embeddings (cached), the four distances of DeepFace's 300
     * master.csv pairs, and their calibration into {@code out/dlib/}.
     */
    private Calibration photoHalf(DatasetManifest manifest, PrintWriter err) throws IOException {
        Path photos = out.resolve("deepface-unit");
        Path mirror = from != null ? from : envPath("FACECAL_DATA_MIRROR");
        DatasetFetch.fetch(manifest, mirror, photos, err);
        ModelStore store = ModelStore.defaults(models);
        if (store.installed("dlib").isEmpty()) {
            store.install("dlib", null, null, false, err);
        }
        Path pairsCsv = out.resolve("dlib").resolve("deepface-unit-dlib.csv");
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--dataset",
                photos.toString(), "--pairs", photos.resolve("master.csv").toString(), "--model", "dlib",
                "--out", pairsCsv.toString()));
        if (models != null) args.addAll(java.util.List.of("--models", models.toString()));
        if (cache != null) args.addAll(java.util.List.of("--cache", cache.toString()));
        DistancesCommand distances = new DistancesCommand();
        picocli.CommandLine cl = new picocli.CommandLine(distances).setOut(spec.commandLine().getOut()).setErr(err);
        cl.parseArgs(args.toArray(String[]::new));
        distances.call(); // a FacecalException reaches the user as any other command's
        PairTable table = PairTableReader.read(pairsCsv);
        Calibration cal = Calibration.of(table, CalibrationOptions.defaults().withBootstrap(1000, seed));
        Path dir = out.resolve("dlib");
        CalibrateCommand.writeAtomically(dir.resolve("report.txt"), TextReport.render(cal));
        CalibrateCommand.writeAtomically(dir.resolve("calibration.json"), JsonExporter.export(cal));
        CalibrateCommand.writeAtomically(dir.resolve("deepface-rs.rs"), RustExporter.export(cal));
        CalibrateCommand.writeAtomically(dir.resolve("deepface_config.py"), PythonExporter.export(cal));
        if (!noPlots) {
            Plots.write(dir.resolve("plots"), table, cal, err);
        }
        return cal;
    }

    private static Path envPath(String name) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? null : Path.of(v);
    }

    /** The pivot's columns followed by the photo half's, prefixed {@code dlib_}, for the summary table. */
    private static Calibration merged(Calibration pivot, Calibration photos) {
        java.util.Map<String, dev.facecal.calibrate.ColumnCalibration> cols = new java.util.LinkedHashMap<>(pivot.columns());
        photos.columns().forEach((k, v) -> cols.put("dlib_" + k, v));
        return new Calibration(pivot.source(), pivot.pairs(), pivot.positives(), pivot.negatives(), pivot.options(), cols);
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        DatasetManifest manifest = DatasetManifest.bundled("deepface-unit");
        Path csv = FileFetcher.defaults("deepface-unit", from).fetch(manifest.file("face-recognition-pivot.csv"));
        err.println("pairs: " + csv + " (SHA-256 verified)");
        PairTable table = PairTableReader.read(csv);
        CalibrationOptions options = CalibrationOptions.defaults().withBootstrap(1000, seed);
        Progress progress = new Progress(err, table.columns().size());
        Calibration cal = Calibration.of(table, table.columns(), options, c -> progress.step("calibrating " + c));
        progress.finish("calibrated " + table.columns().size() + " columns of " + table.size() + " pairs");
        CalibrateCommand.writeAtomically(out.resolve("report.txt"), TextReport.render(cal));
        CalibrateCommand.writeAtomically(out.resolve("calibration.json"), JsonExporter.export(cal));
        CalibrateCommand.writeAtomically(out.resolve("deepface-rs.rs"), RustExporter.export(cal));
        CalibrateCommand.writeAtomically(out.resolve("deepface_config.py"), PythonExporter.export(cal));
        CalibrateCommand.writeAtomically(out.resolve("FacecalConstants.java"), JavaExporter.export(cal));
        if (!noPlots) {
            Plots.write(out.resolve("plots"), table, cal, err);
        }
        if (!noPhotos) {
            Calibration photos = photoHalf(manifest, err);
            cal = merged(cal, photos);
        }
        stdout.printf("%-22s %8s %8s %8s %8s %8s %8s %7s%n", "column", "sigma2", "c45", "c45_exact", "f1_max",
                "eer", "roc_auc", "f1@c45");
        for (var entry : cal.columns().entrySet()) {
            ColumnCalibration c = entry.getValue();
            stdout.printf("%-22s %8s %8s %8s %8s %8s %8s %7s%n", entry.getKey(), Numbers.fixed(c.threshold("sigma2"), 4),
                    Numbers.fixed(c.threshold("c45"), 4), Numbers.fixed(c.threshold("c45_exact"), 4),
                    Numbers.fixed(c.threshold("f1_max"), 4), Numbers.fixed(c.threshold("eer"), 4),
                    Numbers.fixed(c.roc().auc(), 4), Numbers.fixed(c.evaluation("c45").f1(), 4));
        }
        stdout.println("\nwrote " + out.toAbsolutePath().normalize()
                + ": report.txt, calibration.json, deepface-rs.rs, deepface_config.py, FacecalConstants.java"
                + (noPlots ? "" : ", plots/") + (noPhotos ? "" : "; dlib/ (photos -> faces -> dlib -> distances "
                + "-> calibration of DeepFace's 300 master.csv pairs)"));
        stdout.flush();
        return 0;
    }
}
