package dev.facecal.study.scale;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded synthetic face embeddings with identity labels, shaped like dlib's 128-D descriptors on an LFW-like
 * collection: enough to exercise seed 002's 81.9 M-pair investigation (12,797 images of 5,467 people) when LFW
 * itself is not installed. Not a model of any network: only the two distance distributions are made to resemble
 * dlib's.
 *
 * <p><b>How an embedding is made.</b> {@code x = m + c(person) + s(image) * e(image)}, where
 * <ul>
 *   <li>{@code m} is a vector shared by every face (dlib's descriptors lie in a cone: the real ones measured on
 *       DeepFace's test photos have norms 1.32 to 1.59, so {@code m} is chosen with norm {@link Shape#offsetNorm});
 *       it changes no distance;</li>
 *   <li>{@code c(person)} ~ r(person) N(0, diag(v_k)) is the person's centre, with variances decaying geometrically,
 *       {@code v_k = v_0 q^k} summing to {@link Shape#centreVariance}: most of the spread between people lies in
 *       a few directions (about {@code (1 + q) / (1 - q)} effective dimensions), which gives the different-person
 *       distances the width of dlib's instead of the needle a 128-D isotropic cloud would give; and
 *       {@code r(person) = exp(centreSpread * z - centreSpread^2)} (mean square 1) puts some people nearer the
 *       average face than others, so that look-alike pairs give the different-person distances the long lower
 *       tail seed 002's precision column shows (a Gaussian tail falls off far too fast between cutoffs 0.5 and
 *       0.6);</li>
 *   <li>{@code e(image)} ~ N(0, I / 128) (length about 1) and {@code s(image) = noiseScale * exp(noiseSpread * z)},
 *       z ~ N(0, 1): some photos are noisier than others, which widens the same-person distances (two photos of a
 *       person are about {@code sqrt(s_a^2 + s_b^2)} apart).</li>
 * </ul>
 *
 * <p><b>How many photos each person has.</b> LFW is heavy-tailed (most people have one photo, one has 530): each
 * person's count is drawn from a power law {@code P(k) ~ k^-exponent}, {@code 1 <= k <= maxPerPerson}, then
 * photos are added (to a person drawn in proportion to their count) or removed (from a person drawn at random
 * among those with two or more) until the total is exactly {@code images}. Persons come in order, their photos
 * contiguous.
 *
 * <p>Everything comes from one {@link SplittableRandom} seeded with {@code seed}: the same arguments give the same
 * floats on every machine.
 *
 * @param vectors  one float32 embedding per image
 * @param identity the person of each image, {@code 0 .. identities - 1}, non-decreasing
 * @param identities number of persons
 * @param seed     the seed they were made with
 * @param shape    the distribution parameters
 */
public record SyntheticEmbeddings(float[][] vectors, int[] identity, int identities, long seed, Shape shape) {

    /** Seed 002's collection: 12,797 images. */
    public static final int SEED_002_IMAGES = 12_797;
    /** Seed 002's collection: 5,467 persons. */
    public static final int SEED_002_IDENTITIES = 5_467;
    /** dlib's embedding length. */
    public static final int DLIB_DIMENSION = 128;

    /**
     * Distribution parameters.
     *
     * @param dimension      embedding length
     * @param centreVariance total variance of a person's centre, summed over dimensions
     * @param centreDecay    q, the ratio of successive centre variances (0 &lt; q &lt;= 1; 1 = isotropic)
     * @param centreSpread   standard deviation of the log of a person's distance from the average face
     * @param groups         number of groups of look-alike persons (e.g. demographic), at least 1
     * @param groupShare     share of the centre variance that lies between group centres
     * @param noiseScale     median per-image noise length
     * @param noiseSpread    standard deviation of the log of the per-image noise length
     * @param offsetNorm     length of the vector shared by every embedding
     * @param exponent       power-law exponent of photos per person
     * @param maxPerPerson   largest number of photos one person may get from the power law
     */
    public record Shape(int dimension, double centreVariance, double centreDecay, double centreSpread,
                        int groups, double groupShare, double noiseScale, double noiseSpread, double offsetNorm, double exponent,
                        int maxPerPerson) {
        public Shape {
            if (dimension < 1) throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
            if (!(centreVariance >= 0)) throw new IllegalArgumentException("centreVariance must be >= 0");
            if (!(centreDecay > 0 && centreDecay <= 1)) throw new IllegalArgumentException("centreDecay must lie in (0, 1]");
            if (!(centreSpread >= 0)) throw new IllegalArgumentException("centreSpread must be >= 0");
            if (groups < 1) throw new IllegalArgumentException("groups must be >= 1, got " + groups);
            if (!(groupShare >= 0 && groupShare <= 1)) throw new IllegalArgumentException("groupShare must lie in [0, 1]");
            if (!(noiseScale >= 0) || !(noiseSpread >= 0)) throw new IllegalArgumentException("noise must be >= 0");
            if (!(offsetNorm >= 0)) throw new IllegalArgumentException("offsetNorm must be >= 0");
            if (!(exponent > 1)) throw new IllegalArgumentException("exponent must be > 1, got " + exponent);
            if (maxPerPerson < 1) throw new IllegalArgumentException("maxPerPerson must be >= 1");
        }

        /**
         * dlib-like: tuned (see {@code SyntheticEmbeddingsTest}) so that euclidean distances of same-person pairs
         * centre near 0.44 (seed 002's recall passes 50 % between cutoffs 0.40 and 0.45) and the lower tail of the
         * different-person distances gives seed 002's precision drop between 0.50 and 0.60; norms about 1.5 as
         * the dlib model here gives.
         */
        public static Shape dlibLike() {
            return new Shape(DLIB_DIMENSION, 0.35, 0.90, 0.12, 10, 0.45, 0.30, 0.18, 1.5, 2.3, 600);
        }

        /** Effective number of centre dimensions, {@code (sum v)^2 / sum v^2}. */
        public double effectiveCentreDimensions() {
            double s = 0, s2 = 0, v = 1;
            for (int k = 0; k < dimension; k++) {
                s += v;
                s2 += v * v;
                v *= centreDecay;
            }
            return s * s / s2;
        }
    }

    /** Validates and keeps the arrays (not copied: they can be large). */
    public SyntheticEmbeddings {
        if (vectors.length != identity.length) {
            throw new IllegalArgumentException(vectors.length + " vectors but " + identity.length + " labels");
        }
    }

    /** Seed 002's size (12,797 images of 5,467 persons), dlib-like shape. */
    public static SyntheticEmbeddings lfwLike(long seed) {
        return of(SEED_002_IMAGES, SEED_002_IDENTITIES, Shape.dlibLike(), seed);
    }

    /** {@code images} embeddings of {@code identities} persons (every person at least one photo). */
    public static SyntheticEmbeddings of(int images, int identities, Shape shape, long seed) {
        if (identities < 1 || images < identities) {
            throw new IllegalArgumentException("need 1 <= identities <= images, got " + identities + " identities, "
                    + images + " images");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int[] sizes = photoCounts(images, identities, shape.exponent(), shape.maxPerPerson(), rng);
        int dim = shape.dimension();
        double[] sd = new double[dim];
        double v = 1, total = 0;
        for (int k = 0; k < dim; k++) {
            sd[k] = v;
            total += v;
            v *= shape.centreDecay();
        }
        for (int k = 0; k < dim; k++) {
            sd[k] = Math.sqrt(sd[k] / total * shape.centreVariance());
        }
        double[] offset = new double[dim];
        double on = 0;
        for (int k = 0; k < dim; k++) {
            offset[k] = rng.nextGaussian();
            on += offset[k] * offset[k];
        }
        on = Math.sqrt(on);
        for (int k = 0; k < dim; k++) {
            offset[k] = offset[k] / on * shape.offsetNorm();
        }
        double perDim = 1.0 / Math.sqrt(dim);
        float[][] vectors = new float[images][];
        int[] label = new int[images];
        double[] centre = new double[dim];
        int row = 0;
        double gs = Math.sqrt(shape.groupShare()), is = Math.sqrt(1 - shape.groupShare());
        double[][] group = new double[shape.groups()][dim];
        for (double[] g : group) {
            for (int k = 0; k < dim; k++) g[k] = gs * sd[k] * rng.nextGaussian();
        }
        double cs = shape.centreSpread();
        for (int p = 0; p < identities; p++) {
            double[] g = group[rng.nextInt(group.length)];
            double radius = Math.exp(cs * rng.nextGaussian() - cs * cs);
            for (int k = 0; k < dim; k++) {
                centre[k] = offset[k] + g[k] + radius * is * sd[k] * rng.nextGaussian();
            }
            for (int t = 0; t < sizes[p]; t++) {
                double s = shape.noiseScale() * Math.exp(shape.noiseSpread() * rng.nextGaussian()) * perDim;
                float[] x = new float[dim];
                for (int k = 0; k < dim; k++) {
                    x[k] = (float) (centre[k] + s * rng.nextGaussian());
                }
                vectors[row] = x;
                label[row++] = p;
            }
        }
        return new SyntheticEmbeddings(vectors, label, identities, seed, shape);
    }

    /** Photos per person: power-law draws adjusted to sum to exactly {@code images}, each at least 1. */
    static int[] photoCounts(int images, int identities, double exponent, int max, SplittableRandom rng) {
        double[] cdf = new double[max];
        double acc = 0;
        for (int k = 1; k <= max; k++) {
            acc += Math.pow(k, -exponent);
            cdf[k - 1] = acc;
        }
        int[] sizes = new int[identities];
        long sum = 0;
        for (int p = 0; p < identities; p++) {
            double u = rng.nextDouble() * acc;
            int k = Arrays.binarySearch(cdf, u);
            k = k >= 0 ? k : -k - 1;
            sizes[p] = Math.min(max, k + 1);
            sum += sizes[p];
        }
        while (sum < images) {
            // add a photo to a person drawn in proportion to their photo count (keeps the heavy tail)
            long r = rng.nextLong(sum), c = 0;
            int p = 0;
            while ((c += sizes[p]) <= r) p++;
            sizes[p]++;
            sum++;
        }
        while (sum > images) {
            int p = rng.nextInt(identities);
            if (sizes[p] > 1) {
                sizes[p]--;
                sum--;
            }
        }
        return sizes;
    }

    /** Number of images. */
    public int size() {
        return vectors.length;
    }

    /** Photos per person, in person order. */
    public int[] photoCounts() {
        int[] c = new int[identities];
        for (int id : identity) c[id]++;
        return c;
    }

    /** Same-person pairs, {@code sum n_p (n_p - 1) / 2}. */
    public long positivePairs() {
        long s = 0;
        for (int c : photoCounts()) s += (long) c * (c - 1) / 2;
        return s;
    }

    /** As {@link LabelledEmbeddings}, for the streaming counter. */
    public LabelledEmbeddings labelled() {
        String[] names = new String[identities];
        for (int p = 0; p < identities; p++) names[p] = "synthetic-" + p;
        return new LabelledEmbeddings("synthetic (seed " + seed + ")", true, vectors, identity, names);
    }
}
