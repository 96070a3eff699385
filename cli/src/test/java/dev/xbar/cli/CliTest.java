package dev.xbar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void versionNamesTheBuildAndTheJvm() {
        Run r = run("--version");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("xbar "), r.out());
        assertTrue(r.out().contains("JVM " + Runtime.version().feature()), r.out());
    }

    @Test
    void infoOnAFolderWithoutDataSaysWhatIsMissingAndFails(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("train-labels-idx1-ubyte"), "not mnist");
        Run r = run("datasets", "info", "--no-fetch", "--data", dir.toString());
        assertEquals(1, r.code());
        assertTrue(r.out().contains("train-images-idx3-ubyte    missing"), r.out());
        assertTrue(r.out().contains("train-labels-idx1-ubyte    failed"), r.out());
        assertTrue(r.out().contains("xbar datasets fetch"), r.out());
    }

    @Test
    void anUnknownOptionIsNamed() {
        Run r = run("datasets", "info", "--frobnicate");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Unknown option: '--frobnicate'"), r.err());
    }

    @Test
    void trainAndYieldShareOneVocabularyWithUnitsDefaultsAndExamples() {
        Run train = run("train", "--help");
        Run yield = run("yield", "--help");
        for (Run r : new Run[] {train, yield}) {
            assertEquals(0, r.code());
            for (String option : new String[] {"--model", "--mode", "--train-samples", "--test-samples", "--seed"}) {
                assertTrue(r.out().contains(option), option + " in\n" + r.out());
            }
            assertTrue(r.out().contains("Examples:"), r.out());
            assertTrue(r.out().contains("Default: insitu"), r.out());
            assertFalse(r.out().contains("-images"), "the old spelling is hidden:\n" + r.out());
            assertFalse(r.out().contains("--software"), "the old spelling is hidden:\n" + r.out());
        }
        assertTrue(yield.out().contains("write_noise    device.writeNoiseMicroSiemens (\u00b5S)"), yield.out());
        assertTrue(
                yield.out().contains("stuck          faults.stuckRandomFraction (fraction of devices)"), yield.out());
    }

    @Test
    void trainRefusesExSituWithAPointerToYield() {
        Run r = run("train", "--mode", "exsitu", "--data", "/nonexistent-xbar-data");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("xbar: --mode exsitu: train takes insitu or software"), r.err());
    }

    @Test
    void completionScriptCoversTheCommands() {
        Run r = run("generate-completion");
        assertEquals(0, r.code(), r.err());
        assertTrue(
                r.out().contains("complete -F _complete_xbar"),
                r.out().lines().limit(5).toList().toString());
        assertTrue(r.out().contains("exsitu") && r.out().contains("convlstm"), "mode and model values complete");
    }
}
