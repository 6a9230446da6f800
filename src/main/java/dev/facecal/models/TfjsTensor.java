package dev.facecal.models;

import java.util.Arrays;

/**
 * One float32 weight tensor of a tfjs model, decoded as tfjs decodes it, in the layout tfjs uses (row-major over
 * {@code shape}; conv filters are HWIO {@code [kh, kw, in, out]}).
 *
 * @param name   the manifest name, e.g. {@code conv32_down/conv/filters}
 * @param shape  the manifest shape
 * @param values the values, {@code product(shape)} of them (not copied: weights are large and read-only by
 *               convention)
 */
public record TfjsTensor(String name, int[] shape, float[] values) {
    public TfjsTensor {
        shape = shape.clone();
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException(name + ": negative dimension in " + Arrays.toString(shape));
            n *= d;
        }
        if (n != values.length) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " needs " + n
                    + " values, got " + values.length);
        }
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Number of values. */
    public int size() {
        return values.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TfjsTensor t && name.equals(t.name) && Arrays.equals(shape, t.shape)
                && Arrays.equals(values, t.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
