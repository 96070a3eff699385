package dev.xbar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** xbar evaluate end to end: a short run on a drifting chip, tested at several ages. */
class EvaluateCommandTest {

    @Test
    void aDriftingChipLosesAccuracyWithAgeAndTheFilesAreNotOverwrittenUnasked(@TempDir final Path dir)
            throws Exception {
        final Path spec = dir.resolve("drift.json");
        Files.writeString(
                spec, "{\"preset\": \"nmi2019\", \"variability\": {\"driftNu\": 0.05, \"driftNuSpread\": 0.02}}");
        final Path run = dir.resolve("run");
        final CliRun trained = CliRun.of(
                "train",
                "--spec",
                spec.toString(),
                "--train-samples",
                "1000",
                "--test-samples",
                "300",
                "--epochs",
                "1",
                "--threads",
                "1",
                "--out",
                run.toString());
        assertEquals(0, trained.code(), trained.err());

        final CliRun r = CliRun.of("evaluate", run.toString(), "--age", "0,1h,1y", "--reads", "2", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("age 1h"), r.out());
        final Map<String, Object> json = JSON.std.mapFrom(Files.readString(run.resolve("evaluate.json")));
        final List<?> ages = (List<?>) json.get("ages");
        final double[] accuracy = new double[3];
        for (int i = 0; i < 3; i++) {
            accuracy[i] = ((Number) ((Map<?, ?>) ages.get(i)).get("accuracy")).doubleValue();
        }
        assertTrue(accuracy[0] > accuracy[1] && accuracy[1] > accuracy[2], java.util.Arrays.toString(accuracy));
        assertEquals(1 + 3 * 2, Files.readAllLines(run.resolve("evaluate.csv")).size(), "header, 3 ages x 2 passes");
        assertTrue(Files.size(run.resolve("evaluate.png")) > 0);

        final CliRun again = CliRun.of("evaluate", run.toString(), "--age", "1d");
        assertEquals(1, again.code());
        assertTrue(again.err().contains("evaluate.json exists: replace it with --force"), again.err());
        assertEquals(
                0,
                CliRun.of("evaluate", run.toString(), "--age", "1d", "--force").code());
    }

    @Test
    void badAgesAndOptionsAreNamed(@TempDir final Path dir) {
        CliRun r = CliRun.of("evaluate", dir.toString(), "--age", "1h,2parsecs");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("xbar: --age '2parsecs' is not an age"), r.err());
        r = CliRun.of("evaluate", dir.toString(), "--drift-compensation", "local");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--drift-compensation 'local' (expected none or global)"), r.err());
        r = CliRun.of("evaluate", dir.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("is not a finished run folder"), r.err());
        r = CliRun.of("yield", "--model", "devices", "--sweep", "variability.driftNu=0,0.1", "--out", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("drift acts only on an aged chip"), r.err());
        r = CliRun.of("yield", "--model", "cnn", "--program", "verify", "--out", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--program verify writes ex situ weights: it needs --mode exsitu"), r.err());
        r = CliRun.of("yield", "--mode", "exsitu", "--verify-tolerance", "3", "--out", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("need --program verify"), r.err());
    }
}
