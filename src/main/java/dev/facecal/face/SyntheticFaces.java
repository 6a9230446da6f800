package dev.facecal.face;

/**
 * Deterministic synthetic face crops (integer arithmetic only), for benchmarks that need many distinct faces without
 * photos: image i is face-api's "face" fixture pattern (reference/faceapi/README.md) shifted by {@code (dx, dy)},
 * with a per-image skin tone and integer-hash noise.
 */
public final class SyntheticFaces {
    private SyntheticFaces() {
    }

    /** The formula, as benchmark reports print it. */
    public static final String FORMULA = "image i: dx = (i + s) mod 7 - 3, dy = ((i + s) / 7) mod 7 - 3, tone = (37 (i + s)) "
            + "mod 61 - 30; X = x - dx, Y = y - dy; background (40 + Y/3, 60 + X/5, 90); face where "
            + "3844 (X-75)^2 + 2500 (Y-78)^2 <= 9610000: (224 - Y/4 + tone, 172 - Y/4 + tone, 140 - Y/4 + tone); "
            + "nose 72<=X<=78, 70<=Y<=95: (200,150,120); eyes (X-55)^2+(Y-62)^2 <= 49 or (X-95)^2+(Y-62)^2 <= 49: "
            + "(40,30,30); mouth |X-75|<=20, |Y-108|<=4: (150,60,70); later rules win; then + (h mod 21) - 10 with "
            + "h = (73856093 x XOR 19349663 y XOR 83492791 (c + 3 i)) AND 0x7fffffff (32-bit ints), clamped to 0..255; "
            + "s = seed, / = floor division";

    /** {@code n} images of {@code w x h} RGB (0-255, {@code rgb[(y * w + x) * 3 + c]}), as {@link #FORMULA} says. */
    public static int[][] generate(int n, int w, int h, int seed) {
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) {
            int k = i + seed;
            int dx = Math.floorMod(k, 7) - 3, dy = Math.floorMod(Math.floorDiv(k, 7), 7) - 3;
            int tone = Math.floorMod(37 * k, 61) - 30;
            int[] rgb = new int[w * h * 3];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int[] v = face(x - dx, y - dy, tone);
                    for (int c = 0; c < 3; c++) {
                        int hash = ((73856093 * x) ^ (19349663 * y) ^ (83492791 * (c + 3 * i))) & 0x7fffffff;
                        rgb[(y * w + x) * 3 + c] = Math.clamp(v[c] + hash % 21 - 10, 0, 255);
                    }
                }
            }
            out[i] = rgb;
        }
        return out;
    }

    private static int[] face(int x, int y, int tone) {
        int[] v = {40 + Math.floorDiv(y, 3), 60 + Math.floorDiv(x, 5), 90};
        if (3844L * (x - 75) * (x - 75) + 2500L * (y - 78) * (y - 78) <= 9610000L) {
            int d = Math.floorDiv(y, 4);
            v = new int[] {224 - d + tone, 172 - d + tone, 140 - d + tone};
        }
        if (x >= 72 && x <= 78 && y >= 70 && y <= 95) v = new int[] {200, 150, 120};
        if ((x - 55) * (x - 55) + (y - 62) * (y - 62) <= 49 || (x - 95) * (x - 95) + (y - 62) * (y - 62) <= 49) {
            v = new int[] {40, 30, 30};
        }
        if (Math.abs(x - 75) <= 20 && Math.abs(y - 108) <= 4) v = new int[] {150, 60, 70};
        return v;
    }
}
