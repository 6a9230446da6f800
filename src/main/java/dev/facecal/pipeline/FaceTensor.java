package dev.facecal.pipeline;

import dev.facecal.embed.FaceMeshLandmarks;
import dev.facecal.embed.ModelSpec;
import dev.facecal.embed.PhotoFailure;
import dev.facecal.embed.Preprocess;
import dev.facecal.face.Extraction;
import dev.facecal.face.FaceExtractor;
import dev.facecal.face.RgbImage;
import dev.facecal.face.StageClock;

/**
 * One photo's face as the model's input, or why there is none: the faces stage ({@link FaceExtractor}: decode,
 * detect, choose, align) then the model's preprocessing ({@link Preprocess#tensor}). The one place both the
 * embeddings stage's workers ({@link PhotoWorkers}) and {@link PhotoEmbedder} (Spark's executors) take a photo's
 * bytes to a tensor, so both give the same embedding, bit for bit.
 *
 * @param tensor  the model's input, or null when the photo has no usable face
 * @param failure why not (null with a tensor): a decided fact about the photo ({@link PhotoFailure#decided}) or
 *                anything else the environment caused (an exception's message, out of memory)
 */
record FaceTensor(float[] tensor, String failure) {
    FaceTensor {
        if ((tensor == null) == (failure == null)) {
            throw new IllegalArgumentException("a face tensor has either a tensor or a failure");
        }
    }

    /** Extracts the face of {@code bytes} (reported as {@code name}) and preprocesses it for {@code spec}. */
    static FaceTensor of(byte[] bytes, String name, FaceExtractor extractor, ModelSpec spec) {
        return of(bytes, name, extractor, spec, null);
    }

    /**
     * Extracts the face of {@code bytes} (reported as {@code name}) and preprocesses it for {@code spec}; with
     * {@code landmarks} (a spec aligned by {@link ModelSpec.Alignment#ARCFACE_5POINT}) the face is not the faces
     * stage's crop but the photo warped onto ArcFace's template from the landmarks found in the detector's box.
     */
    static FaceTensor of(byte[] bytes, String name, FaceExtractor extractor, ModelSpec spec,
                         FaceMeshLandmarks landmarks) {
        if (spec.alignment() == ModelSpec.Alignment.ARCFACE_5POINT && landmarks == null) {
            throw new IllegalArgumentException(spec.name() + " is aligned by arcface-5point but no landmark model is open");
        }
        RgbImage face;
        String failure;
        try {
            if (landmarks == null) {
                Extraction ex = extractor.extract(bytes, name);
                face = ex.ok() ? ex.crop().pixels() : null;
                failure = ex.failure();
            } else {
                FaceExtractor.WithPhoto ex = extractor.extractWithPhoto(bytes, name);
                long t = System.nanoTime();
                face = ex.extraction().ok() ? landmarks.align(ex.photo(), ex.extraction().crop().box()) : null;
                failure = ex.extraction().failure();
                if (face != null) StageClock.add(StageClock.Stage.ALIGN, t);
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            face = null;
            failure = PhotoFailure.environmental(e);
        }
        if (face == null) {
            return new FaceTensor(null, failure == null ? PhotoFailure.environmental((String) null) : failure);
        }
        long t = System.nanoTime();
        float[] tensor = Preprocess.tensor(face.rgb(), face.width(), face.height(), spec);
        StageClock.add(StageClock.Stage.PREPROCESS, t);
        return new FaceTensor(tensor, null);
    }

    /** True when the failure is not a decided fact about the photo: report it readably and try it again next run. */
    boolean retry() {
        return failure != null && !PhotoFailure.decided(failure);
    }

    /** The failure as reported: a decided one as is, any other made readable ({@link PhotoFailure#environmental}). */
    String reason() {
        return failure == null ? null : retry() ? PhotoFailure.environmental(failure) : failure;
    }
}
