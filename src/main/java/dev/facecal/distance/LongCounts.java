package dev.facecal.distance;

import java.util.Arrays;

/**
 * Two counts per {@code long} key in an open-addressing hash table (linear probing, power-of-two capacity, load at
 * most 1/2): the tally behind {@link RoundedDistanceCounter}. Key {@link #EMPTY} marks a free slot and is never
 * stored (it is the bits of a NaN, which the counter keeps apart).
 */
final class LongCounts {
    static final long EMPTY = 0x7ff8_dead_beef_0001L;
    private long[] keys;
    private long[] first;
    private long[] second;
    private int size;

    LongCounts() {
        allocate(1024);
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        Arrays.fill(keys, EMPTY);
        first = new long[capacity];
        second = new long[capacity];
        size = 0;
    }

    void add(long key, long a, long b) {
        int mask = keys.length - 1;
        int i = (int) (mix(key) & mask);
        while (true) {
            long k = keys[i];
            if (k == key) {
                first[i] += a;
                second[i] += b;
                return;
            }
            if (k == EMPTY) {
                keys[i] = key;
                first[i] = a;
                second[i] = b;
                if (++size * 2 > keys.length) grow();
                return;
            }
            i = (i + 1) & mask;
        }
    }

    private void grow() {
        long[] k = keys, a = first, b = second;
        allocate(k.length * 2);
        for (int i = 0; i < k.length; i++) {
            if (k[i] != EMPTY) add(k[i], a[i], b[i]);
        }
    }

    void addAll(LongCounts other) {
        for (int i = 0; i < other.keys.length; i++) {
            if (other.keys[i] != EMPTY) add(other.keys[i], other.first[i], other.second[i]);
        }
    }

    int size() {
        return size;
    }

    /** The keys in slot order and their two counts: {@code out[0]} keys, {@code out[1]}, {@code out[2]} counts. */
    long[][] entries() {
        long[][] out = new long[3][size];
        int j = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY) {
                out[0][j] = keys[i];
                out[1][j] = first[i];
                out[2][j] = second[i];
                j++;
            }
        }
        return out;
    }

    private static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        return x;
    }
}
