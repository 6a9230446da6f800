package dev.facecal.distance;

import dev.facecal.calibrate.Rounding;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * DeepFace's four distance metrics ({@code deepface/modules/verification.py}), computed in double from float32 (or
 * float64) embeddings:
 *
 * <ul>
 *   <li>{@link #COSINE} {@code 1 - a.b / (|a| |b|)};
 *   <li>{@link #EUCLIDEAN} {@code |a - b|};
 *   <li>{@link #EUCLIDEAN_L2} {@code |a / (|a| + 1e-10) - b / (|b| + 1e-10)|}, DeepFace's {@code l2_normalize}
 *       with its epsilon, then euclidean;
 *   <li>{@link #ANGULAR} {@code arccos(a.b / (|a| |b|)) / pi}, in [0, 1].
 * </ul>
 *
 * <p>Differences from DeepFace, all below 1e-12 relative except where said:
 *
 * <ul>
 *   <li><b>Clipping.</b> DeepFace does not clip the cosine similarity to [-1, 1] before {@code arccos}; for
 *       identical or opposite vectors rounding can push it to {@code 1 + 2^-52} and DeepFace's angular distance is
 *       then NaN (3 of the 25 fixture pairs). facecal clips, so identical vectors give 0 and opposite ones 1.
 *   <li><b>Similarity.</b> facecal computes {@code a.b / sqrt(|a|^2 |b|^2)} rather than {@code a.b / (|a| |b|)}:
 *       at most an ulp apart, and exactly 1 for identical vectors, so their cosine and angular distances are
 *       exactly 0 (DeepFace's cosine can be {@code -2.2e-16} there).
 *   <li><b>Summation order.</b> NumPy's {@code np.dot} sums in the BLAS's order; facecal sums left to right (see
 *       {@link VectorMath}). For nearly identical vectors the cosine distance {@code 1 - cos} cancels, so the two
 *       agree to about 1e-15 absolute there rather than relative, and the angular distance (arccos near 1 turns
 *       1e-16 into 1e-8) to about 1e-8 absolute. After DeepFace's rounding to 6 decimals they agree.
 *   <li><b>Rounding.</b> DeepFace's {@code find_distance} returns {@code np.round(distance, 6)}. facecal returns
 *       the unrounded double; {@link #deepfaceRound} applies DeepFace's rounding (for CSV output, where it is the
 *       default).
 * </ul>
 *
 * <p>A zero vector gives NaN for cosine and angular (0 / 0), as in DeepFace; euclidean_l2 is defined there thanks
 * to the epsilon.
 */
public enum DistanceMetric {
    COSINE("cosine") {
        @Override
        public double of(float[] a, float[] b) {
            VectorMath.requireSameLength(a.length, b.length);
            return VectorMath.cosine(VectorMath.dot(a, b), VectorMath.dot(a, a), VectorMath.dot(b, b));
        }

        @Override
        public double of(double[] a, double[] b) {
            VectorMath.requireSameLength(a.length, b.length);
            return VectorMath.cosine(VectorMath.dot(a, b), VectorMath.dot(a, a), VectorMath.dot(b, b));
        }
    },
    EUCLIDEAN("euclidean") {
        @Override
        public double of(float[] a, float[] b) {
            VectorMath.requireSameLength(a.length, b.length);
            return Math.sqrt(VectorMath.squaredDistance(a, b));
        }

        @Override
        public double of(double[] a, double[] b) {
            VectorMath.requireSameLength(a.length, b.length);
            return Math.sqrt(VectorMath.squaredDistance(a, b));
        }
    },
    EUCLIDEAN_L2("euclidean_l2") {
        @Override
        public double of(float[] a, float[] b) {
            VectorMath.requireSameLength(a.length, b.length);
            return Math.sqrt(VectorMath.squaredDistance(VectorMath.l2Normalised(a), VectorMath.l2Normalised(b)));
        }

        @Override
        public double of(double[] a, double[] b) {
            VectorMath.requireSameLength(a.length, b.length);
            return Math.sqrt(VectorMath.squaredDistance(VectorMath.l2Normalised(a), VectorMath.l2Normalised(b)));
        }
    },
    ANGULAR("angular") {
        @Override
        public double of(float[] a, float[] b) {
            VectorMath.requireSameLength(a.length, b.length);
            return VectorMath.angular(VectorMath.dot(a, b), VectorMath.dot(a, a), VectorMath.dot(b, b));
        }

        @Override
        public double of(double[] a, double[] b) {
            VectorMath.requireSameLength(a.length, b.length);
            return VectorMath.angular(VectorMath.dot(a, b), VectorMath.dot(a, a), VectorMath.dot(b, b));
        }
    };

    /** DeepFace's {@code find_distance} rounds to this many decimals. */
    public static final int DEEPFACE_DECIMALS = 6;

    private final String deepfaceName;

    DistanceMetric(String deepfaceName) {
        this.deepfaceName = deepfaceName;
    }

    /** The name DeepFace uses ({@code distance_metric=}): cosine, euclidean, euclidean_l2, angular. */
    public String deepfaceName() {
        return deepfaceName;
    }

    /** The unrounded distance between two embeddings of the same length, computed in double. */
    public abstract double of(float[] a, float[] b);

    /** The same for float64 embeddings. */
    public abstract double of(double[] a, double[] b);

    /** Parses a DeepFace name (or the constant's name), ignoring case and surrounding blanks. */
    public static DistanceMetric parse(String name) {
        String s = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (DistanceMetric m : values()) {
            if (m.deepfaceName.equals(s)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown distance metric '" + name + "': use one of "
                + Arrays.stream(values()).map(DistanceMetric::deepfaceName).collect(Collectors.joining(", ")));
    }

    /**
     * DeepFace's rounding of a distance, {@code np.round(d, 6)} ({@code rint(d * 1e6) / 1e6}); NaN stays NaN, and
     * a tiny negative value becomes -0.0 as in NumPy.
     */
    public static double deepfaceRound(double distance) {
        return Rounding.numpy(distance, DEEPFACE_DECIMALS);
    }

    /** {@link #deepfaceRound(double)} of every value, into a new array. */
    public static double[] deepfaceRound(double[] distances) {
        double[] r = new double[distances.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = deepfaceRound(distances[i]);
        }
        return r;
    }

    @Override
    public String toString() {
        return deepfaceName;
    }
}
