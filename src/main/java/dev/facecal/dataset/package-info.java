/**
 * Labelled photo sets and pair tables: {@link dev.facecal.dataset.Dataset} (identity folders, JSON manifests),
 * pinned downloads checked by SHA-256 ({@link dev.facecal.dataset.FileFetcher},
 * {@link dev.facecal.dataset.DatasetFetch}), the one RFC 4180 CSV reader ({@link dev.facecal.dataset.CsvReader}) and
 * writer ({@link dev.facecal.dataset.CsvOut}), pair tables with scores ({@link dev.facecal.dataset.PairTableReader},
 * pandas' number parser) and which way a score points ({@link dev.facecal.dataset.ScoreDirection}). Bottom layer:
 * imports only {@code dev.facecal}.
 */
package dev.facecal.dataset;
