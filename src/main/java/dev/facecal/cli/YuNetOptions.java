package dev.facecal.cli;

import dev.facecal.config.Configuration;
import dev.facecal.face.Detector;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --yunet-*} options of the commands that offer {@code --detector yunet}. */
public final class YuNetOptions {
    @Option(names = "--yunet-model", paramLabel = "FILE", description = "YuNet ONNX file for --detector yunet "
            + "(default: $FACECAL_YUNET_MODEL, else DeepFace's ~/.deepface/weights/face_detection_yunet_2023mar.onnx); "
            + "not downloaded by facecal: get it from "
            + "https://github.com/opencv/opencv_zoo/raw/main/models/face_detection_yunet/face_detection_yunet_2023mar.onnx")
    Path model;

    @Option(names = "--yunet-sha256", paramLabel = "HEX", description = "SHA-256 the YuNet file must have (not checked unless given)")
    String sha256;

    @Option(names = "--yunet-score-threshold", paramLabel = "T", description = "YuNet score threshold (default: $yunet_score_threshold as in DeepFace, else 0.9)")
    Double scoreThreshold;

    /** The YuNet settings for {@code detector}, resolved against the configuration only when YuNet is used. */
    Detector.YuNetSettings settings(Detector detector, Configuration config) {
        if (detector != Detector.YUNET) return Detector.YuNetSettings.NONE;
        return new Detector.YuNetSettings(config.yunetModel(model), sha256, config.yunetScoreThreshold(scoreThreshold));
    }
}
