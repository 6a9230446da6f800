package dev.facecal.face;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Rect;

/**
 * OpenCV 4.9's {@code cv::groupRectangles(rectList, rejectLevels, levelWeights, groupThreshold, eps)}
 * ({@code modules/objdetect/src/cascadedetect.cpp}), the grouping {@code CascadeClassifier::detectMultiScale3} applies
 * to its raw candidates, ported line by line so that {@link HaarDetector} can collect the raw candidates in several
 * calls (each on a part of the scale pyramid) and group them once:
 * <ul>
 *   <li>{@code cv::partition} with {@code SimilarRects(eps)} (union-find in the same order; classes numbered by the
 *       first candidate of each);</li>
 *   <li>each class averaged: integer sums times {@code float s = 1.f/n}, rounded half to even
 *       ({@code saturate_cast<int>(float)} is {@code cvRound});</li>
 *   <li>the class's reject level is the largest of its members', its weight the largest weight among the members at
 *       that level;</li>
 *   <li>classes with at most {@code groupThreshold} members are dropped, and so is a class inside another class
 *       (within {@code eps} of its size, {@code cvRound}) when that class has more than {@code max(3, n)} members or
 *       this one fewer than 3.</li>
 * </ul>
 */
final class HaarGrouping {
    private HaarGrouping() {
    }

    /** The grouped rectangles with their reject levels and level weights, in OpenCV's output order. */
    record Grouped(Rect[] rects, int[] levels, double[] weights) {
    }

    /** OpenCV's {@code SimilarRects(eps)}. */
    static boolean similar(Rect r1, Rect r2, double eps) {
        double delta = eps * (Math.min(r1.width, r2.width) + Math.min(r1.height, r2.height)) * 0.5;
        return Math.abs(r1.x - r2.x) <= delta
                && Math.abs(r1.y - r2.y) <= delta
                && Math.abs(r1.x + r1.width - r2.x - r2.width) <= delta
                && Math.abs(r1.y + r1.height - r2.y - r2.height) <= delta;
    }

