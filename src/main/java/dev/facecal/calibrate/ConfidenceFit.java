package dev.facecal.calibrate;

/**
 * The distance-to-confidence model of a column, or why there is none: a threshold that accepts every pair or none
 * leaves logistic regression a single class (scikit-learn refuses it too).
 */
public sealed interface ConfidenceFit permits ConfidenceFit.Fitted, ConfidenceFit.NotFitted {

    /** The model, or null when none could be fitted. */
    ConfidenceModel model();

    /** Why no model was fitted, or null. */
    String reason();

    /** A fitted model. */
    record Fitted(ConfidenceModel model) implements ConfidenceFit {
        public Fitted {
            if (model == null) throw new IllegalArgumentException("a fitted confidence needs its model");
        }

        @Override
        public String reason() {
            return null;
        }
    }

    /** No model, with the reason. */
    record NotFitted(String reason) implements ConfidenceFit {
        public NotFitted {
            if (reason == null || reason.isBlank()) throw new IllegalArgumentException("say why no model was fitted");
        }

        @Override
        public ConfidenceModel model() {
            return null;
        }
    }
}
