/**
 * The {@code facecal} command line (picocli): every command is parse → options → stage calls
 * ({@code dev.facecal.pipeline}, {@code dev.facecal.bench}) → output. It reads the environment once
 * ({@code config.Configuration}), prints library errors with the command that fixes them, and owns the terminal
 * progress bar. A new command: a class here, listed in {@link dev.facecal.cli.Main}.
 */
package dev.facecal.cli;
