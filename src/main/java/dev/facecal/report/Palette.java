package dev.facecal.report;

import java.awt.Color;

/**
 * Colours shared by the Plotly figures and the PNG charts, so that "same person" is the same blue
 * in both: matplotlib's default {@code tab10} cycle (the colours of the DeepFace notebook plots).
 */
public final class Palette {

    /** "same person" curves: tab:blue. */
    public static final String SAME = "#1f77b4";
    /** "different persons" curves: tab:orange. */
    public static final String DIFFERENT = "#ff7f0e";
    /** Reference lines (chance diagonal, EER line): grey. */
    public static final String REFERENCE = "#7f7f7f";

    /** Threshold marker colours, cycled: tab:green, red, purple, brown, pink, olive, cyan. */
    private static final String[] MARKERS = {
        "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf"
    };

    private Palette() {
    }

    /** Colour of the i-th threshold marker (cycles after seven). */
    public static String marker(int i) {
        return MARKERS[Math.floorMod(i, MARKERS.length)];
    }

    /** A {@code #rrggbb} string as an AWT colour. */
    public static Color awt(String hex) {
        if (hex == null || !hex.matches("#[0-9a-fA-F]{6}")) {
            throw new IllegalArgumentException("colour must be #rrggbb, got " + hex);
        }
        return new Color(Integer.parseInt(hex.substring(1), 16));
    }
}
