package dev.facecal.pipeline;

/**
 * How the distances stage scores pairs: always the four DeepFace metrics (cosine, euclidean, euclidean_l2,
 * angular with the cosine clipped to [-1, 1]).
 *
 * @param deepfaceRounding round every distance to 6 decimals, as DeepFace's {@code find_distance} reports it (and
 *                         as deepface-rs's CSVs hold it); false keeps the full double
 */
public record DistanceOptions(boolean deepfaceRounding) {
    /** DeepFace's distances: rounded to 6 decimals. */
    public static DistanceOptions deepface() {
        return new DistanceOptions(true);
    }
}
