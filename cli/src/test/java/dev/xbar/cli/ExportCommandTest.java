package dev.xbar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code xbar export} end to end: a short run and a small study exported, then read by the Python example
 * (examples/python/load_run.py, NumPy only) when python3 with NumPy is installed; skipped, saying so, otherwise.
 */
class ExportCommandTest {

    private static CliRun run(final String... args) {
        return CliRun.of(args);
    }

    @Test
    void pythonReadsWhatExportWrote(@TempDir Path dir) throws Exception {
        Path runFolder = dir.resolve("run");
        CliRun train = run(
                "train",
                "--train-samples",
                "300",
                "--test-samples",
                "100",
                "--epochs",
                "1",
                "--threads",
                "1",
                "--out",
                runFolder.toString());
        assertEquals(0, train.code(), train.err());
        CliRun export = run("export", runFolder.toString());
        assertEquals(0, export.code(), export.err());
        assertTrue(Files.size(runFolder.resolve("run.npz")) > 100_000, "chip planes, weights and metrics");

        CliRun again = run("export", runFolder.toString());
        assertEquals(1, again.code(), "an existing export is not overwritten");
        assertTrue(again.err().contains("run.npz exists; pass --force"), again.err());

        Path studyFolder = dir.resolve("study");
        CliRun study = run(
                "yield",
                "--model",
                "devices",
                "--chips",
                "4",
                "--sweep",
                "stuck=0,0.2",
                "--threads",
                "1",
                "--out",
                studyFolder.toString());
        assertEquals(0, study.code(), study.err());
        CliRun exportStudy = run("export", studyFolder.toString());
        assertEquals(0, exportStudy.code(), exportStudy.err());

        assumeTrue(
                pythonWithNumpy(),
                "python3 with NumPy is not installed: skipping examples/python/load_run.py (the export itself ran)");
        Path script = Path.of("..", "examples", "python", "load_run.py")
                .toAbsolutePath()
                .normalize();
        Process p = new ProcessBuilder("python3", script.toString(), runFolder.toString(), studyFolder.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "load_run.py finished");
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("run: cnn, in situ on nmi2019"), output);
        assertTrue(output.contains("study: devices"), output);
        assertTrue(output.strip().endsWith("ok"), output);
    }

    @Test
    void aFolderThatIsNeitherARunNorAStudyIsNamed(@TempDir Path dir) {
        CliRun r = run("export", dir.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("has neither summary.json (a finished run) nor study.json"), r.err());
    }

    private static boolean pythonWithNumpy() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException | InterruptedException e) {
            return false;
        }
    }
}
