package dev.xbar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.datasets.MnistFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every provenance field of a training run's summary.json, and that summarize never pools different runs. */
class ProvenanceTest {

    private static Map<String, Object> summary(final Path folder) throws Exception {
        return JSON.std.mapFrom(Files.readString(folder.resolve(RunReport.SUMMARY)));
    }

    private static CliRun tinyRun(final Path folder, final String... more) {
        final List<String> args = new java.util.ArrayList<>(List.of(
                "train",
                "--train-samples",
                "200",
                "--test-samples",
                "100",
                "--epochs",
                "1",
                "--threads",
                "1",
                "--out",
                folder.toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void aRunSummaryNamesItsProgramCommandTimesDataSpecSchemeAndInitialisation(@TempDir final Path dir)
            throws Exception {
        final Path spec = dir.resolve("my chip.json");
        Files.writeString(spec, "{\"preset\": \"nmi2019\", \"variability\": {\"slopeSpread\": 0}}");
        final Path folder = dir.resolve("run");
        final Instant before = Instant.now().minusMillis(1);
        final CliRun r = tinyRun(folder, "--spec", spec.toString(), "--init", "random", "--seed", "7");
        assertEquals(0, r.code(), r.err());
        final Map<String, Object> s = summary(folder);

        assertEquals("xbar-run-2", s.get("format"));
        assertTrue(s.get("xbar_version") instanceof String v && !v.isEmpty(), "xbar_version");
        assertTrue(
                s.get("git_commit") instanceof String c && (c.equals("unknown") || c.matches("[0-9a-f]{40}(-dirty)?")),
                "git_commit " + s.get("git_commit"));
        assertEquals(
                "xbar train --train-samples 200 --test-samples 100 --epochs 1 --threads 1 --out " + folder + " --spec '"
                        + spec + "' --init random --seed 7",
                s.get("command_line"));
        final Instant started = Instant.parse((String) s.get("started_at"));
        final Instant finished = Instant.parse((String) s.get("finished_at"));
        assertTrue(((String) s.get("started_at")).endsWith("Z"), "UTC");
        assertTrue(!started.isBefore(before) && !finished.isBefore(started), started + " " + finished);
        assertEquals(200, s.get("train_set_size"));
        assertEquals(100, s.get("test_set_size"));
        final Map<?, ?> mnist = (Map<?, ?>) ((Map<?, ?>) s.get("datasets")).get("mnist");
        for (final MnistFile f : MnistFile.values()) {
            assertEquals(f.sha256(), mnist.get(f.fileName()), f.fileName());
        }
        assertEquals("nmi2019", s.get("base_preset"));
        assertEquals(spec.toString(), s.get("spec_file"));
        assertTrue(s.containsKey("device_override"), "device_override is written, null here");
        assertNull(s.get("device_override"));
        final ChipSpec used = ChipSpec.load(spec);
        assertEquals(SpecSource.sha256(used), s.get("spec_sha256"));
        assertFalse(SpecSource.sha256(used).equals(SpecSource.sha256(ChipSpec.preset("nmi2019"))));
        assertEquals(
                Map.of("name", "two-pulse", "volts_per_unit_weight", 1.5, "initial_gate_volts", 1.6),
                s.get("update_scheme"));
        assertEquals("random", s.get("init"));
        assertEquals("random", s.get("init_used"));
        assertEquals(7, s.get("seed"));
    }

    @Test
    void everySummaryFieldIsEitherConfigurationOrOutput(@TempDir final Path dir) throws Exception {
        final Set<String> both = new HashSet<>(RunReport.CONFIG_FIELDS);
        both.retainAll(RunReport.OUTPUT_FIELDS);
        assertEquals(Set.of(), both);
        final Path folder = dir.resolve("run");
        assertEquals(0, tinyRun(folder, "--device", "linear-step").code());
        for (final String key : summary(folder).keySet()) {
            assertTrue(
                    RunReport.CONFIG_FIELDS.contains(key) || RunReport.OUTPUT_FIELDS.contains(key),
                    key + " must be listed as a configuration or an output field of summary.json");
        }
        assertEquals("linear-step", summary(folder).get("device_override"));
        assertEquals("auto", summary(folder).get("init"));
        assertEquals("random", summary(folder).get("init_used"), "auto draws random weights on step devices");
    }

    /** Copies of one real summary that differ in one field each: summarize pools only the seed copy. */
    @Test
    void summarizePoolsOnlyRunsThatDifferInTheSeed(@TempDir final Path dir) throws Exception {
        final Path base = dir.resolve("base");
        assertEquals(0, tinyRun(base).code());
        final String text = Files.readString(base.resolve(RunReport.SUMMARY));
        final Path seed = copy(dir, "seed", text.replace("\"seed\" : 1,", "\"seed\" : 2,"));
        final Path tests = copy(dir, "tests", text.replace("\"test_set_size\" : 100,", "\"test_set_size\" : 1000,"));
        final Path device = copy(
                dir, "device", text.replace("\"writeNoiseMicroSiemens\" : 8.0", "\"writeNoiseMicroSiemens\" : 4.0"));
        final Path spec = copy(dir, "spec", text.replace("\"spec_file\" : null", "\"spec_file\" : \"other.json\""));
        for (final Path p : List.of(seed, tests, device, spec)) {
            assertFalse(Files.readString(p.resolve(RunReport.SUMMARY)).equals(text), p + " differs from the base");
        }
        final String[] args = {
            "summarize", base.toString(), seed.toString(), tests.toString(), device.toString(), spec.toString()
        };
        final CliRun md = CliRun.of(args);
        assertEquals(0, md.code(), md.err());
        final List<String> rows =
                md.out().lines().filter(l -> l.startsWith("| cnn")).toList();
        assertEquals(4, rows.size(), md.out());
        assertEquals(1, rows.stream().filter(l -> l.contains("| 2 | 1 2 |")).count(), md.out());
        assertTrue(
                md.out().contains("fields that differ between rows: chip_spec_sha256, spec_file, test_set_size"),
                md.out());

        final CliRun csv = CliRun.of(concat("--csv", args));
        assertEquals(0, csv.code(), csv.err());
        final List<String> lines = csv.out().lines().toList();
        assertEquals(5, lines.size(), csv.out());
        assertTrue(
                lines.getFirst().startsWith("model,mode,chip,chip_spec_sha256,test_set_size,runs,seeds"),
                lines.getFirst());

        final CliRun json = CliRun.of(concat("--json", args));
        assertEquals(0, json.code(), json.err());
        final List<?> groups = JSON.std.listFrom(json.out());
        assertEquals(4, groups.size());
        for (final Object g : groups) {
            final Map<?, ?> config = (Map<?, ?>) ((Map<?, ?>) g).get("config");
            assertFalse(config.containsKey("seed"), "the seed is not part of a configuration");
            assertTrue(config.containsKey("test_set_size"));
        }
    }

    private static String[] concat(final String first, final String[] rest) {
        final String[] all = new String[rest.length + 1];
        all[0] = "summarize";
        all[1] = first;
        System.arraycopy(rest, 1, all, 2, rest.length - 1);
        return all;
    }

    private static Path copy(final Path dir, final String name, final String text) throws Exception {
        final Path folder = Files.createDirectories(dir.resolve(name));
        Files.writeString(folder.resolve(RunReport.SUMMARY), text);
        return folder;
    }
}
