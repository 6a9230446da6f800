package dev.facecal.pipeline;

import dev.facecal.face.Extraction;
import dev.facecal.face.FaceDetector;
import dev.facecal.face.FaceExtractor;
import dev.facecal.face.YuNetDetector;
import java.nio.file.Path;

/**
 * The faces stage: photo → decoded ({@link dev.facecal.face.PhotoDecoder}, one decoder for every detector) →
 * detected → chosen ({@link dev.facecal.face.MultiFacePolicy}) → aligned crop. Opening a detector loads its model
 * (a cascade, a YuNet network), which costs more than one photo: open once per run and reuse the extractor.
 */
public final class FaceStage {
    private FaceStage() {
    }

    /**
     * The extractor for {@code options}; {@code warnings} hears about a YuNet file whose SHA-256 is not opencv_zoo's.
     * With {@link dev.facecal.face.Detector#NONE} every photo is taken whole as its face.
     */
    public static FaceExtractor open(FaceOptions options, java.util.function.Consumer<String> warnings) {
        FaceDetector d = options.detector().open(options.cascades(), options.yunet());
        if (d instanceof YuNetDetector y && y.warning() != null) warnings.accept(y.warning());
        return new FaceExtractor(d, options.policy(), options.align());
    }

    /** The face of one photo, or why there is none. */
    public static Extraction extract(Path photo, FaceOptions options) {
        return open(options, w -> { }).extract(photo);
    }
}
