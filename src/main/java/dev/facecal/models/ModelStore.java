package dev.facecal.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facecal.FacecalException;
import dev.facecal.dataset.FileFetcher;
import dev.facecal.embed.FaceModel;
import dev.facecal.embed.ModelSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;

/**
 * The folder installed models live in: {@code <name>.onnx} plus a {@code <name>.json} sidecar
 * ({@link InstalledModel}); the folder is chosen by the configuration ({@code ~/.cache/facecal/models},
 * {@code $FACECAL_MODELS} or an explicit folder). Installs are idempotent, and atomic: the ONNX file is written to a temporary file, opened with
 * ONNX Runtime and checked against its spec, and only then moved over the old one, so a failed or interrupted
 * install never replaces a working model.
 *
 * @param dir the folder
 */
public record ModelStore(Path dir) {

    public Path onnx(String name) {
        return dir.resolve(name + ".onnx");
    }

    Path sidecar(String name) {
        return dir.resolve(name + ".json");
    }

    /** The installed model, if its sidecar and ONNX file are both present. */
    public Optional<InstalledModel> installed(String name) {
        Path side = sidecar(name);
        if (!Files.isRegularFile(side) || !Files.isRegularFile(onnx(name))) return Optional.empty();
        try {
            JsonNode n = SpecJson.MAPPER.readTree(side.toFile());
            return Optional.of(new InstalledModel(n.get("name").asText(), n.path("source").asText(),
                    n.path("source_sha256").asText(null), n.get("onnx_sha256").asText(),
                    SpecJson.read(n.get("spec"), side.toString()), n.path("converter").asText()));
        } catch (IOException | NullPointerException e) {
            throw new FacecalException(side + ": unreadable model sidecar; install the model again",
                    new FacecalException.Remedy(FacecalException.Action.REINSTALL_MODEL, name, null), e);
        }
    }

    /** What {@link #check} finds for a model name. */
    public enum State {
        /** no sidecar or no ONNX file */
        NOT_INSTALLED,
        /** the sidecar reads and the ONNX file's SHA-256 is the one it records */
        INSTALLED,
        /** the sidecar is unreadable, or the ONNX file's bytes are not the ones installed */
        CORRUPT
    }

    /**
     * The state of a model in the store, checked to the bytes: the sidecar must read and the ONNX file must have the
     * SHA-256 it records (a flipped byte is found, not only a missing file).
     *
     * @param state  the state
     * @param reason for {@link State#CORRUPT}, what is wrong; else null
     */
    public record Status(State state, String reason) {}

    /** Checks a model's sidecar and the ONNX file's SHA-256 against it ({@code model list}). */
    public Status check(String name) {
        Optional<InstalledModel> m;
        try {
            m = installed(name);
        } catch (FacecalException e) {
            return new Status(State.CORRUPT, "the sidecar " + sidecar(name) + " is unreadable");
        }
        if (m.isEmpty()) {
            boolean partial = Files.exists(sidecar(name)) || Files.exists(onnx(name));
            return partial ? new Status(State.CORRUPT, "only one of " + onnx(name).getFileName() + " and "
                    + sidecar(name).getFileName() + " is there") : new Status(State.NOT_INSTALLED, null);
        }
        String sha = sha256(onnx(name));
        if (!sha.equals(m.get().onnxSha256())) {
            return new Status(State.CORRUPT, onnx(name) + " has SHA-256 " + sha.substring(0, 12) + "..., not the "
                    + m.get().onnxSha256().substring(0, Math.min(12, m.get().onnxSha256().length()))
                    + "... recorded when it was installed");
        }
        return new Status(State.INSTALLED, null);
    }

    /** Opens an installed model, checking the ONNX file is the one that was installed. */
    public FaceModel open(String name, int threads) {
        InstalledModel m = installed(name).orElseThrow(() -> new FacecalException("model '" + name
                + "' is not installed in the model folder " + dir,
                new FacecalException.Remedy(FacecalException.Action.INSTALL_MODEL, name, null)));
        String sha = sha256(onnx(name));
        if (!sha.equals(m.onnxSha256())) {
            throw new FacecalException(onnx(name) + " has SHA-256 " + sha + " but was installed as " + m.onnxSha256()
                    + ": the file changed or is truncated; install the model again",
                    new FacecalException.Remedy(FacecalException.Action.REINSTALL_MODEL, name, null));
        }
        return FaceModel.open(onnx(name), m.spec(), threads);
    }

