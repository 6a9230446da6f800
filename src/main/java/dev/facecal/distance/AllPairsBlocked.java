package dev.facecal.distance;

/**
 * The blocked all-pairs engine: register tiles of 6 rows x 4 vectors ({@link AllPairsBlockKernel}) over row groups
 * and column strips packed once, tasks of {@value #TASK_ROWS} rows, and each task's results for one panel of
 * {@value #PANEL} columns kept in a small buffer (L2-resident) from which the consumer takes them row by row before
 * the next panel overwrites it.
 *
 * <p><b>What each metric computes.</b>
 *
 * <ul>
 *   <li>cosine and angular: the Gram matrix of the float embeddings by fused multiply-adds, which for float inputs is
 *       the reference's dot product bit for bit ({@link AllPairsBlockKernel#gram}); so both paths give the reference
 *       doubles (angular finished per pair by {@link VectorMath#angularFromSimilarity}).
 *   <li>euclidean and euclidean_l2, exact path: per dimension subtract, multiply, add, as the reference
 *       ({@link AllPairsBlockKernel#difference}); three operations per pair and dimension.
 *   <li>euclidean and euclidean_l2, certified path: {@code sqrt((|a|^2 + |b|^2) - 2 a.b)} from the same Gram tile,
 *       one operation per pair and dimension, within a proven margin of the reference (see {@link Certificate});
 *       values below the floor (near-duplicate pairs) are recomputed before they are handed over.
 * </ul>
 *
 * <p>The segments a consumer receives are those of the panel engine: for each row the columns right of the diagonal
 * cut at multiples of {@value #PANEL}, in increasing order, from one thread; so the row sums of the summary are the
 * same additions in the same order as {@link AllPairs}' other engines.
 */
final class AllPairsBlocked {
    static final int PANEL = AllPairs.PANEL;
    static final int ROWS = AllPairsBlockKernel.ROWS;
    static final int WIDTH = AllPairsBlockKernel.WIDTH;
    /** Rows per task: eight row groups. */
    static final int TASK_ROWS = 8 * ROWS;
    /** Kernel selector beside the Gram finishings of {@link AllPairsBlockKernel}. */
    private static final int DIFFERENCE = -1;
    /**
     * The margin of the certified angular distances: the similarity is the reference's bit for bit, and the Vector
     * API's {@code ACOS} is held to {@link Math#acos}'s accuracy (within 1 ulp of the exact arc cosine, as
     * {@code jdk.incubator.vector.VectorOperators} specifies), so the two arc cosines (at most pi) differ by at most
     * 2 ulps of a number below 4, 2^-50; divided by pi and rounded, at most 2^-50 / pi plus an ulp of a number
     * at most 1, 2^-53. 2^-49 covers both with room.
     */
    static final double ANGULAR_MARGIN = 0x1p-49;

    private AllPairsBlocked() {}

