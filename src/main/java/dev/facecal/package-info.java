/**
 * The core every package may use, and nothing else: {@link dev.facecal.FacecalException} (a user's mistake, with
 * the setting to fix and, through its {@link dev.facecal.FacecalException.Remedy}, the command the CLI suggests),
 * {@link dev.facecal.AtomicFiles} (every output written atomically), {@link dev.facecal.Provenance} (how a result was
 * made) and {@link dev.facecal.Sha256}.
 *
 * <p>The layers, bottom up (docs/architecture.md draws them; {@code ArchitectureTest} keeps them true):
 * values and algorithms ({@code dataset, pairs, face, embed, models, distance, calibrate, export}) →
 * {@code config} → {@code pipeline} (the stages) → {@code study}, {@code bench} → presentation ({@code report},
 * {@code notebook}) and {@code cli}. A package imports only its own layer and those below, never in a cycle.
 */
package dev.facecal;
