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
        subcommands = {ModelCommand.ListModels.class, ModelCommand.Install.class})
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
            broken.forEach(out::println);
            out.flush();
            return 0;
        }
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = {"Install a model into the model folder (idempotent).",
                    "dlib: npm pack @vladmandic/face-api@1.7.15 (or --from the .tgz), integrity-checked, converted to ONNX.",
                    "vgg-face, vgg-face-2020: --from DeepFace's vgg_face_weights.h5, converted to ONNX.",
                    "any other ONNX face model: NAME --from model.onnx --spec spec.json."})
    static final class Install implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "catalogue name (dlib, vgg-face, vgg-face-2020, sface) or your own")
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
}