    /**
     * The embeddings packed for the kernel: {@code rows} row groups interleaved (value (i, k) at {@code ((i / 6) *
     * dim + k) * 6 + i % 6}), {@code cols} strips dimension-major (value (j, k) at {@code ((j / WIDTH) * dim + k) *
     * WIDTH + j % WIDTH}), both zero-padded; {@code sq} the squared norms (padded) the Gram finishings use;
     * {@code taskMaxSq} and {@code panelMaxSq} their maxima per task and per panel, for the margins.
     */
    record Data(DistanceMetric metric, int kernel, boolean bounded, boolean vectorAcos, int n, int dim, double[] rows,
                double[] cols, double[] sq, double[] taskMaxSq, double[] panelMaxSq, float[][] embeddings,
                ReferencePairs reference) {

        static Data of(DistanceMetric metric, float[][] embeddings, boolean certified) {
            int n = embeddings.length;
            int dim = Embeddings.dimension(embeddings);
            boolean l2 = metric == DistanceMetric.EUCLIDEAN_L2;
            boolean difference = !certified && (metric == DistanceMetric.EUCLIDEAN || l2);
            int kernel = switch (metric) {
                case COSINE -> AllPairsBlockKernel.COSINE;
                case ANGULAR -> AllPairsBlockKernel.SIMILARITY;
                case EUCLIDEAN, EUCLIDEAN_L2 -> difference ? DIFFERENCE : AllPairsBlockKernel.EUCLIDEAN;
            };
            boolean bounded = kernel == AllPairsBlockKernel.EUCLIDEAN;
            boolean vectorAcos = certified && metric == DistanceMetric.ANGULAR;
            double[][] unit = l2 ? new double[n][] : null;
            if (l2) {
                for (int i = 0; i < n; i++) unit[i] = VectorMath.l2Normalised(embeddings[i]);
            }
            int groups = (n + ROWS - 1) / ROWS, strips = (n + WIDTH - 1) / WIDTH;
            double[] rows = new double[Math.multiplyExact(groups * ROWS, dim)];
            double[] cols = new double[Math.multiplyExact(strips * WIDTH, dim)];
            double[] sq = new double[Math.max(groups * ROWS, strips * WIDTH)];
            for (int i = 0; i < n; i++) {
                int g = i / ROWS, r = i % ROWS, s = i / WIDTH, c = i % WIDTH;
                for (int k = 0; k < dim; k++) {
                    double x = l2 ? unit[i][k] : embeddings[i][k];
                    rows[(g * dim + k) * ROWS + r] = x;
                    cols[(s * dim + k) * WIDTH + c] = x;
                }
                if (kernel != DIFFERENCE) {
                    sq[i] = l2 ? VectorMath.dot(unit[i], unit[i]) : VectorMath.dot(embeddings[i], embeddings[i]);
                }
            }
            double[] taskMax = null, panelMax = null;
            if (bounded) {
                taskMax = maxima(sq, n, TASK_ROWS);
                panelMax = maxima(sq, n, PANEL);
            }
            ReferencePairs reference = bounded || vectorAcos ? ReferencePairs.of(metric, embeddings, unit) : null;
            return new Data(metric, kernel, bounded, vectorAcos, n, dim, rows, cols, sq, taskMax, panelMax, embeddings,
                    reference);
        }

        private static double[] maxima(double[] v, int n, int block) {
            double[] m = new double[(n + block - 1) / block];
            for (int i = 0; i < n; i++) {
                // NaN propagates, so that a NaN norm makes the block's margin NaN (every value recomputed)
                double x = v[i], cur = m[i / block];
                m[i / block] = x > cur || x != x ? x : cur;
            }
            return m;
        }

        Certificate certificate() {
            if (bounded) return Certificate.ofGram(metric, embeddings, reference, sq, dim);
            if (vectorAcos) return Certificate.ofConstant(metric, embeddings, reference, ANGULAR_MARGIN);
            return Certificate.ofExact(metric, embeddings);
        }
    }

