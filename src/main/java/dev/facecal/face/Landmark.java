package dev.facecal.face;

/** A pixel position, e.g. an eye centre. */
public record Landmark(int x, int y) {
    Landmark shift(int dx, int dy) {
        return new Landmark(x + dx, y + dy);
    }
}
