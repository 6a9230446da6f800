package dev.facecal.report;

/**
 * Thins a polyline for display. A ROC or DET curve over millions of pairs has millions of
 * vertices, which make an HTML page slow and a PNG no sharper; a few thousand chosen well look
 * the same.
 *
 * <p>Largest-Triangle-Three-Buckets (S. Steinarsson, "Downsampling Time Series for Visual
 * Representation", MSc thesis, University of Iceland, 2013): keeps the first and last vertex and
 * from each of {@code target - 2} equal buckets of the vertices in between keeps the one that
 * spans the largest triangle with the vertex kept before it and the mean of the next bucket, so
 * peaks, corners and steps survive. Works on any vertex order (x need not be sorted).
 */
public final class Downsample {

    /** Curves with more vertices than this are thinned by the figure builders. */
    public static final int DISPLAY_POINTS = 2000;

    private Downsample() {
    }

    /**
     * Indices (increasing, first 0 and last n-1) of at most {@code target} vertices to keep; all
     * indices when the curve already has no more than {@code target} vertices.
     *
     * @throws IllegalArgumentException when the arrays differ in length or target is below 3
     */
    public static int[] lttb(double[] x, double[] y, int target) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y differ in length: " + x.length + " vs " + y.length);
        }
        if (target < 3) {
            throw new IllegalArgumentException("target must be at least 3, got " + target);
        }
        int n = x.length;
        if (n <= target) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] keep = new int[target];
        double every = (double) (n - 2) / (target - 2);
        int a = 0;
        keep[0] = 0;
        for (int b = 0; b < target - 2; b++) {
            int nextStart = (int) Math.floor((b + 1) * every) + 1;
            int nextEnd = Math.min((int) Math.floor((b + 2) * every) + 1, n);
            double avgX = 0;
            double avgY = 0;
            for (int i = nextStart; i < nextEnd; i++) {
                avgX += x[i];
                avgY += y[i];
            }
            int len = nextEnd - nextStart;
            if (len > 0) {
                avgX /= len;
                avgY /= len;
            } else {
                avgX = x[n - 1];
                avgY = y[n - 1];
            }
            int start = (int) Math.floor(b * every) + 1;
            int end = b == target - 3 ? n - 1 : Math.max(start + 1, (int) Math.floor((b + 1) * every) + 1);
            double best = -1;
            int chosen = start;
            for (int i = start; i < end; i++) {
                double area = Math.abs((x[a] - avgX) * (y[i] - y[a]) - (x[a] - x[i]) * (avgY - y[a]));
                if (area > best) {
                    best = area;
                    chosen = i;
                }
            }
            keep[b + 1] = chosen;
            a = chosen;
        }
        keep[target - 1] = n - 1;
        return keep;
    }

    /** The elements of {@code values} at {@code indices}. */
    public static double[] pick(double[] values, int[] indices) {
        double[] out = new double[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = values[indices[i]];
        }
        return out;
    }
}