    /**
     * Computes every pair of {@code d} and hands the runs to {@code consumer}; with {@code summary}, also the
     * summary of the unrounded values (min and max of the reference doubles, recomputing the few candidates a margin
     * leaves open; the mean of the values handed over).
     *
     * @return the summary, or null without {@code summary}
     */
    static AllPairs.Summary run(Data d, int threads, CertifiedConsumer consumer, boolean summary, long[] exactCalls) {
        int n = d.n();
        int tasks = (n + TASK_ROWS - 1) / TASK_ROWS;
        int panels = (n + PANEL - 1) / PANEL;
        double[] rowSum = summary ? new double[n] : null;
        RunningSummary total = new RunningSummary();
        double sumBound = Certificate.sumBound(d.dim()), underflow = Certificate.underflowBound(d.dim());
        Parallel.run(tasks, Parallel.threads(threads), next -> {
            double[] out = new double[TASK_ROWS * PANEL];
            boolean[] low = new boolean[TASK_ROWS / ROWS];
            Certificate cert = d.certificate();
            RunningSummary stats = new RunningSummary();
            for (int task = next.getAsInt(); task < tasks; task = next.getAsInt()) {
                int i0 = task * TASK_ROWS, i1 = Math.min(n, i0 + TASK_ROWS);
                for (int p = (i0 + 1) / PANEL; p < panels; p++) {
                    int jBase = p * PANEL, jEnd = Math.min(n, jBase + PANEL);
                    double floor = Double.NEGATIVE_INFINITY;
                    cert.margin(d.vectorAcos() ? ANGULAR_MARGIN : 0.0);
                    if (d.bounded()) {
                        double a = d.taskMaxSq()[task] + d.panelMaxSq()[p];
                        double e = sumBound * a + underflow;
                        floor = 0x1p10 * Math.sqrt(e);
                        double vmax = Math.sqrt(2 * a) * (1 + 0x1p-20);
                        double margin = e / floor * (1 + 0x1p-20) + 0x1p-50 * vmax;
                        if (Double.isFinite(margin) && floor > 0) {
                            cert.margin(margin);
                        } else {
                            floor = Double.POSITIVE_INFINITY; // no bound: recompute every value
                        }
                    }
                    computePanel(d, i0, i1, jBase, jEnd, floor, out, low);
                    for (int i = i0; i < i1; i++) {
                        int lo = Math.max(jBase, i + 1);
                        if (lo >= jEnd) continue;
                        int off = (i - i0) * PANEL + (lo - jBase), len = jEnd - lo;
                        if (d.vectorAcos()) {
                            AllPairsBlockKernel.angular(out, off, len);
                        } else if (d.kernel() == AllPairsBlockKernel.SIMILARITY) {
                            for (int t = off; t < off + len; t++) out[t] = VectorMath.angularFromSimilarity(out[t]);
                        } else if (d.bounded() && low[(i - i0) / ROWS]) {
                            for (int t = off; t < off + len; t++) {
                                if (!(out[t] >= floor)) out[t] = cert.exact(i, lo + (t - off));
                            }
                        }
                        if (summary) rowSum[i] += stats.add(out, off, len, i, lo, cert);
                        consumer.accept(i, lo, out, off, len, cert);
                    }
                }
            }
            synchronized (total) {
                total.merge(stats);
                if (exactCalls != null) exactCalls[0] += cert.exactCalls();
            }
        });
        if (!summary) return null;
        return total.summary(d.metric(), n, d.dim(), rowSum);
    }

    /**
     * The tiles of rows {@code [i0, i1)} and the strips of columns {@code [jBase, jEnd)} right of the diagonal; sets
     * {@code low[g]} where row group g has a value below {@code floor} (or NaN) for the Gram euclidean finishing.
     */
    private static void computePanel(Data d, int i0, int i1, int jBase, int jEnd, double floor, double[] out,
                                     boolean[] low) {
        java.util.Arrays.fill(low, false);
        int dim = d.dim();
        int sFrom = Math.max(jBase, i0 + 1) / WIDTH, sEnd = (jEnd + WIDTH - 1) / WIDTH;
        for (int s = sFrom; s < sEnd; s++) {
            int col0 = s * WIDTH;
            for (int g0 = i0; g0 < i1; g0 += ROWS) {
                if (col0 + WIDTH - 1 <= g0) continue; // every pair of the tile is left of the diagonal
                int valid = Math.min(ROWS, i1 - g0);
                int rowOff = (g0 / ROWS) * dim * ROWS, colOff = s * dim * WIDTH;
                int outOff = (g0 - i0) * PANEL + (col0 - jBase);
                if (d.kernel() == DIFFERENCE) {
                    AllPairsBlockKernel.difference(dim, d.rows(), rowOff, d.cols(), colOff, 0, out, outOff, PANEL, valid);
                    AllPairsBlockKernel.difference(dim, d.rows(), rowOff, d.cols(), colOff, 1, out, outOff, PANEL, valid);
                } else {
                    low[(g0 - i0) / ROWS] |= AllPairsBlockKernel.gram(dim, d.rows(), rowOff, d.cols(), colOff, d.sq(),
                            g0, d.sq(), col0, d.kernel(), floor, out, outOff, PANEL, valid);
                }
            }
        }
    }
}
