package dev.facecal.spark;

import dev.facecal.calibrate.DistanceCounts;
import java.io.Serializable;

/**
 * One metric's counts as they travel between tasks: the distinct rounded distances ascending with their same- and
 * different-person counts, and the NaN pairs apart. Two tables merge in one linear pass ({@link #plus}), so a
 * task's table crosses the network as three arrays rather than one record per distance.
 */
record CountTable(double[] values, long[] same, long[] different, long nanSame, long nanDifferent)
        implements Serializable {
    static CountTable of(DistanceCounts c, long[] nan) {
        return new CountTable(c.values(), c.same(), c.different(), nan[0], nan[1]);
    }

    CountTable plus(CountTable o) {
        int n = values.length, m = o.values.length;
        double[] v = new double[n + m];
        long[] s = new long[n + m], d = new long[n + m];
        int i = 0, j = 0, k = 0;
        while (i < n || j < m) {
            if (j >= m || (i < n && values[i] < o.values[j])) {
                v[k] = values[i]; s[k] = same[i]; d[k] = different[i]; i++;
            } else if (i >= n || o.values[j] < values[i]) {
                v[k] = o.values[j]; s[k] = o.same[j]; d[k] = o.different[j]; j++;
            } else {
                v[k] = values[i]; s[k] = same[i] + o.same[j]; d[k] = different[i] + o.different[j]; i++; j++;
            }
            k++;
        }
        return new CountTable(java.util.Arrays.copyOf(v, k), java.util.Arrays.copyOf(s, k),
                java.util.Arrays.copyOf(d, k), nanSame + o.nanSame, nanDifferent + o.nanDifferent);
    }

    DistanceCounts counts() {
        return new DistanceCounts(values, same, different);
    }
}
