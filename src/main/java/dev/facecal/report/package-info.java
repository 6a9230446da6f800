/**
 * Presentation: figures (Plotly), self-contained HTML pages, PNG charts (JFreeChart) and the kernel density estimates
 * they draw. May use everything below; nothing below uses it.
 */
package dev.facecal.report;