    /**
     * Installs a model: a catalogue entry (from {@code from} when given, else obtained as the entry says) or, with
     * {@code specFile}, any ONNX face model file.
     *
     * @return the installed model; unchanged when it was already installed and {@code force} is false
     */
    public InstalledModel install(String name, Path from, Path specFile, boolean force, PrintWriter log) {
        Optional<InstalledModel> existing = Optional.empty();
        if (!force) {
            try {
                existing = installed(name);
            } catch (FacecalException e) { // a broken sidecar never blocks the install that repairs it
                log.println(sidecar(name) + " is unreadable; reinstalling " + name);
            }
        }
        if (existing.isPresent() && !force) {
            String sha = sha256(onnx(name));
            boolean landmarksMissing = existing.get().spec().alignment() == ModelSpec.Alignment.ARCFACE_5POINT
                    && check(HumanModels.FACEMESH).state() != State.INSTALLED;
            if (sha.equals(existing.get().onnxSha256()) && !landmarksMissing) {
                log.println(name + " is already installed: " + onnx(name) + " (use --force to reinstall)");
                return existing.get();
            }
            log.println(landmarksMissing ? name + "'s landmark model " + HumanModels.FACEMESH + " is missing or "
                    + "damaged; reinstalling" : onnx(name) + " does not match its sidecar; reinstalling");
        }
        if (from != null && !Files.isRegularFile(from)) {
            throw new FacecalException(from + ": file not found");
        }
        mkdirs();
        if (specFile == null && HumanModels.refusal(name) != null) {
            throw new FacecalException(name + " (" + HumanModelsPackage.NAME + "@" + HumanModelsPackage.VERSION + ") is "
                    + HumanModels.refusal(name));
        }
        if (specFile != null || !ModelCatalog.contains(name)) {
            if (specFile == null || from == null) {
                throw new FacecalException("'" + name + "' is not in the catalogue; to install your own ONNX face model"
                        + " pass both --from model.onnx and --spec spec.json (see README)");
            }
            ModelSpec spec = SpecJson.read(specFile);
            if (!spec.name().equals(name)) {
                throw new FacecalException(specFile + ": the spec is named '" + spec.name() + "', not '" + name + "'");
            }
            return place(name, readAll(from), spec, from.getFileName().toString(), sha256(from), "copy", log);
        }
        CatalogEntry entry = ModelCatalog.get(name);
        return switch (entry.source()) {
            case NPM_FACE_API -> {
                Path tgz = from != null ? from : FaceApiPackage.npmPack(dir.resolve("downloads"));
                log.println("converting " + tgz.getFileName() + " to ONNX ...");
                yield place(name, DlibConverter.convert(tgz), entry.spec(), "@vladmandic/face-api@"
                        + FaceApiPackage.VERSION, sha256(tgz), "facecal DlibConverter", log);
            }
            case NPM_HUMAN_MODELS -> {
                Path tgz = from != null ? from : download(entry, log);
                if (entry.spec().alignment() == ModelSpec.Alignment.ARCFACE_5POINT) {
                    installLandmarks(tgz, force, log);
                }
                log.println("converting " + name + " from " + tgz.getFileName() + " to ONNX ...");
                yield place(name, HumanModels.convert(tgz, name), entry.spec(), HumanModelsPackage.NAME + "@"
                        + HumanModelsPackage.VERSION, sha256(tgz), "facecal GraphModelConverter", log);
            }
            case KERAS_H5 -> {
                Path h5 = from != null ? from : download(entry, log);
                if (entry.sha256() != null && from != null && !entry.sha256().equals(sha256(h5))) {
                    log.println("note: " + h5 + " is not the pinned " + entry.url() + " (SHA-256 differs); converting anyway");
                }
                VggFaceVariant variant = entry.spec().dimension() == 2622 ? VggFaceVariant.V2020 : VggFaceVariant.CURRENT;
                log.println("converting " + h5.getFileName() + " to ONNX (" + variant + ") ...");
                yield place(name, VggFaceConverter.convert(h5, variant), entry.spec(), h5.getFileName().toString(),
                        sha256(h5), "facecal VggFaceConverter " + variant, log);
            }
            case ONNX -> {
                if (from == null) {
                    throw new FacecalException(name + " is not distributed through a registry facecal can reach; "
                            + "download it yourself and install it from the file",
                            new FacecalException.Remedy(FacecalException.Action.INSTALL_MODEL_FROM_FILE, name,
                                    "FILE.onnx"));
                }
                if (entry.sha256() != null && !entry.sha256().equals(sha256(from))) {
                    throw new FacecalException(from + " is not the pinned " + name + " model (SHA-256 differs from "
                            + entry.sha256() + "); download it again");
                }
                yield place(name, readAll(from), entry.spec(), from.getFileName().toString(), sha256(from), "copy", log);
            }
        };
    }

