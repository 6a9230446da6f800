package dev.facecal.face;

/** An axis-aligned pixel rectangle: top-left corner {@code (x, y)}, width {@code w}, height {@code h}. */
public record Box(int x, int y, int w, int h) {
    public long area() {
        return (long) w * h;
    }
}
