package dev.facecal.cli;

import picocli.CommandLine.Option;

/** {@code --seed N}: the seed of every random choice a command makes (bootstrap, sampling, splits). */
public final class SeedOption {
    @Option(names = "--seed", defaultValue = "42", description = "seed of every random choice (default: ${DEFAULT-VALUE})")
    long seed;
}
