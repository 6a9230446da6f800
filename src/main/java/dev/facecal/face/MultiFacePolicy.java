package dev.facecal.face;

import java.util.List;

/**
 * What to do when the detector finds more than one face in a photo (DeepFace itself keeps them all).
 *
 * <p>Measured on the 64 photos of the deepface-unit mirror (62 one-person photos, {@code couple.jpg},
 * {@code selfie-many-people.jpg}) with {@link HaarDetector} on DeepFace's bordered image ({@link FaceExtractor}):
 * 59 photos give one face; {@code img8.jpg} (area ratio largest/next 40.96) and {@code img26.jpg} (79.52) give the
 * person plus a tiny false positive; {@code img44.jpg} (one person) gives three boxes, ratio 1.78 (a false positive of
 * 152x152 beside the 203x203 face); {@code couple.jpg} gives 2 faces, ratio 1.24; {@code selfie-many-people.jpg}
 * gives 5, ratio 1.04.
 * <table>
 *   <caption>photos kept (of 64)</caption>
 *   <tr><th>policy</th><th>kept</th><th>rejected</th></tr>
 *   <tr><td>DOMINANT, ratio 1.5 (default)</td><td>62</td><td>couple, selfie-many-people</td></tr>
 *   <tr><td>DOMINANT, ratio 2 or 4</td><td>61</td><td>couple, selfie-many-people, img44</td></tr>
 *   <tr><td>DOMINANT, ratio 50</td><td>60</td><td>... and img8</td></tr>
 *   <tr><td>LARGEST</td><td>64</td><td>none (keeps one face of each group photo)</td></tr>
 *   <tr><td>FAIL</td><td>59</td><td>couple, selfie-many-people, img8, img26, img44</td></tr>
 * </table>
 * The margin is thin on this set (1.24 for the couple against 1.78 for img44's false positive): the ratio is a
 * heuristic for Haar's false positives, not a group-photo classifier. With {@link YuNetDetector} every one-person
 * photo of the mirror gives exactly one face ({@code couple.jpg} 2, {@code selfie-many-people.jpg} 4), so the
 * policies differ only on the two group photos. Re-run the survey with
 * {@code -Dfacecal.survey=true} ({@code FaceSurveyTest}) after changing the detector.
 */
public enum MultiFacePolicy {
    /** Keep the largest face only when its box area is at least {@link #DOMINANCE_RATIO} times the next one's. */
    DOMINANT,
    /** Keep the largest face (first in detector order on ties, like DeepFace's {@code max_faces=1}). */
    LARGEST,
    /** Fail unless exactly one face was found. */
    FAIL;

    /** Area ratio largest/second-largest above which {@link #DOMINANT} keeps the largest face. */
    public static final double DOMINANCE_RATIO = 1.5;

    /** The default: keeps genuine one-person photos, rejects group photos. */
    public static final MultiFacePolicy DEFAULT = DOMINANT;

    /** The chosen face, or why none was chosen. */
    public record Choice(Detection face, String failure) {
        public boolean ok() {
            return face != null;
        }
    }

    /** The policy named {@code name} ({@code dominant}, {@code largest} or {@code fail}, any case). */
    public static MultiFacePolicy parse(String name) {
        return switch (name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "dominant" -> DOMINANT;
            case "largest" -> LARGEST;
            case "fail" -> FAIL;
            default -> throw new dev.facecal.FacecalException("multi-face policy '" + name
                    + "' is not known: use dominant, largest or fail");
        };
    }

    /** The name: {@code dominant}, {@code largest} or {@code fail}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Applies the policy to the detector's faces (in detector order). */
    public Choice choose(List<Detection> faces) {
        if (faces.isEmpty()) return new Choice(null, "no face detected");
        if (faces.size() == 1) return new Choice(faces.getFirst(), null);
        if (this == FAIL) return new Choice(null, faces.size() + " faces detected (policy FAIL keeps only single faces)");
        int best = 0;
        for (int i = 1; i < faces.size(); i++) {
            if (faces.get(i).box().area() > faces.get(best).box().area()) best = i;
        }
        if (this == LARGEST) return new Choice(faces.get(best), null);
        long second = 0;
        for (int i = 0; i < faces.size(); i++) {
            if (i != best) second = Math.max(second, faces.get(i).box().area());
        }
        double ratio = (double) faces.get(best).box().area() / second;
        if (ratio >= DOMINANCE_RATIO) return new Choice(faces.get(best), null);
        return new Choice(null, String.format(java.util.Locale.ROOT,
                "%d faces detected and the largest is only %.2f times the next (policy DOMINANT needs %.1f)",
                faces.size(), ratio, DOMINANCE_RATIO));
    }
}
