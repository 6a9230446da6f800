package dev.facecal.study.identify;

import java.util.ArrayList;
import java.util.List;

/**
 * Closed-set rank-1 identification, seed 003's "Identification" row: a gallery of one photo per person (the first
 * photo of each person that has an embedding), every other photo a probe; a probe is identified as the gallery
 * person with the highest cosine similarity, and counts as correct when that is its own person. Ties go to the
 * earlier gallery entry.
 *
 * @param set     the photos
 * @param gallery index into {@code set} of each person's gallery photo (-1: person without photos)
 * @param probes  one result per probe, in photo order
 */
public record RankOneIdentification(LabelledPhotos set, int[] gallery, List<Probe> probes) {

    /**
     * One probe.
     *
     * @param index          the probe's index in the set
     * @param file           its file
     * @param identity       its person
     * @param predicted      the nearest gallery person
     * @param galleryFile    that person's gallery photo
     * @param similarity     similarity to the nearest gallery photo
     * @param trueSimilarity similarity to its own person's gallery photo
     * @param rank           its own person's rank among the gallery (1 = correct)
     */
    public record Probe(int index, String file, String identity, String predicted, String galleryFile,
                        double similarity, double trueSimilarity, int rank) {
        /** Whether the nearest gallery person is its own. */
        public boolean correct() {
            return rank == 1;
        }
    }

    /** Runs the protocol on {@code set}. */
    public static RankOneIdentification of(LabelledPhotos set) {
        int[] gallery = set.firstPhotos();
        List<Probe> probes = new ArrayList<>();
        boolean[] isGallery = new boolean[set.size()];
        for (int g : gallery) if (g >= 0) isGallery[g] = true;
        for (int i = 0; i < set.size(); i++) {
            if (isGallery[i]) continue;
            int best = -1;
            double bestSim = Double.NEGATIVE_INFINITY;
            double[] sims = new double[gallery.length];
            for (int p = 0; p < gallery.length; p++) {
                if (gallery[p] < 0) {
                    sims[p] = Double.NaN;
                    continue;
                }
                sims[p] = Similarity.cosine(set.vectors()[i], set.vectors()[gallery[p]]);
                if (sims[p] > bestSim) {
                    bestSim = sims[p];
                    best = p;
                }
            }
            int own = set.identity()[i];
            double ownSim = sims[own];
            int rank = 1;
            for (int p = 0; p < gallery.length; p++) {
                if (p != own && gallery[p] >= 0 && (sims[p] > ownSim || (sims[p] == ownSim && p < own))) rank++;
            }
            probes.add(new Probe(i, set.files().get(i), set.name(i), set.identityNames().get(best),
                    set.files().get(gallery[best]), bestSim, ownSim, rank));
        }
        return new RankOneIdentification(set, gallery, List.copyOf(probes));
    }

    /** Probes identified correctly. */
    public long correct() {
        return probes.stream().filter(Probe::correct).count();
    }

    /** Number of probes. */
    public int total() {
        return probes.size();
    }

    /** Rank-1 accuracy. */
    public double accuracy() {
        return total() == 0 ? Double.NaN : (double) correct() / total();
    }

    /** The probes identified wrongly. */
    public List<Probe> errors() {
        return probes.stream().filter(p -> !p.correct()).toList();
    }

}
