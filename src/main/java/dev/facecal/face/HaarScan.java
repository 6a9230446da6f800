package dev.facecal.face;

import dev.facecal.VectorApi;
import java.util.Arrays;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * OpenCV 4.9's {@code CascadeClassifier::detectMultiScale} scan without its grouping
 * ({@code CascadeClassifierImpl::detectMultiScaleNoGrouping} with the CPU {@code CascadeClassifierInvoker},
 * {@code HaarEvaluator} and {@code predictOrderedStump}; {@code modules/objdetect/src/cascadedetect.cpp}), for a
 * stump-based {@link HaarCascade}, giving the same raw candidates: the same windows, and for the reject-levels
 * variant ({@code detectMultiScale3(..., outputRejectLevels=true)}) the same level weights to the last bit.
 *
 * <p>What is OpenCV's, step by step:
 * <ul>
 *   <li>the scales: {@code factor = 1, f, f^2, ...} in double while {@code cvRound(window * factor)} fits the image
 *       and {@code maxSize}, skipping windows below {@code minSize}; each scale is {@code (float) factor};</li>
 *   <li>each scale's image is OpenCV's own {@code resize(gray, cvRound(w / scale) x cvRound(h / scale), 1 / scale,
 *       1 / scale, INTER_LINEAR_EXACT)} (called through the Java binding, so the pixels are OpenCV's), and its integral
 *       images are 32-bit sums and sums of squares (wrapping as OpenCV's {@code CV_32S} ones do; a window's sum is
 *       a difference, exact either way);</li>
 *   <li>windows every {@code ystep} pixels ({@code 2} below scale 2, else {@code 1}) in rows and columns, a
 *       window after one rejected by the first stage skipped; the variance normalisation over the window less a
 *       one-pixel frame ({@code setWindow}: {@code nf = area * sqsum - sum^2} in double, {@code (float) (1 / sqrt(nf))},
 *       windows with {@code nf <= 0} or {@code area * factor >= 0.1} rejected);</li>
 *   <li>each stump's feature value in float ({@code w0 * s0 + w1 * s1 [+ w2 * s2]}, times the normalisation), the
 *       stage sum in double, a stage passed when its sum is not below the threshold;</li>
 *   <li>a candidate's rectangle {@code (cvRound(x * scale), cvRound(y * scale), cvRound(24 * scale), ...)} with the
 *       float scale.</li>
 * </ul>
 *
 * <p>What is not: the order. OpenCV collects candidates from its threads as they come; here they come scale by
 * scale, row by row, column by column (the order of one thread), which {@link HaarGrouping} turns into the same
 * groups. And windows that see only zero pixels are not visited at all: their sums are 0, so {@code nf = 0} and
 * OpenCV rejects them in {@code setWindow}, before any stage and without skipping the next window. The scan therefore
 * finds the bounding box of the image's non-zero pixels once and, at each scale, visits only windows that can
 * overlap its (conservatively widened) image; on DeepFace's photo, three quarters of which is a black border, that
 * is a quarter of OpenCV's windows and integral images.
 *
 * <p>With the Vector API all stages but the last run for a row of windows at once ({@code HaarLanes}, the same
 * arithmetic per window); the first-stage skip is then applied to their results, so the verdicts are the ones the
 * one-window-at-a-time loop gives.
 */
public final class HaarScan {
    /**
     * Integral buffers larger than this (in ints, each of the two) are dropped after a scan rather than kept for the
     * next photo: a scanner keeps up to 2 x 64 MiB between photos.
     */
    static final int KEEP_INTS = 16 << 20;
    /** Rows of windows per band of integral images (even, so that a band starts on the scan's row step). */
    static final int BAND_ROWS = 192;
    /** Whether the stages can run on the Vector API ({@link HaarLanes}); either way the results are the same. */
    static final boolean LANES = VectorApi.enabled();
    /** Windows per {@link HaarLanes} step; 0 without the Vector API (the class is then never loaded). */
    static final int LANE_WIDTH = LANES ? HaarLanes.L : 0;

    private final HaarCascade cascade;
    private final Window win;
    /** How many first stages {@link HaarLanes} evaluates (at most all but the last); 0: none. */
    private final int laneStages;

    /**
     * A scanner of {@code cascade}; it keeps its buffers between scans, so one scanner serves one thread. With the
     * Vector API it evaluates all stages but the last in {@link HaarLanes} (measured on img8: 0, 4, 8, 16 and all
     * but the last stage took 385, 211, 124, 101 and 92 ms), else one window at a time.
     */
    public HaarScan(HaarCascade cascade) {
        this(cascade, LANES ? Integer.MAX_VALUE : 0);
    }

    /** A scanner that evaluates the first {@code laneStages} stages in {@link HaarLanes} (0: none; tests). */
    HaarScan(HaarCascade cascade, int laneStages) {
        if (laneStages > 0 && !LANES) throw new IllegalStateException("the Vector API module is not present");
        this.cascade = cascade;
        this.win = new Window(cascade);
        this.laneStages = laneStages;
    }

    public HaarCascade cascade() {
        return cascade;
    }

    /** The raw candidates: rectangles, their reject levels (the number of stages passed) and stage sums. */
    public record Candidates(Rect[] rects, int[] levels, double[] weights) {
    }

    /**
     * The raw candidates of the cascade on the 8-bit gray image {@code gray}.
     *
     * @param rejectLevels true: {@code detectMultiScale3(..., outputRejectLevels=true)}'s candidates (windows that pass
     *                     every stage, with level = stages and weight = last stage sum); false: {@code
     *                     detectMultiScale}'s (the same windows, level and weight unused)
     * @param minSize      OpenCV's {@code minSize} (0 x 0: none)
     * @param maxSize      OpenCV's {@code maxSize} (0 x 0: the image)
     */
    public Candidates scan(Mat gray, double scaleFactor, Size minSize, Size maxSize, boolean rejectLevels) {
        int cols = gray.cols(), rows = gray.rows();
        Growing out = new Growing();
        if (cols == 0 || rows == 0) return out.done();
        int maxW = maxSize.width == 0 || maxSize.height == 0 ? cols : (int) maxSize.width;
        int maxH = maxSize.width == 0 || maxSize.height == 0 ? rows : (int) maxSize.height;
        Rect nz = Imgproc.boundingRect(gray); // the non-zero pixels (a gray image is a point mask to OpenCV)
        if (nz.width == 0 || nz.height == 0) return out.done();
        Mat resized = new Mat();
        try {
            for (double factor = 1; ; factor *= scaleFactor) {
                int ww = (int) Math.rint(cascade.width * factor), wh = (int) Math.rint(cascade.height * factor);
                if (ww > maxW || wh > maxH || ww > cols || wh > rows) break;
                if (ww < minSize.width || wh < minSize.height) continue;
                scanScale(cascade, gray, (float) factor, nz, resized, win, out, rejectLevels, laneStages);
            }
        } finally {
            resized.release();
            win.trim();
        }
        return out.done();
    }

    private static void scanScale(HaarCascade c, Mat gray, float scale, Rect nz, Mat resized, Window win,
                                  Growing out, boolean rejectLevels, int laneStages) {
        int cols = gray.cols(), rows = gray.rows();
        int sw = (int) Math.rint(cols / scale), sh = (int) Math.rint(rows / scale);
        int ystep = scale >= 2 ? 1 : 2;
        int workW = Math.max(sw + 1 - c.width, 0), workH = Math.max(sh + 1 - c.height, 0);
        // the non-zero pixels at this scale, widened: INTER_LINEAR reads the two source pixels around
        // (dx + 0.5) * s - 0.5, so a destination pixel outside [x0 / s - 2, x1 / s + 2] reads only zeros
        double s = (double) cols / sw, t = (double) rows / sh;
        int nx0 = Math.max(0, (int) Math.floor((nz.x - 1) / s) - 2);
        int nx1 = Math.min(sw, (int) Math.ceil((nz.x + nz.width + 1) / s) + 2);
        int ny0 = Math.max(0, (int) Math.floor((nz.y - 1) / t) - 2);
        int ny1 = Math.min(sh, (int) Math.ceil((nz.y + nz.height + 1) / t) + 2);
        // windows that can overlap those pixels, and the part of the image they read
        int xFirst = firstStep(Math.max(0, nx0 - c.width + 1), ystep), xEnd = Math.min(workW, nx1);
        int yFirst = firstStep(Math.max(0, ny0 - c.height + 1), ystep), yEnd = Math.min(workH, ny1);
        if (xFirst >= xEnd || yFirst >= yEnd) return;
        int ex0 = xFirst, ex1 = Math.min(sw, xEnd - 1 + c.width);
        Mat scaled;
        if (sw == cols && sh == rows) {
            scaled = gray; // cv::resize copies an image to its own size
        } else {
            Imgproc.resize(gray, resized, new Size(sw, sh), 1.0 / scale, 1.0 / scale, Imgproc.INTER_LINEAR_EXACT);
            scaled = resized;
        }
        int rw = (int) Math.rint(c.width * scale), rh = (int) Math.rint(c.height * scale);
        int nstages = c.stages();
        int k = Math.min(laneStages, nstages - 1);
        int count = (xEnd - xFirst + ystep - 1) / ystep; // windows in a row
        int nv = k > 0 ? count / LANE_WIDTH * LANE_WIDTH : 0; // of which HaarLanes takes the first nv
        boolean planar = ystep == 2 && nv > 0; // even and odd columns apart, for HaarLanes
        win.lanes(nv);
        int[] code = win.code;
        float[] factors = win.factors;
        int shift = ystep == 2 ? 1 : 0;
        // the rows of windows in bands, each with the integral images of the pixel rows its windows read (a
        // window's sums are differences, so an integral started at the band's first row gives the same values):
        // the buffers stay a band high whatever the photo's size
        for (int yb = yFirst; yb < yEnd; yb += BAND_ROWS) {
            int ybEnd = Math.min(yEnd, yb + BAND_ROWS);
            int ey0 = yb, ey1 = Math.min(sh, ybEnd - 1 + c.height);
            win.integrate(scaled, ex0, ey0, ex1 - ex0, ey1 - ey0, planar);
            for (int y = yb; y < ybEnd; y += ystep) {
                int rowBase = (y - ey0) * win.stride - ex0;
                // the first k stages of the row's first nv windows at once (those a skip passes over included),
                // the rest one window at a time, in OpenCV's order
                if (nv > 0) {
                    HaarLanes.firstStages(win, k, planar ? win.sumP : win.sum, planar ? win.sqP : win.sq,
                            planar ? win.ofsP : win.ofs, planar ? win.nvP : win.nvS, (y - ey0) * win.stride, nv,
                            code, factors);
                }
                for (int x = xFirst; x < xEnd; x += ystep) {
                    int j = (x - xFirst) >> shift, result;
                    if (j < nv) {
                        result = code[j];
                        if (result == k) result = win.runFrom(rowBase + x, k, factors[j]);
                    } else {
                        result = win.run(rowBase + x);
                    }
                    if (rejectLevels ? result == 1 : result > 0) {
                        out.add((int) Math.rint(x * scale), (int) Math.rint(y * scale), rw, rh, nstages,
                                win.stageSum);
                    }
                    if (result == 0) x += ystep;
                }
            }
        }
    }

    private static int firstStep(int from, int step) {
        return (from + step - 1) / step * step;
    }

    /** The integral images of one scale's region and the evaluation of one window on them. */
    static final class Window {
        private final HaarCascade c;
        int[] sum = new int[0], sq = new int[0];
        /** The same integral images with each row's even columns first, then its odd ones (for {@link HaarLanes}). */
        int[] sumP = new int[0], sqP = new int[0];
        byte[] pixels = new byte[0];
        int stride = -1;
        /** {@link HaarLanes}' results for a row of windows. */
        int[] code = new int[0];
        float[] factors = new float[0];

        /** Room for {@code n} windows' lane results. */
        void lanes(int n) {
            if (code.length < n) {
                code = new int[n];
                factors = new float[n];
            }
        }

        /** Drops buffers too large to keep between photos. */
        void trim() {
            if (sum.length > KEEP_INTS) {
                sum = new int[0];
                sq = new int[0];
            }
            if (sumP.length > KEEP_INTS) {
                sumP = new int[0];
                sqP = new int[0];
            }
            if (pixels.length > KEEP_INTS) pixels = new byte[0];
        }
        /** Per stump, the 12 corner offsets of its feature's rectangles at {@link #stride}, and in {@link #sumP}. */
        int[] ofs, ofsP;
        /** The corner offsets of the variance window, in {@link #sum} and in {@link #sumP}. */
        final int[] nvS = new int[4], nvP = new int[4];
        final float[] w0, w1, w2;
        /** Per stump, its leaves as the doubles a stage sum adds. */
        final double[] leftD, rightD;
        final boolean[] three;
        final double area;
        /** The last window's last stage sum. */
        double stageSum;

        Window(HaarCascade c) {
            this.c = c;
            int n = c.stumpFeature.length;
            w0 = new float[n];
            w1 = new float[n];
            w2 = new float[n];
            three = new boolean[n];
            leftD = new double[n];
            rightD = new double[n];
            for (int i = 0; i < n; i++) {
                leftD[i] = c.stumpLeft[i];
                rightD[i] = c.stumpRight[i];
                int f = c.stumpFeature[i];
                w0[i] = c.weights[f * 3];
                w1[i] = c.weights[f * 3 + 1];
                w2[i] = c.weights[f * 3 + 2];
                three[i] = w2[i] != 0f;
            }
            area = (double) (c.width - 2) * (c.height - 2);
        }

        HaarCascade cascade() {
            return c;
        }

        /**
         * Computes the integral images of {@code img}'s region {@code (x0, y0, w, h)}, and with {@code planar} their
         * copies with even and odd columns apart.
         */
        void integrate(Mat img, int x0, int y0, int w, int h, boolean planar) {
            if (pixels.length < w * h) pixels = new byte[w * h];
            Mat roi = img.submat(y0, y0 + h, x0, x0 + w);
            try {
                roi.get(0, 0, pixels);
            } finally {
                roi.release();
            }
            int st = w + 1, size = st * (h + 1);
            if (sum.length < size) {
                sum = new int[size];
                sq = new int[size];
            } else {
                Arrays.fill(sum, 0, st, 0);
                Arrays.fill(sq, 0, st, 0);
            }
            byte[] p = pixels;
            int[] s = sum, q = sq;
            for (int y = 0; y < h; y++) {
                int rs = 0, rq = 0, o = (y + 1) * st, up = y * st, src = y * w;
                s[o] = 0;
                q[o] = 0;
                for (int x = 0; x < w; x++) {
                    int v = p[src + x] & 0xFF;
                    rs += v;
                    rq += v * v;
                    s[o + x + 1] = s[up + x + 1] + rs;
                    q[o + x + 1] = q[up + x + 1] + rq;
                }
            }
            if (st != stride) setStride(st);
            if (planar) {
                if (sumP.length < size) {
                    sumP = new int[size];
                    sqP = new int[size];
                }
                int even = (st + 1) / 2;
                int[] sp = sumP, qp = sqP;
                for (int r = 0, o = 0; r <= h; r++, o += st) {
                    for (int x = 0; x < st; x += 2) {
                        sp[o + (x >> 1)] = s[o + x];
                        qp[o + (x >> 1)] = q[o + x];
                    }
                    for (int x = 1; x < st; x += 2) {
                        sp[o + even + (x >> 1)] = s[o + x];
                        qp[o + even + (x >> 1)] = q[o + x];
                    }
                }
            }
        }

        /** Where the integral entry {@code (cx, cy)} after a window's top-left one lies in {@link #sumP}. */
        private int planar(int cx, int cy) {
            return cy * stride + ((cx & 1) == 0 ? cx >> 1 : (stride + 1) / 2 + (cx >> 1));
        }

        private void setStride(int st) {
            stride = st;
            int n = c.stumpFeature.length;
            if (ofs == null) {
                ofs = new int[n * 12];
                ofsP = new int[n * 12];
            }
            for (int i = 0; i < n; i++) {
                int f = c.stumpFeature[i];
                for (int r = 0; r < 3; r++) {
                    int rx = c.rects[f * 12 + r * 4], ry = c.rects[f * 12 + r * 4 + 1];
                    int rw = c.rects[f * 12 + r * 4 + 2], rh = c.rects[f * 12 + r * 4 + 3];
                    int b = i * 12 + r * 4;
                    ofs[b] = rx + st * ry;
                    ofs[b + 1] = rx + rw + st * ry;
                    ofs[b + 2] = rx + st * (ry + rh);
                    ofs[b + 3] = rx + rw + st * (ry + rh);
                    ofsP[b] = planar(rx, ry);
                    ofsP[b + 1] = planar(rx + rw, ry);
                    ofsP[b + 2] = planar(rx, ry + rh);
                    ofsP[b + 3] = planar(rx + rw, ry + rh);
                }
            }
            // the variance window: the cascade's window less a one-pixel frame, corners (1, 1) .. (w - 1, h - 1)
            for (int k = 0; k < 4; k++) {
                int cx = (k & 1) == 0 ? 1 : c.width - 1, cy = k < 2 ? 1 : c.height - 1;
                nvS[k] = cx + st * cy;
                nvP[k] = planar(cx, cy);
            }
        }

        /**
         * OpenCV's {@code runAt} for the window whose top-left integral entry is {@code p}: -1 when
         * {@code setWindow} rejects it, {@code -stage} when a stage rejects it (0 for the first), 1 when it passes
         * every stage; {@link #sum} is then the last stage's sum.
         */
        int run(int p) {
            int[] s = sum, q = sq;
            int n0 = nvS[0], n1 = nvS[1], n2 = nvS[2], n3 = nvS[3];
            int valsum = s[p + n0] - s[p + n1] - s[p + n2] + s[p + n3];
            int valsq = q[p + n0] - q[p + n1] - q[p + n2] + q[p + n3];
            double nf = area * (valsq & 0xFFFFFFFFL) - (double) valsum * valsum;
            if (!(nf > 0.)) return -1;
            float factor = (float) (1. / Math.sqrt(nf));
            if (!(area * factor < 1e-1)) return -1;
            return runFrom(p, 0, factor);
        }

        /**
         * {@link #run} from stage {@code first} on, for a window that passed the stages before it with the
         * variance normalisation {@code factor}.
         */
        int runFrom(int p, int first, float factor) {
            int[] s = sum;
            int[] o = ofs;
            float[] sw0 = w0, sw1 = w1, sw2 = w2, thr = c.stumpThreshold, left = c.stumpLeft, right = c.stumpRight;
            boolean[] th = three;
            int nstages = c.stageCount.length;
            double tmp = 0;
            int i = c.stageFirst[first];
            for (int stage = first; stage < nstages; stage++) {
                tmp = 0;
                int end = i + c.stageCount[stage];
                for (; i < end; i++) {
                    int b = i * 12;
                    float a0 = (float) (s[p + o[b]] - s[p + o[b + 1]] - s[p + o[b + 2]] + s[p + o[b + 3]]);
                    float a1 = (float) (s[p + o[b + 4]] - s[p + o[b + 5]] - s[p + o[b + 6]] + s[p + o[b + 7]]);
                    float ret = sw0[i] * a0 + sw1[i] * a1; // float, no fused multiply-add, as OpenCV's SSE build
                    if (th[i]) {
                        float a2 = (float) (s[p + o[b + 8]] - s[p + o[b + 9]] - s[p + o[b + 10]] + s[p + o[b + 11]]);
                        ret += sw2[i] * a2;
                    }
                    float value = ret * factor;
                    tmp += value < thr[i] ? left[i] : right[i];
                }
                if (tmp < c.stageThreshold[stage]) {
                    stageSum = tmp;
                    return -stage;
                }
            }
            stageSum = tmp;
            return 1;
        }
    }

    /** Candidates as they are found. */
    private static final class Growing {
        int n;
        int[] xywh = new int[64];
        int[] levels = new int[16];
        double[] weights = new double[16];

        void add(int x, int y, int w, int h, int level, double weight) {
            if (n == levels.length) {
                xywh = Arrays.copyOf(xywh, n * 8);
                levels = Arrays.copyOf(levels, n * 2);
                weights = Arrays.copyOf(weights, n * 2);
            }
            xywh[n * 4] = x;
            xywh[n * 4 + 1] = y;
            xywh[n * 4 + 2] = w;
            xywh[n * 4 + 3] = h;
            levels[n] = level;
            weights[n] = weight;
            n++;
        }

        Candidates done() {
            Rect[] r = new Rect[n];
            for (int i = 0; i < n; i++) r[i] = new Rect(xywh[i * 4], xywh[i * 4 + 1], xywh[i * 4 + 2], xywh[i * 4 + 3]);
            return new Candidates(r, Arrays.copyOf(levels, n), Arrays.copyOf(weights, n));
        }
    }
}
