package dev.facecal.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.FacecalException;
import dev.facecal.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileFetcherTest {
    @TempDir
    Path dir;

    @Test
    void mirrorFilesAreVerifiedAgainstThePinnedManifest() {
        DatasetManifest m = DatasetManifest.bundled("deepface-unit");
        assertEquals(66, m.files().size()); // 62 photos, 2 group photos, 2 CSVs
        FileFetcher f = new FileFetcher(Fixtures.shared().resolve("datasets/deepface-unit"), dir.resolve("cache"));
        Path p = f.fetch(m.file("face-recognition-pivot.csv"));
        assertTrue(Files.isRegularFile(p));
        assertTrue(m.file("master.csv").url().startsWith("https://raw.githubusercontent.com/serengil/deepface/243209fd"));
    }

    @Test
    void aCorruptFileIsRefusedWithAClearMessage() throws IOException {
        Path mirror = Files.createDirectories(dir.resolve("mirror"));
        Files.writeString(mirror.resolve("master.csv"), "not the real file\n");
        FileFetcher f = new FileFetcher(mirror, dir.resolve("cache"));
        String msg = assertThrows(FacecalException.class,
                () -> f.fetch(DatasetManifest.bundled("deepface-unit").file("master.csv"))).getMessage();
        assertTrue(msg.contains("master.csv in the mirror folder") && msg.contains("expected fa61f664"), msg);
    }

    @Test
    void aFailedDownloadSaysHowToWorkOffline() {
        RemoteFile missing = new RemoteFile("x.csv", "0".repeat(64), "file:///nonexistent/x.csv");
        FileFetcher f = new FileFetcher(null, dir.resolve("cache"));
        String msg = assertThrows(FacecalException.class, () -> f.fetch(missing)).getMessage();
        assertTrue(msg.contains("--from DIR") && msg.contains("FACECAL_DATA_MIRROR"), msg);
        assertTrue(!Files.exists(dir.resolve("cache/x.csv")), "no partial file left in the cache");
    }
}
