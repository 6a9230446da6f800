package dev.facecal.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.FacecalException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetFetchTest {
    @TempDir
    Path dir;

    @Test
    void copiesEveryPinnedFileFromTheMirrorAndKeepsGoodCopies() throws IOException {
        DatasetManifest m = DatasetManifest.bundled("deepface-unit");
        Path target = dir.resolve("dataset/deepface-unit");
        DatasetFetch.Result r = DatasetFetch.fetch(m, DatasetTest.mirror(), target, null);
        assertEquals(new DatasetFetch.Result(target, 66, 0, 66, 0), r);
        try (var s = Files.list(target)) {
            assertEquals(66, s.filter(p -> !p.getFileName().toString().startsWith(".")).count());
        }
        assertEquals(m.file("img1.jpg").sha256(), FileFetcher.sha256(target.resolve("img1.jpg")));
        assertTrue(Files.isWritable(target.resolve("img1.jpg")), "copies are the user's files, not read-only");
        Files.writeString(target.resolve("img7.jpg"), "damaged");
        r = DatasetFetch.fetch(m, DatasetTest.mirror(), target, null);
        assertEquals(new DatasetFetch.Result(target, 66, 65, 1, 0), r);
        assertEquals(m.file("img7.jpg").sha256(), FileFetcher.sha256(target.resolve("img7.jpg")));
    }

    @Test
    void aWrongFileInTheMirrorIsNamed() throws IOException {
        Path mirror = Files.createDirectories(dir.resolve("mirror"));
        Files.writeString(mirror.resolve("img2.jpg"), "not a photo");
        RemoteFile f = DatasetManifest.bundled("deepface-unit").file("img2.jpg");
        DatasetManifest one = new DatasetManifest("deepface-unit", Map.of("img2.jpg", f));
        String msg = assertThrows(FacecalException.class,
                () -> DatasetFetch.fetch(one, mirror, dir.resolve("out"), null)).getMessage();
        assertTrue(msg.startsWith("img2.jpg in the mirror folder " + mirror + " has SHA-256"), msg);
    }

    @Test
    void downloadsWhatTheMirrorLacksAndVerifiesIt() throws IOException {
        Path src = Files.writeString(dir.resolve("x.csv"), "a,b\n");
        RemoteFile f = new RemoteFile("x.csv", FileFetcher.sha256(src), src.toUri().toString());
        DatasetManifest m = new DatasetManifest("t", Map.of("x.csv", f));
        DatasetFetch.Result r = DatasetFetch.fetch(m, Files.createDirectories(dir.resolve("empty")), dir.resolve("t"), null);
        assertEquals(1, r.downloaded());
        assertEquals("a,b\n", Files.readString(dir.resolve("t/x.csv")));
        RemoteFile bad = new RemoteFile("y.csv", "0".repeat(64), src.toUri().toString());
        String msg = assertThrows(FacecalException.class, () -> DatasetFetch.fetch(
                new DatasetManifest("t", Map.of("y.csv", bad)), null, dir.resolve("t"), null)).getMessage();
        assertTrue(msg.contains("y.csv"), msg);
        assertTrue(!Files.exists(dir.resolve("t/y.csv")));
    }
}
