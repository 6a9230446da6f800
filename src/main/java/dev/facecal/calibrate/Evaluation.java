package dev.facecal.calibrate;

/**
 * A named threshold and how it performs on a set of labelled pairs.
 *
 * @param name      where the threshold came from ({@code sigma2}, {@code c45}, {@code user}, ...)
 * @param threshold accept a pair as the same person when {@code distance <= threshold}
 * @param confusion the resulting confusion matrix
 */
public record Evaluation(String name, double threshold, Confusion confusion) {
    public Evaluation {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("evaluation name must not be blank");
        }
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold of '" + name + "' is NaN");
        }
        if (confusion == null) {
            throw new IllegalArgumentException("confusion of '" + name + "' is null");
        }
    }

    public double precision() {
        return confusion.precision();
    }

    public double recall() {
        return confusion.recall();
    }

    public double f1() {
        return confusion.f1();
    }

    public double accuracy() {
        return confusion.accuracy();
    }

    public double far() {
        return confusion.far();
    }

    public double frr() {
        return confusion.frr();
    }
}
