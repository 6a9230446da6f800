/**
 * Presentation for the notebooks: the workspace (project folder, data, settings from {@code config}), the display
 * adapter for IJava, JJava and rapaio, the results as Tablesaw tables ({@link dev.facecal.notebook.Tables} and one
 * {@code SeedNNNTables} per study: static functions of plain results), face galleries and progress lines. Notebook
 * cells are short calls of these and of the pipeline's stages.
 */
package dev.facecal.notebook;
