package dev.facecal.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.FacecalException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to the dlib installation: each gives a message naming the file and the fix. */
class FaceApiPackageTest {
    private static final String MANIFEST = "package/model/face_recognition_model-weights_manifest.json";
    private static final String BIN = "package/model/face_recognition_model.bin";

    @TempDir
    Path tmp;

    @Test
    void pinnedTarballVerifies() {
        FaceApiPackage.verify(FaceApiTarball.get());
        assertEquals("vladmandic-face-api-1.7.15.tgz", FaceApiPackage.TARBALL_NAME);
    }

    @Test
    void truncatedTarballFailsTheIntegrityCheck() throws IOException {
        byte[] all = Files.readAllBytes(FaceApiTarball.get());
        Path cut = tmp.resolve("face-api-1.7.15.tgz");
        Files.write(cut, Arrays.copyOf(all, all.length / 2));
        var e = assertThrows(FacecalException.class, () -> DlibConverter.convert(cut));
        String m = e.getMessage();
        assertTrue(m.startsWith(cut + " is not the npm tarball of @vladmandic/face-api@1.7.15: its integrity is sha512-"), m);
        assertTrue(m.contains("but @vladmandic/face-api@1.7.15 has " + FaceApiPackage.INTEGRITY), m);
        assertTrue(m.contains("npm pack @vladmandic/face-api@1.7.15") && m.contains("--from"), m);
        // and without the hash check, the damage itself is named
        e = assertThrows(FacecalException.class, () -> DlibConverter.convertUnverified(cut));
        assertTrue(e.getMessage().startsWith(cut + " is not a readable npm tarball (.tgz)"), e.getMessage());
    }

    @Test
    void oneFlippedByteFailsTheIntegrityCheck() throws IOException {
        byte[] all = Files.readAllBytes(FaceApiTarball.get());
        all[all.length / 3] ^= 1;
        Path bad = Files.write(tmp.resolve("bad.tgz"), all);
        var e = assertThrows(FacecalException.class, () -> FaceApiPackage.verify(bad));
        assertTrue(e.getMessage().contains("truncated, corrupted or another version"), e.getMessage());
    }

    @Test
    void missingTarball() {
        Path none = tmp.resolve("nope.tgz");
        var e = assertThrows(FacecalException.class, () -> DlibConverter.convert(none));
        assertTrue(e.getMessage().startsWith("the face-api tarball " + none + " does not exist: obtain it with `npm pack"),
                e.getMessage());
    }

    @Test
    void tarballWithoutTheWeights() throws IOException {
        Map<String, byte[]> files = modelFiles();
        files.remove(BIN);
        Path tgz = tgz(files);
        var e = assertThrows(FacecalException.class, () -> DlibConverter.convertUnverified(tgz));
        assertTrue(e.getMessage().startsWith(tgz + " has no " + BIN + ": it is not the face-api 1.7.15 package"),
                e.getMessage());
    }

    @Test
    void truncatedWeightsFile() throws IOException {
        Map<String, byte[]> files = modelFiles();
        files.put(BIN, Arrays.copyOf(files.get(BIN), files.get(BIN).length - 1000));
        Path tgz = tgz(files);
        var e = assertThrows(FacecalException.class, () -> DlibConverter.convertUnverified(tgz));
        assertTrue(e.getMessage().startsWith(BIN + " in " + tgz + " is too short: weight fc [256,128] needs 32768 bytes"),
                e.getMessage());
        assertTrue(e.getMessage().contains("npm pack @vladmandic/face-api@1.7.15"), e.getMessage());
    }

    @Test
    void anotherModelsWeights() throws IOException {
        Map<String, byte[]> real = FaceApiPackage.read(FaceApiTarball.get(), java.util.List.of(
                "package/model/face_landmark_68_tiny_model-weights_manifest.json",
                "package/model/face_landmark_68_tiny_model.bin"));
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(MANIFEST, new String(real.get("package/model/face_landmark_68_tiny_model-weights_manifest.json"),
                java.nio.charset.StandardCharsets.UTF_8).replace("face_landmark_68_tiny_model.bin",
                "face_recognition_model.bin").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        files.put(BIN, real.get("package/model/face_landmark_68_tiny_model.bin"));
        Path tgz = tgz(files);
        var e = assertThrows(FacecalException.class, () -> DlibConverter.convertUnverified(tgz));
        assertTrue(e.getMessage().startsWith(MANIFEST + " in " + tgz + " has "), e.getMessage());
        assertTrue(e.getMessage().contains("face_recognition_model has 117: it is not the expected model"), e.getMessage());
    }

    @Test
    void damagedManifest() throws IOException {
        Map<String, byte[]> files = modelFiles();
        files.put(MANIFEST, Arrays.copyOf(files.get(MANIFEST), 500));
        Path tgz = tgz(files);
        var e = assertThrows(FacecalException.class, () -> DlibConverter.convertUnverified(tgz));
        assertTrue(e.getMessage().startsWith(MANIFEST + " in " + tgz + " is not valid JSON"), e.getMessage());
    }

    /** A copy of the two model files rebuilt into a fresh tarball converts to the same bytes. */
    @Test
    void rebuiltTarballConvertsIdentically() throws IOException {
        Path tgz = tgz(modelFiles());
        assertTrue(Arrays.equals(DlibConverter.convert(FaceApiTarball.get()), DlibConverter.convertUnverified(tgz)));
    }

    private static Map<String, byte[]> modelFiles() {
        return new LinkedHashMap<>(FaceApiPackage.read(FaceApiTarball.get(), java.util.List.of(MANIFEST, BIN)));
    }

    private Path tgz(Map<String, byte[]> files) throws IOException {
        Path out = Files.createTempFile(tmp, "face-api", ".tgz");
        try (OutputStream os = Files.newOutputStream(out);
             var gz = new GzipCompressorOutputStream(os);
             var tar = new TarArchiveOutputStream(gz)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (var f : files.entrySet()) {
                var e = new TarArchiveEntry(f.getKey());
                e.setSize(f.getValue().length);
                tar.putArchiveEntry(e);
                tar.write(f.getValue());
                tar.closeArchiveEntry();
            }
        }
        return out;
    }
}
