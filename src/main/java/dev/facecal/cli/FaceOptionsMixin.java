package dev.facecal.cli;

import dev.facecal.config.Configuration;
import dev.facecal.face.Detector;
import dev.facecal.face.MultiFacePolicy;
import dev.facecal.pipeline.FaceOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --policy}, {@code --no-align} and the {@code --yunet-*} options; the commands declare {@code --detector} with their default. */
final class FaceOptionsMixin {
    @Mixin
    YuNetOptions yunet;

    @Option(names = "--policy", defaultValue = "dominant",
            description = "several faces in a photo: dominant (default), largest or fail")
    String policy;

    @Option(names = "--no-align", description = "do not level the eyes before cropping (DeepFace aligns by default; "
            + "for measuring the effect of alignment)")
    boolean noAlign;

    /** The faces stage's options for {@code detector}. */
    FaceOptions options(String detector, Configuration config) {
        Detector d = Detector.parse(detector);
        return new FaceOptions(d, d == Detector.OPENCV || d == Detector.OPENCV_FAST ? config.cascadeDir() : null, yunet.settings(d, config),
                MultiFacePolicy.parse(policy), !noAlign);
    }
}
