package dev.xbar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    private static CliRun run(final String... args) {
        return CliRun.of(args);
    }

    @Test
    void versionNamesTheBuildAndTheJvm() {
        CliRun r = run("--version");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("xbar "), r.out());
        assertTrue(r.out().contains("JVM " + Runtime.version().feature()), r.out());
    }

    @Test
    void infoOnAFolderWithoutDataSaysWhatIsMissingAndFails(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("train-labels-idx1-ubyte"), "not mnist");
        CliRun r = run("datasets", "info", "--no-fetch", "--data", dir.toString());
        assertEquals(1, r.code());
        assertTrue(r.out().contains("train-images-idx3-ubyte    missing"), r.out());
        assertTrue(r.out().contains("train-labels-idx1-ubyte    failed"), r.out());
        assertTrue(r.out().contains("xbar datasets fetch"), r.out());
    }

    @Test
    void anUnknownOptionIsNamed() {
        CliRun r = run("datasets", "info", "--frobnicate");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Unknown option: '--frobnicate'"), r.err());
    }

    @Test
    void trainAndYieldShareOneVocabularyWithUnitsDefaultsAndExamples() {
        CliRun train = run("train", "--help");
        CliRun yield = run("yield", "--help");
        for (CliRun r : new CliRun[] {train, yield}) {
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
        CliRun r = run("train", "--mode", "exsitu", "--data", "/nonexistent-xbar-data");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("xbar: --mode exsitu: train takes insitu or software"), r.err());
    }

    /**
     * A command line builds only the subcommand it names; the top-level usage, help on a command, completion and a
     * mistyped command get every one.
     */
    @Test
    void aCommandLineBuildsTheSubcommandItNamesOrAll() {
        final Set<String> all = Main.commandLine().getSubcommands().keySet();
        assertEquals(10, all.size(), all.toString());
        for (final String name : all) {
            final Set<String> built =
                    Main.commandLine("--debug", name, "--help").getSubcommands().keySet();
            if (name.equals("help") || name.equals("generate-completion")) {
                assertEquals(all, built, name);
            } else {
                assertEquals(Set.of(name), built, name);
            }
        }
        assertEquals(all, Main.commandLine("--help").getSubcommands().keySet());
        assertEquals(all, Main.commandLine("trian").getSubcommands().keySet());
        CliRun top = run("--help");
        assertEquals(0, top.code());
        for (final String name : new String[] {"datasets", "train", "evaluate", "summarize", "spec", "yield"}) {
            assertTrue(top.out().contains("\n  " + name + " "), name + " in\n" + top.out());
        }
        CliRun typo = run("trian");
        assertEquals(2, typo.code());
        assertTrue(typo.err().contains("train"), typo.err());
        CliRun help = run("help", "train");
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().contains("--epochs"), help.out());
    }

    @Test
    void completionScriptCoversTheCommands() {
        CliRun r = run("generate-completion");
        assertEquals(0, r.code(), r.err());
        assertTrue(
                r.out().contains("complete -F _complete_xbar"),
                r.out().lines().limit(5).toList().toString());
        assertTrue(r.out().contains("exsitu") && r.out().contains("convlstm"), "mode and model values complete");
    }
}
