package dev.facecal.study.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.FacecalException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A child process's lines streamed in order, and a failure that names the command and its last lines. */
class LauncherCommandTest {

    @Test
    void everyLineOfStdoutAndStderrArrivesInOrder(@TempDir Path dir) {
        List<String> lines = new ArrayList<>();
        LauncherCommand.run(List.of("bash", "-c", "echo one; echo two >&2; pwd"), dir, lines::add);
        assertEquals(List.of("one", "two", dir.toString()), lines);
    }

    @Test
    void aFailureNamesTheCommandItsStatusAndItsLastLines(@TempDir Path dir) {
        List<String> lines = new ArrayList<>();
        FacecalException e = assertThrows(FacecalException.class, () -> LauncherCommand.run(List.of("bash", "-c",
                "for i in $(seq 1 30); do echo line $i; done; echo 'it broke' >&2; exit 3"), dir, lines::add));
        assertEquals(31, lines.size(), "every line was streamed before the failure");
        String m = e.getMessage();
        assertTrue(m.startsWith("bash -c for i in"), m);
        assertTrue(m.contains("(exit status 3)"), m);
        assertTrue(m.endsWith("line 30\nit broke"), m);
        assertTrue(m.contains("\nline 12\n"), "the last " + LauncherCommand.TAIL_LINES + " lines: " + m);
        assertFalse(m.contains("line 11\n"), "only the last " + LauncherCommand.TAIL_LINES + " lines: " + m);
    }

    @Test
    void aCommandThatCannotStartIsNamed(@TempDir Path dir) {
        FacecalException e = assertThrows(FacecalException.class,
                () -> LauncherCommand.run(List.of(dir.resolve("no-such-program").toString()), dir, l -> { }));
        assertTrue(e.getMessage().startsWith("cannot start " + dir.resolve("no-such-program")), e.getMessage());
    }
}