    /**
     * Installs the landmark model of {@link ModelSpec.Alignment#ARCFACE_5POINT} (FaceMesh, {@link HumanModels#FACEMESH})
     * from the same human-models tarball, unless it is installed intact already and {@code force} is false.
     */
    private void installLandmarks(Path tgz, boolean force, PrintWriter log) {
        String mesh = HumanModels.FACEMESH;
        if (!force && check(mesh).state() == State.INSTALLED) return;
        log.println("converting " + mesh + " (the landmarks of arcface-5point alignment) from " + tgz.getFileName()
                + " to ONNX ...");
        place(mesh, HumanModels.convert(tgz, mesh), HumanModels.entry(mesh).spec(), HumanModelsPackage.NAME + "@"
                + HumanModelsPackage.VERSION, sha256(tgz), "facecal GraphModelConverter", log);
    }

    private InstalledModel place(String name, byte[] onnxBytes, ModelSpec spec, String source, String sourceSha,
                                 String converter, PrintWriter log) {
        try {
            Path tmp = Files.createTempFile(dir, "." + name, ".onnx.part");
            try {
                Files.write(tmp, onnxBytes);
                try (FaceModel check = FaceModel.open(tmp, spec, 1)) {
                    // opened and its input/output checked against the spec
                }
                String sha = sha256(tmp);
                Files.move(tmp, onnx(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                InstalledModel m = new InstalledModel(name, source, sourceSha, sha, spec, converter);
                writeSidecar(m);
                log.println("installed " + name + ": " + onnx(name) + " (" + onnxBytes.length / 1024 + " KiB, SHA-256 "
                        + sha.substring(0, 12) + "...)");
                return m;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new FacecalException("cannot write the model into " + dir + ": " + e.getMessage(), e);
        }
    }

    private void writeSidecar(InstalledModel m) throws IOException {
        ObjectNode n = SpecJson.MAPPER.createObjectNode();
        n.put("name", m.name());
        n.put("source", m.source());
        n.put("source_sha256", m.sourceSha256());
        n.put("onnx_sha256", m.onnxSha256());
        n.put("converter", m.converter());
        n.set("spec", SpecJson.write(m.spec()));
        Path tmp = Files.createTempFile(dir, "." + m.name(), ".json.part");
        try {
            Files.writeString(tmp, SpecJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n");
            Files.move(tmp, sidecar(m.name()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private Path download(CatalogEntry e, PrintWriter log) {
        if (e.url() == null || e.sha256() == null) {
            throw new FacecalException(e.name() + ": no pinned download is known"
                    + (e.url() != null ? " (the file is " + e.url() + " but its SHA-256 is not pinned)" : "")
                    + "; download it yourself and install it from the file",
                    new FacecalException.Remedy(FacecalException.Action.INSTALL_MODEL_FROM_FILE, e.name(), "FILE"));
        }
        Path target = dir.resolve("downloads").resolve(Path.of(URI.create(e.url()).getPath()).getFileName());
        if (Files.isRegularFile(target) && sha256(target).equals(e.sha256())) return target;
        log.println("downloading " + e.url() + " ...");
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".dl", ".part");
            try {
                HttpResponse<InputStream> resp = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                        .connectTimeout(Duration.ofSeconds(20)).build()
                        .send(HttpRequest.newBuilder(URI.create(e.url())).build(), HttpResponse.BodyHandlers.ofInputStream());
                if (resp.statusCode() != 200) throw new IOException("HTTP " + resp.statusCode());
                try (InputStream in = resp.body()) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                String sha = sha256(tmp);
                if (!sha.equals(e.sha256())) {
                    throw new FacecalException("downloaded " + e.url() + " has SHA-256 " + sha + ", expected "
                            + e.sha256() + "; try again, or download it yourself and pass --from FILE");
                }
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return target;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | InterruptedException ex) {
            throw new FacecalException("could not download " + e.url() + " (" + ex.getMessage() + "); download it "
                    + "yourself and install it from the file",
                    new FacecalException.Remedy(FacecalException.Action.INSTALL_MODEL_FROM_FILE, e.name(), "FILE"), ex);
        }
    }

    private void mkdirs() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new FacecalException("cannot create the model folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private static byte[] readAll(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new FacecalException(p + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static String sha256(Path p) {
        return FileFetcher.sha256(p);
    }
}
