package dev.facecal.embed;

/**
 * Turns an RGB image (0-255 per channel, row-major {@code [h][w][3]}) into the float32 tensor a face model
 * expects, following its {@link ModelSpec}.
 *
 * <p>For {@link ModelSpec.Resize#PAD_TO_SQUARE_BILINEAR} this is face-api's {@code NetInput.toBatchTensor(150,
 * true)}: {@code padToSquare} appends {@code round(diff/2)} zero rows/columns after the image and the rest before
 * it ({@code src/ops/padToSquare.ts}); then, unless the square already has the input size, tfjs-cpu's
 * {@code ResizeBilinear} with {@code alignCorners=false, halfPixelCenters=false}: source coordinate
 * {@code (in/out) * dst}, neighbours {@code floor}/{@code ceil} clamped to the edge, interpolation in double
 * ({@code top + (bottom - top) * rowFrac}) stored as float32. Normalisation is float32 arithmetic
 * {@code (x * scale - mean[c]) / std[c]}, which equals tfjs' double-then-float32 result for these operations.
 */
public final class Preprocess {
    private Preprocess() {}

    /**
     * @param rgb    pixels as {@code rgb[(y * width + x) * 3 + c]}, c = R, G, B, values 0-255
     * @param width  image width
     * @param height image height
     * @return the normalised tensor of one image, in the spec's layout and channel order
     */
    public static float[] tensor(int[] rgb, int width, int height, ModelSpec spec) {
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException("expected " + width * height * 3 + " values for a " + width + "x"
                    + height + " RGB image, got " + rgb.length);
        }
        float[] hwc = switch (spec.resize()) {
            case PAD_TO_SQUARE_BILINEAR -> padToSquareResize(rgb, width, height, spec.width(), spec.height());
            case BILINEAR -> resizeHalfPixel(toFloat(rgb), width, height, spec.width(), spec.height());
            case KEEP_RATIO_PAD -> keepRatioPad(rgb, width, height, spec.width(), spec.height());
        };
        return normalise(hwc, spec);
    }

    private static float[] toFloat(int[] rgb) {
        float[] f = new float[rgb.length];
        for (int i = 0; i < rgb.length; i++) f[i] = rgb[i];
        return f;
    }

    static float[] padToSquareResize(int[] rgb, int width, int height, int outW, int outH) {
        int side = Math.max(width, height);
        float[] sq = new float[side * side * 3];
        int diff = Math.abs(width - height);
        int after = (int) Math.round(diff * 0.5);
        int before = diff - after;
        int offX = width < height ? before : 0;
        int offY = height < width ? before : 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int s = (y * width + x) * 3;
                int d = ((y + offY) * side + (x + offX)) * 3;
                sq[d] = rgb[s];
                sq[d + 1] = rgb[s + 1];
                sq[d + 2] = rgb[s + 2];
            }
        }
        if (side == outW && side == outH) {
            return sq;
        }
        return resizeAsymmetric(sq, side, side, outW, outH);
    }

    /** tfjs-cpu {@code ResizeBilinear}, {@code alignCorners=false, halfPixelCenters=false}. */
    static float[] resizeAsymmetric(float[] in, int inW, int inH, int outW, int outH) {
        float[] out = new float[outW * outH * 3];
        double rowRatio = (double) inH / outH;
        double colRatio = (double) inW / outW;
        int k = 0;
        for (int r = 0; r < outH; r++) {
            double srcRow = rowRatio * r;
            int rowFloor = Math.max(0, (int) Math.floor(srcRow));
            double rowFrac = srcRow - rowFloor;
            int rowCeil = Math.min(inH - 1, (int) Math.ceil(srcRow));
            for (int c = 0; c < outW; c++) {
                double srcCol = colRatio * c;
                int colFloor = Math.max(0, (int) Math.floor(srcCol));
                double colFrac = srcCol - colFloor;
                int colCeil = Math.min(inW - 1, (int) Math.ceil(srcCol));
                for (int d = 0; d < 3; d++) {
                    double tl = in[(rowFloor * inW + colFloor) * 3 + d];
                    double tr = in[(rowFloor * inW + colCeil) * 3 + d];
                    double bl = in[(rowCeil * inW + colFloor) * 3 + d];
                    double br = in[(rowCeil * inW + colCeil) * 3 + d];
                    double top = tl + (tr - tl) * colFrac;
                    double bottom = bl + (br - bl) * colFrac;
                    out[k++] = (float) (top + (bottom - top) * rowFrac);
                }
            }
        }
        return out;
    }

    static float[] keepRatioPad(int[] rgb, int width, int height, int outW, int outH) {
        if (width == outW && height == outH) return toFloat(rgb);
        double f = Math.min((double) outH / height, (double) outW / width);
        int w = (int) (width * f), h = (int) (height * f);
        float[] scaled = resizeHalfPixel(toFloat(rgb), width, height, w, h);
        float[] out = new float[outW * outH * 3];
        int top = (outH - h) / 2, left = (outW - w) / 2;
        for (int y = 0; y < h; y++) {
            System.arraycopy(scaled, y * w * 3, out, ((y + top) * outW + left) * 3, w * 3);
        }
        return out;
    }

    /** Bilinear resize with half-pixel centres (OpenCV {@code INTER_LINEAR} geometry), computed in double. */
    static float[] resizeHalfPixel(float[] in, int inW, int inH, int outW, int outH) {
        if (inW == outW && inH == outH) return in;
        float[] out = new float[outW * outH * 3];
        double sy = (double) inH / outH, sx = (double) inW / outW;
        int k = 0;
        for (int r = 0; r < outH; r++) {
            double fy = Math.max(0, (r + 0.5) * sy - 0.5);
            int y0 = Math.min(inH - 1, (int) Math.floor(fy));
            int y1 = Math.min(inH - 1, y0 + 1);
            double wy = fy - y0;
            for (int c = 0; c < outW; c++) {
                double fx = Math.max(0, (c + 0.5) * sx - 0.5);
                int x0 = Math.min(inW - 1, (int) Math.floor(fx));
                int x1 = Math.min(inW - 1, x0 + 1);
                double wx = fx - x0;
                for (int d = 0; d < 3; d++) {
                    double top = in[(y0 * inW + x0) * 3 + d] * (1 - wx) + in[(y0 * inW + x1) * 3 + d] * wx;
                    double bot = in[(y1 * inW + x0) * 3 + d] * (1 - wx) + in[(y1 * inW + x1) * 3 + d] * wx;
                    out[k++] = (float) (top * (1 - wy) + bot * wy);
                }
            }
        }
        return out;
    }

    /** {@code (x * scale - mean[c]) / std[c]} in float32, reordered to the spec's channel order and layout. */
    static float[] normalise(float[] hwc, ModelSpec spec) {
        int w = spec.width(), h = spec.height();
        boolean bgr = "BGR".equals(spec.channelOrder());
        boolean nchw = "NCHW".equals(spec.layout());
        float scale = (float) spec.scale();
        double inv = 1.0 / spec.scale();
        // DeepFace divides (float32 / 255.0); dividing by the integer keeps those bits, multiplying by 1/255 would not
        float divisor = spec.scale() < 1 && Math.abs(inv - Math.rint(inv)) < 1e-9 ? (float) Math.rint(inv) : 0f;
        float[] mean = {(float) spec.mean()[0], (float) spec.mean()[1], (float) spec.mean()[2]};
        float[] std = {(float) spec.std()[0], (float) spec.std()[1], (float) spec.std()[2]};
        float[] out = new float[w * h * 3];
        for (int p = 0; p < w * h; p++) {
            for (int c = 0; c < 3; c++) {
                int src = bgr ? 2 - c : c; // model channel c takes source channel src
                float x = hwc[p * 3 + src];
                if (divisor != 0f) x = x / divisor;
                else if (scale != 1f) x = x * scale;
                float v = (x - mean[c]) / std[c];
                out[nchw ? c * w * h + p : p * 3 + c] = v;
            }
        }
        return out;
    }
}
