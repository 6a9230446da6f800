package dev.facecal.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecal.notebook.NotebookRunner.Result;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user meets when the environment is not as it should be: each case ends with a message that says what to do
 * and an exit status, never a hang (every command runs under a deadline here, and an overrun fails the test).
 */
class EnvironmentBadInputIT {

    private static final Path ROOT = NotebookRunner.projectRoot();

    private static Result run(List<String> cmd, Map<String, String> env, Duration deadline) {
        return NotebookRunner.exec(cmd, ROOT, env, deadline);
    }

    @Test
    void labRefusesAPortInUseBeforeInstallingOrBuildingAnything() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Result r = run(List.of("./facecal", "lab", "--port", Integer.toString(port)), Map.of(), Duration.ofSeconds(60));
            assertEquals(2, r.exitCode(), r.output());
            assertTrue(r.output().contains("port " + port + " on 127.0.0.1 is in use"), r.output());
            assertTrue(r.output().contains("--port N"), "says what to do: " + r.output());
            assertFalse(r.output().contains("setup:") || r.output().contains("building"), r.output());
        }
        Result bad = run(List.of("./facecal", "lab", "--port", "http"), Map.of(), Duration.ofSeconds(60));
        assertEquals(2, bad.exitCode(), bad.output());
        assertTrue(bad.output().contains("--port must be a number from 1 to 65535, got 'http'"), bad.output());
    }

    @Test
    void setupFailsFastWithOneMessageWhenPipReachesNoIndex(@TempDir Path tmp) {
        Map<String, String> env = new HashMap<>();
        env.put("FACECAL_VENV", tmp.resolve("venv").toString());
        env.put("PIP_CONFIG_FILE", "/dev/null");                   // no pip.conf index or wheelhouse
        env.put("PIP_INDEX_URL", "http://127.0.0.1:1/simple");     // nothing listens there
        env.put("PIP_FIND_LINKS", " ");
        env.put("PIP_EXTRA_INDEX_URL", " ");
        Result r = run(List.of("bash", "environment/setup.sh", "--for", "run", "--tools-only"), env,
                Duration.ofMinutes(3));
        assertEquals(3, r.exitCode(), r.output());
        assertTrue(r.output().contains("pip could not install environment/requirements.txt"), r.output());
        assertTrue(r.output().contains("PIP_INDEX_URL"), "names the setting to fix: " + r.output());
    }

    @Test
    void setupWithoutRootSaysWhatToInstallInsteadOfInstalling(@TempDir Path tmp) throws IOException {
        // a Python that cannot make virtual environments stands for a machine without python3-venv
        List<String> cmd = new ArrayList<>();
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            cmd.addAll(List.of("runuser", "-u", "nobody", "--"));
        }
        cmd.addAll(List.of("env", "FACECAL_PYTHON=/bin/false", "FACECAL_VENV=" + tmp.resolve("venv"), "HOME=" + tmp,
                "bash", ROOT.resolve("environment/setup.sh").toString(), "--for", "run", "--tools-only"));
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Result r = run(cmd, Map.of(), Duration.ofSeconds(60));
        assertEquals(3, r.exitCode(), r.output());
        assertTrue(r.output().contains("install the package 'python3-venv' (Debian/Ubuntu: sudo apt-get install python3-venv)"),
                r.output());
        assertTrue(r.output().contains("FACECAL_PYTHON=/bin/false has none"), r.output());
        assertTrue(r.output().contains("not root, so setup installed nothing"), r.output());
        assertFalse(Files.exists(tmp.resolve("venv")), "nothing created");
    }

    @Test
    void aKernelThatNeverStartsIsReportedInSecondsNotWaitedFor(@TempDir Path tmp) throws IOException {
        String marker = "600.4242";   // the dead kernel's argv, to find leftovers
        Path spec = Files.createDirectories(tmp.resolve("data/kernels/dead"));
        Files.writeString(spec.resolve("kernel.json"), "{\"argv\": [\"sleep\", \"" + marker + "\", \"{connection_file}\"],"
                + " \"display_name\": \"never starts\", \"language\": \"java\"}");
        Map<String, String> env = Map.of("JUPYTER_DATA_DIR", tmp.resolve("data").toString());
        String python = NotebookRunner.requirePython().toString();

        Result check = run(List.of(python, "environment/check-kernel.py", "--kernel", "dead", "--startup-timeout", "10"),
                env, Duration.ofSeconds(90));
        assertEquals(1, check.exitCode(), check.output());
        assertTrue(check.output().contains("FAIL start: the kernel did not answer in 10 s"), check.output());
        assertTrue(check.output().contains("rerun environment/setup.sh"), check.output());

        Path nb = ROOT.resolve("src/test/resources/notebooks/smoke.ipynb");
        Result notebooks = run(List.of(python, "environment/run-notebooks.py", "--kernel", "dead", "--out",
                tmp.resolve("out").toString(), "--startup-timeout", "5", "--start-tries", "2", nb.toString()), env,
                Duration.ofSeconds(120));
        assertEquals(1, notebooks.exitCode(), notebooks.output());
        assertTrue(notebooks.output().contains("the kernel did not start in 2 attempts"), notebooks.output());

        Result missing = run(List.of(python, "environment/check-kernel.py", "--kernel", "no-such-kernel"), env,
                Duration.ofSeconds(60));
        assertEquals(2, missing.exitCode(), missing.output());
        assertTrue(missing.output().contains("no Jupyter kernel named 'no-such-kernel': run environment/setup.sh"),
                missing.output());
        assertFalse(ProcessHandle.allProcesses().anyMatch(p -> p.info().arguments()
                .map(a -> List.of(a).contains(marker)).orElse(false)), "a dead kernel process was left running");
    }
}
