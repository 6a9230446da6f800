package dev.facecal.cli;

import dev.facecal.FacecalException;
import dev.facecal.dataset.Dataset;
import dev.facecal.dataset.DatasetFetch;
import dev.facecal.dataset.Finding;
import dev.facecal.dataset.MasterCsv;
import dev.facecal.pairs.IdentitySplit;
import dev.facecal.pairs.Pair;
import dev.facecal.pairs.PairGenerator;
import dev.facecal.pairs.SplitPart;
import dev.facecal.pipeline.DatasetSource;
import dev.facecal.pipeline.DatasetStage;
import dev.facecal.pipeline.PairOptions;
import dev.facecal.pipeline.PairStage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code facecal dataset index|fetch|pairs|check}: labelled photo sets, their pair lists and their checks. */
@Command(name = "dataset", mixinStandardHelpOptions = true,
        description = "Index identity folders, fetch the pinned photos, make pair lists and check datasets.",
        subcommands = {DatasetCommand.Index.class, DatasetCommand.Fetch.class, DatasetCommand.Pairs.class,
                DatasetCommand.Check.class})
public final class DatasetCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where a dataset comes from: exactly one of a manifest, identity folders or a master.csv. */
    static final class Source {
        @Option(names = "--manifest", paramLabel = "FILE", required = true,
                description = "a JSON manifest (person -> photos), e.g. dataset/deepface-notebooks.json")
        Path manifest;

        @Option(names = "--dir", paramLabel = "DIR", required = true,
                description = "a folder with one sub-folder of photos per person (sorted by name)")
        Path dir;

        @Option(names = "--master-csv", paramLabel = "FILE", required = true,
                description = "DeepFace's master.csv (file_x,file_y,Decision); people = linked same-person pairs")
        Path masterCsv;

        Dataset load(Path root) {
            DatasetSource s = manifest != null ? new DatasetSource.Manifest(manifest)
                    : dir != null ? new DatasetSource.Folders(dir) : new DatasetSource.PairListFile(masterCsv);
            return DatasetStage.load(s, root);
        }
    }

    @Command(name = "index", mixinStandardHelpOptions = true,
            description = {"Write master.csv for a folder of identity folders, byte for byte as deepface-rs's "
                    + "calibration/generate-csv.py does: every same-person pair, then every different-person pair, "
                    + "in folder-listing order, labels 1/0, header file_x,file_y,decision."})
    static final class Index implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR", description = "the dataset folder (one sub-folder per person)")
        Path dir;

        @Option(names = "--out", paramLabel = "FILE", description = "output file (default: DIR/master.csv)")
        Path out;

        @Option(names = "--yes-no", description = "write Yes/No (DeepFace's spelling) instead of 1/0")
        boolean yesNo;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            Path target = out != null ? out : dir.resolve("master.csv");
            Dataset listed = Dataset.fromFoldersAsListed(dir);
            List<String> notFiles = new ArrayList<>();
            for (var img : listed.images()) {
                Path p = listed.resolve(img.file());
                if (!Files.isRegularFile(p)) {
                    notFiles.add(img.file() + (Files.isDirectory(p) ? " (a folder)"
                            : Files.isSymbolicLink(p) ? " (a broken link or a link loop)" : " (not a file)"));
                }
            }
            if (!notFiles.isEmpty()) {
                throw new FacecalException(dir + ": " + notFiles.size() + " entr" + (notFiles.size() == 1 ? "y" : "ies")
                        + " of the identity folders " + (notFiles.size() == 1 ? "is" : "are") + " not a photo file: "
                        + String.join(", ", notFiles.subList(0, Math.min(10, notFiles.size())))
                        + (notFiles.size() > 10 ? ", ..." : "") + "; generate-csv.py would pair them like photos: move "
                        + "them out of the identity folders and run again (nothing written)");
            }
            List<Finding> findings = listed.validate();
            long errors = findings.stream().filter(f -> f.severity() == Finding.Severity.ERROR).count();
            if (errors > 0) {
                for (Finding f : findings) err.println(f);
                throw new FacecalException(dir + ": " + errors + " error(s) listed above; fix them and run again "
                        + "(nothing written to " + target + ")");
            }
            Dataset d = DatasetStage.index(dir, target, yesNo ? MasterCsv.Labels.YES_NO : MasterCsv.Labels.ONE_ZERO);
            for (Finding f : findings) err.println(f);
            err.printf("%d people, %d photos: %d same-person + %d different-person pairs -> %s%n", d.size(),
                    d.imageCount(), PairGenerator.positiveCount(d), PairGenerator.negativeCount(d), target);
            err.flush();
            return 0;
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = {"Put every file of a pinned dataset (dataset/NAME.tsv: photos and pair lists) into a "
                    + "folder, from a mirror folder or the pinned URLs, checking each SHA-256."})
    static final class Fetch implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "the dataset (deepface-unit)")
        String name;

        @Option(names = "--from", paramLabel = "DIR",
                description = "a folder holding the files (default: $FACECAL_DATA_MIRROR; else download)")
        Path from;

        @Option(names = "--to", paramLabel = "DIR", description = "target folder (default: dataset/NAME)")
        Path to;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            Path mirror = Main.configuration().dataMirror(from);
            if (from != null && !Files.isDirectory(from)) {
                throw new FacecalException(from + ": no such folder (--from)");
            }
            Path target = to != null ? to : Path.of("dataset", name);
            DatasetFetch.Result r = DatasetStage.fetch(new DatasetSource.Pinned(name, mirror, target), err);
            err.printf("%s: %d files in %s (SHA-256 verified): %d already there, %d copied from %s, %d downloaded%n",
                    name, r.files(), target, r.present(), r.copied(), mirror == null ? "no mirror" : mirror,
                    r.downloaded());
            err.flush();
            return 0;
        }
    }

    @Command(name = "pairs", mixinStandardHelpOptions = true,
            description = {"Write labelled pairs (file_x,file_y,decision with Yes/No): all same-person and all "
                    + "different-person pairs in DeepFace's order, or --balanced: each same-person pair followed by "
                    + "one random different-person pair (seeded). --split writes identity-disjoint parts."})
    static final class Pairs implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        @Option(names = "--balanced", description = "one random different-person pair per same-person pair")
        boolean balanced;

        @picocli.CommandLine.Mixin
        SeedOption seed;

        @Option(names = "--split", paramLabel = "TRAIN,VAL",
                description = "fractions of people for training and validation (the rest is test), e.g. 0.6,0.2; "
                        + "writes OUT-train.csv, OUT-validation.csv, OUT-test.csv")
        String split;

        @Option(names = "--out", paramLabel = "FILE", required = true, description = "output CSV")
        Path out;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            Dataset d = source.load(null);
            for (Finding f : d.validateNames()) err.println(f);
            if (split == null) {
                write(d, out, err);
            } else {
                String[] f = split.split(",");
                double train, val;
                try {
                    if (f.length != 2) throw new NumberFormatException();
                    train = Double.parseDouble(f[0].trim());
                    val = Double.parseDouble(f[1].trim());
                } catch (NumberFormatException e) {
                    throw new FacecalException("--split takes two fractions TRAIN,VAL (e.g. 0.6,0.2), got '" + split + "'");
                }
                IdentitySplit s = PairStage.split(d, options().withSplit(train, val));
                err.println("people split with seed " + seed.seed + ": " + s.describe());
                String file = out.getFileName().toString();
                String stem = file.endsWith(".csv") ? file.substring(0, file.length() - 4) : file;
                for (SplitPart part : SplitPart.values()) {
                    write(s.part(part), out.resolveSibling(stem + "-" + part.label() + ".csv"), err);
                }
            }
            err.flush();
            return 0;
        }

        private PairOptions options() {
            return PairOptions.all().withBalanced(balanced).withSeed(seed.seed);
        }

        private void write(Dataset d, Path file, PrintWriter err) {
            List<Pair> pairs = PairStage.pairs(d, options());
            PairStage.write(pairs, file);
            long yes = pairs.stream().filter(Pair::same).count();
            err.printf("%s: %d people, %d pairs (%d same-person, %d different-person%s)%n", file, d.size(),
                    pairs.size(), yes, pairs.size() - yes, balanced ? ", balanced, seed " + seed.seed : "");
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Check a dataset: a photo (by name or by SHA-256 content) under two people, a photo "
                    + "listed twice, missing photos, people with fewer than two photos, entries that are not images.",
                    "Without a source: every dataset/*.json manifest. Exit status 2 when an error is found."})
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ArgGroup(exclusive = true, multiplicity = "0..1")
        Source source;

        @Parameters(index = "0", arity = "0..1", paramLabel = "SOURCE",
                description = "the dataset: a manifest (.json), a folder of identity folders, or a pair list (.csv); "
                        + "the same as --manifest, --dir or --master-csv")
        Path positional;

        @Option(names = "--root", paramLabel = "DIR", description = "the photo folder (overrides the source's; "
                + "without a source it replaces the root of the manifests that have one)")
        Path root;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            List<Dataset> sets = new ArrayList<>();
            if (positional != null) {
                if (source != null) {
                    throw new FacecalException("give the dataset once: " + positional + " or one of --manifest, --dir, "
                            + "--master-csv");
                }
                if (!Files.exists(positional)) throw new FacecalException(positional + ": no such file or folder");
                String n = positional.getFileName() == null ? "" : positional.getFileName().toString().toLowerCase();
                DatasetSource s = Files.isDirectory(positional) ? new DatasetSource.Folders(positional)
                        : n.endsWith(".json") ? new DatasetSource.Manifest(positional)
                        : new DatasetSource.PairListFile(positional);
                sets.add(DatasetStage.load(s, root));
            } else if (source != null) {
                sets.add(source.load(root));
            } else {
                Path dir = Path.of("dataset");
                if (!Files.isDirectory(dir)) {
                    throw new FacecalException("no dataset/ folder here; give --manifest FILE, --dir DIR or "
                            + "--master-csv FILE");
                }
                List<Path> manifests = new ArrayList<>();
                try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.json")) {
                    for (Path p : s) manifests.add(p);
                }
                manifests.sort(null);
                for (Path p : manifests) {
                    Dataset d = Dataset.fromManifest(p);
                    sets.add(root != null && d.root() != null ? d.withRoot(root) : d);
                }
            }
            int errors = 0;
            for (Dataset d : sets) {
                List<Finding> findings = DatasetStage.check(d);
                long e = findings.stream().filter(f -> f.severity() == Finding.Severity.ERROR).count();
                errors += (int) e;
                out.printf("%s: %d people, %d photos, %d same-person + %d different-person pairs; %s%n", d.name(),
                        d.size(), d.imageCount(), PairGenerator.positiveCount(d), PairGenerator.negativeCount(d),
                        e == 0 ? "no errors" : e + (e == 1 ? " error" : " errors"));
                if (d.root() != null) out.println("  photos: " + d.root());
                for (Finding f : findings) out.println("  " + f);
                if (findings.stream().anyMatch(f -> f.kind() == Finding.Kind.MISSING_FILE)) {
                    out.println("  (the deepface-unit photos: facecal dataset fetch deepface-unit)");
                }
            }
            out.flush();
            return errors == 0 ? 0 : 2;
        }
    }
}