    /** OpenCV's {@code cv::partition(vec, labels, SimilarRects(eps))}: the labels; returns the number of classes. */
    static int partition(Rect[] vec, int[] labels, double eps) {
        int n = vec.length;
        int[] parent = new int[n];
        int[] rank = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = -1;
            rank[i] = 0;
        }
        for (int i = 0; i < n; i++) {
            int root = i;
            while (parent[root] >= 0) root = parent[root];
            for (int j = 0; j < n; j++) {
                if (i == j || !similar(vec[i], vec[j], eps)) continue;
                int root2 = j;
                while (parent[root2] >= 0) root2 = parent[root2];
                if (root2 != root) {
                    int rk = rank[root], rk2 = rank[root2];
                    if (rk > rk2) {
                        parent[root2] = root;
                    } else {
                        parent[root] = root2;
                        rank[root2] += rk == rk2 ? 1 : 0;
                        root = root2;
                    }
                    int k = j, p;
                    while ((p = parent[k]) >= 0) {
                        parent[k] = root;
                        k = p;
                    }
                    k = i;
                    while ((p = parent[k]) >= 0) {
                        parent[k] = root;
                        k = p;
                    }
                }
            }
        }
        int nclasses = 0;
        for (int i = 0; i < n; i++) {
            int root = i;
            while (parent[root] >= 0) root = parent[root];
            if (rank[root] >= 0) rank[root] = ~nclasses++;
            labels[i] = ~rank[root];
        }
        return nclasses;
    }

    /** {@code cvRound} of a float (round half to even, as {@code _mm_cvtss_si32} and {@code lrintf}). */
    private static int round(float v) {
        return (int) Math.rint(v);
    }

    /**
     * {@code groupRectangles(rectList, rejectLevels, levelWeights, groupThreshold, eps)} on the raw candidates (none
     * changed).
     */
    static Grouped group(Rect[] rectList, int[] levels, double[] levelWeights, int groupThreshold, double eps) {
        if (groupThreshold <= 0 || rectList.length == 0) {
            int[] ones = new int[rectList.length];
            java.util.Arrays.fill(ones, 1);
            return new Grouped(rectList.clone(), ones, levelWeights.clone());
        }
        int nlabels = rectList.length;
        int[] labels = new int[nlabels];
        int nclasses = partition(rectList, labels, eps);
        int[] sx = new int[nclasses], sy = new int[nclasses], sw = new int[nclasses], sh = new int[nclasses];
        int[] rweights = new int[nclasses];
        int[] rejectLevels = new int[nclasses];
        double[] rejectWeights = new double[nclasses];
        java.util.Arrays.fill(rejectWeights, Double.MIN_NORMAL); // DBL_MIN
        for (int i = 0; i < nlabels; i++) {
            int cls = labels[i];
            sx[cls] += rectList[i].x;
            sy[cls] += rectList[i].y;
            sw[cls] += rectList[i].width;
            sh[cls] += rectList[i].height;
            rweights[cls]++;
        }
        if (levels.length > 0 && levelWeights.length > 0) {
            for (int i = 0; i < nlabels; i++) {
                int cls = labels[i];
                if (levels[i] > rejectLevels[cls]) {
                    rejectLevels[cls] = levels[i];
                    rejectWeights[cls] = levelWeights[i];
                } else if (levels[i] == rejectLevels[cls] && levelWeights[i] > rejectWeights[cls]) {
                    rejectWeights[cls] = levelWeights[i];
                }
            }
        }
        Rect[] rrects = new Rect[nclasses];
        for (int i = 0; i < nclasses; i++) {
            float s = 1.f / rweights[i];
            rrects[i] = new Rect(round(sx[i] * s), round(sy[i] * s), round(sw[i] * s), round(sh[i] * s));
        }
        List<Rect> out = new ArrayList<>();
        List<Integer> outLevels = new ArrayList<>();
        List<Double> outWeights = new ArrayList<>();
        for (int i = 0; i < nclasses; i++) {
            Rect r1 = rrects[i];
            int n1 = rweights[i];
            if (n1 <= groupThreshold) continue;
            int j;
            for (j = 0; j < nclasses; j++) {
                int n2 = rweights[j];
                if (j == i || n2 <= groupThreshold) continue;
                Rect r2 = rrects[j];
                int dx = (int) Math.rint(r2.width * eps);
                int dy = (int) Math.rint(r2.height * eps);
                if (r1.x >= r2.x - dx && r1.y >= r2.y - dy && r1.x + r1.width <= r2.x + r2.width + dx
                        && r1.y + r1.height <= r2.y + r2.height + dy && (n2 > Math.max(3, n1) || n1 < 3)) {
                    break;
                }
            }
            if (j == nclasses) {
                out.add(r1);
                outLevels.add(rejectLevels[i]);
                outWeights.add(rejectWeights[i]);
            }
        }
        return new Grouped(out.toArray(new Rect[0]), outLevels.stream().mapToInt(Integer::intValue).toArray(),
                outWeights.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * OpenCV's {@code clipObjects(image.size(), objects, &rejectLevels, &levelWeights)}, which
     * {@code CascadeClassifier::detectMultiScale} applies to its output after the grouping: each rectangle cut to the
     * image, those left without area dropped with their level and weight (levels and weights may be empty).
     */
    static Grouped clip(int cols, int rows, Grouped g) {
        Rect[] r = g.rects();
        List<Rect> out = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < r.length; i++) {
            int x1 = Math.max(0, r[i].x), y1 = Math.max(0, r[i].y);
            int x2 = Math.min(cols, r[i].x + r[i].width), y2 = Math.min(rows, r[i].y + r[i].height);
            if (x2 > x1 && y2 > y1) {
                out.add(new Rect(x1, y1, x2 - x1, y2 - y1));
                kept.add(i);
            }
        }
        int[] levels = g.levels().length == r.length
                ? kept.stream().mapToInt(i -> g.levels()[i]).toArray() : g.levels();
        double[] weights = g.weights().length == r.length
                ? kept.stream().mapToDouble(i -> g.weights()[i]).toArray() : g.weights();
        return new Grouped(out.toArray(new Rect[0]), levels, weights);
    }
}
