package dev.facecal.models;

/**
 * The synthetic test images of {@code reference/faceapi/make_fixtures.js} ({@code PATTERNS}), rebuilt from their
 * formulas: integer arithmetic only, so Java and JavaScript produce the same bytes. {@code x} is the column,
 * {@code y} the row, {@code c} the channel (0 R, 1 G, 2 B); divisions are of non-negative integers.
 */
public final class SyntheticImages {
    private SyntheticImages() {}

    /** Pixels as {@code rgb[(y * width + x) * 3 + c]}, 0-255. */
    public static int[] rgb(String pattern, int width, int height) {
        int[] out = new int[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < 3; c++) out[(y * width + x) * 3 + c] = pixel(pattern, x, y, c, width, height);
            }
        }
        return out;
    }

    static int pixel(String pattern, int x, int y, int c, int w, int h) {
        return switch (pattern) {
            case "gradient" -> new int[] {255 * x / (w - 1), 255 * y / (h - 1), 255 * (x + y) / (w + h - 2)}[c];
            case "checker" -> ((x / 16) + (y / 16)) % 2 == 1 ? 200 + 20 * c : 40 + 25 * c;
            case "quadratic" -> (x * x + 3 * y * y + 7 * x * y + 50 * c) % 256;
            case "face" -> face(x, y)[c];
            default -> throw new IllegalArgumentException("unknown synthetic pattern " + pattern);
        };
    }

    private static int[] face(int x, int y) {
        int[] v = {40 + y / 3, 60 + x / 5, 90};
        if (3844 * (x - 75) * (x - 75) + 2500 * (y - 78) * (y - 78) <= 9610000) {
            v = new int[] {224 - y / 4, 172 - y / 4, 140 - y / 4};
        }
        if (x >= 72 && x <= 78 && y >= 70 && y <= 95) v = new int[] {200, 150, 120};
        if ((x - 55) * (x - 55) + (y - 62) * (y - 62) <= 49 || (x - 95) * (x - 95) + (y - 62) * (y - 62) <= 49) {
            v = new int[] {40, 30, 30};
        }
        if (Math.abs(x - 75) <= 20 && Math.abs(y - 108) <= 4) v = new int[] {150, 60, 70};
        return v;
    }
}
