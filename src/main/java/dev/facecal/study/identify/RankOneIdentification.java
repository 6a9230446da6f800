package dev.facecal.study.identify;

import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

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

    /** The gallery: person and photo. */
    public Table galleryTable() {
        List<String> people = new ArrayList<>(), files = new ArrayList<>();
        for (int p = 0; p < gallery.length; p++) {
            people.add(set.identityNames().get(p));
            files.add(gallery[p] < 0 ? "-" : set.files().get(gallery[p]));
        }
        return Table.create("gallery: first photo of each person (" + gallery.length + ")",
                StringColumn.create("person", people), StringColumn.create("gallery photo", files));
    }

    /** Every probe: its person, the nearest gallery person, both similarities, the rank, correct or not. */
    public Table probeTable() {
        return Table.create("rank-1 identification: " + correct() + "/" + total() + " probes correct",
                StringColumn.create("probe", probes.stream().map(Probe::file)),
                StringColumn.create("person", probes.stream().map(Probe::identity)),
                StringColumn.create("nearest gallery person", probes.stream().map(Probe::predicted)),
                DoubleColumn.create("similarity (nearest)", probes.stream().mapToDouble(Probe::similarity)),
                DoubleColumn.create("similarity (own gallery photo)", probes.stream().mapToDouble(Probe::trueSimilarity)),
                IntColumn.create("rank of own person", probes.stream().mapToInt(Probe::rank).toArray()),
                BooleanColumn.create("correct", probes.stream().map(Probe::correct).toList()));
    }

    /** Ours beside seed 003's published rank-1. */
    public Table comparisonTable() {
        return Table.create("rank-1 identification",
                StringColumn.create("", "correct / total", "rank-1 accuracy"),
                StringColumn.create("ours (dlib, 1 gallery photo per person)", correct() + " / " + total(),
                        SimilarityVerification.pct(accuracy())),
                StringColumn.create(Seed003.LABEL, String.format(java.util.Locale.ROOT, "%,d / %,d",
                        Seed003.RANK1_CORRECT, Seed003.RANK1_TOTAL),
                        SimilarityVerification.pct((double) Seed003.RANK1_CORRECT / Seed003.RANK1_TOTAL)));
    }
}
