package dev.facecal.cli;

import dev.facecal.models.ModelStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --models DIR}, the model folder, shared by every command that opens or installs a model. */
public final class ModelsOption {
    @Option(names = "--models", paramLabel = "DIR",
            description = "model folder (default: $FACECAL_MODELS or ~/.cache/facecal/models)")
    Path dir;

    /** The model store the option (or the configuration) names. */
    ModelStore store() {
        return new ModelStore(Main.configuration().modelsDir(dir));
    }
}
