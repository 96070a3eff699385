package dev.xbar.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.xbar.datasets.ImageDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The train command end to end on a slice of real MNIST (fetched and verified like the CI does). */
class TrainCommandTest {

    private static CliRun run(final String... args) {
        return CliRun.of(args);
    }

    @Test
    void aShortInSituRunWritesEveryFileAndResumingItChangesNothing(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("run");
        CliRun r = run(
                "train",
                "--train-samples",
                "600",
                "--test-samples",
                "200",
                "--epochs",
                "2",
                "--threads",
                "1",
                "--out",
                folder.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("training cnn (1015 weights) in situ on a nmi2019 chip"), r.out());
        for (String file : List.of(
                "summary.json", "metrics.csv", "accuracy.png", "chip.png", "chip-initial.bin", "chip-final.bin")) {
            assertTrue(Files.size(folder.resolve(file)) > 0, file);
        }
        Map<String, Object> summary = JSON.std.mapFrom(Files.readString(folder.resolve("summary.json")));
        assertEquals("cnn", summary.get("model"));
        assertEquals("nmi2019", summary.get("preset"));
        assertEquals(1015, summary.get("weights"));
        assertEquals(4060, summary.get("devices"));
        List<?> perEpoch = (List<?>) summary.get("test_accuracy");
        assertEquals(2, perEpoch.size());
        assertEquals(perEpoch.get(1), summary.get("final_test_accuracy"));
        Map<?, ?> programming = (Map<?, ?>) summary.get("programming");
        assertTrue(((Number) programming.get("set")).longValue() > 0, programming.toString());
        List<String> csv = Files.readAllLines(folder.resolve("metrics.csv"));
        assertEquals(1 + 2 * 6 + 2, csv.size(), "header, 6 batches per epoch, one line per epoch");
        assertEnergyIsCountsTimesCosts(summary, 2 * 200);
        assertEquals(Provenance.datasets(ImageDataset.MNIST), summary.get("datasets"));

        CliRun again = run("train", "--resume", folder.toString(), "--threads", "2");
        assertEquals(0, again.code(), again.err());
        Map<String, Object> resumed = JSON.std.mapFrom(Files.readString(folder.resolve("summary.json")));
        assertEquals(summary.get("test_accuracy"), resumed.get("test_accuracy"));
        assertEquals(summary.get("programming"), resumed.get("programming"));
    }

    @Test
    void programVerifyWritesTheInitialWeightsWithWriteVerifyAndTheSummarySaysSo(@TempDir Path dir) throws Exception {
        List<String> common =
                List.of("train", "--train-samples", "200", "--test-samples", "100", "--epochs", "1", "--threads", "1");
        Path open = dir.resolve("open");
        List<String> openArgs = new ArrayList<>(common);
        openArgs.addAll(List.of("--out", open.toString()));
        assertEquals(0, run(openArgs.toArray(String[]::new)).code());
        Path verify = dir.resolve("verify");
        List<String> verifyArgs = new ArrayList<>(common);
        verifyArgs.addAll(List.of("--program", "verify", "--verify-tolerance", "4", "--out", verify.toString()));
        CliRun r = run(verifyArgs.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertFalse(Arrays.equals(
                Files.readAllBytes(open.resolve("chip-initial.bin")),
                Files.readAllBytes(verify.resolve("chip-initial.bin"))));
        Map<String, Object> summary = JSON.std.mapFrom(Files.readString(verify.resolve("summary.json")));
        assertEquals(Map.of("iterations", 20, "tolerance_micro_siemens", 4.0), summary.get("program"));
        Map<?, ?> verified = (Map<?, ?>) summary.get("programming");
        Map<?, ?> plain = (Map<?, ?>)
                JSON.std.mapFrom(Files.readString(open.resolve("summary.json"))).get("programming");
        assertTrue(
                ((Number) verified.get("reads")).longValue() > ((Number) plain.get("reads")).longValue(),
                verified + " vs " + plain);
        assertFalse(Files.readString(open.resolve("summary.json")).contains("\"program\""), "open loop: as before");

        CliRun software = run("train", "--mode", "software", "--program", "verify");
        assertEquals(2, software.code());
        assertTrue(software.err().contains("a software run has no chip"), software.err());
        CliRun resume = run("train", "--resume", verify.toString(), "--program", "open");
        assertEquals(2, resume.code());
        assertTrue(resume.err().contains("drop --program"), resume.err());
    }

    @Test
    void theConvLstmReportsAccuracyAfterEachFrame(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("run");
        CliRun r = run(
                "train",
                "--model",
                "convlstm",
                "--loss-steps",
                "all",
                "--train-samples",
                "300",
                "--test-samples",
                "60",
                "--epochs",
                "1",
                "--out",
                folder.toString());
        assertEquals(0, r.code(), r.err());
        Map<String, Object> summary = JSON.std.mapFrom(Files.readString(folder.resolve("summary.json")));
        assertEquals(850, summary.get("weights"));
        assertEquals("all", summary.get("loss_steps"));
        List<?> perStep = (List<?>) summary.get("test_accuracy_per_step");
        assertEquals(3, perStep.size());
        assertEquals(perStep.get(2), summary.get("final_test_accuracy"));
    }

    @Test
    void theMlpTrainsOnThe2018PapersSampleCountByDefault(@TempDir Path dir) throws Exception {
        Map<String, Object> paper = mlpSummary(dir.resolve("paper"));
        assertEquals(40_000, paper.get("train_set_size"));
        assertEquals(80_000, ((Number) paper.get("train_samples")).intValue(), "Li et al. 2018: 80,000 samples");
        Map<String, Object> all = mlpSummary(dir.resolve("all"), "--train-samples", "0");
        assertEquals(60_000, all.get("train_set_size"), "--train-samples 0 still means all");
    }

    @Test
    void theOldSoftwareSpellingTrainsInSoftwareAndRefusesAnotherMode(@TempDir Path dir) throws Exception {
        assertEquals(true, mlpSummary(dir.resolve("old")).get("software"), "--software is --mode software");
        CliRun both = run(
                "train",
                "--software",
                "--mode",
                "insitu",
                "--out",
                dir.resolve("both").toString());
        assertEquals(2, both.code(), both.err());
        assertTrue(both.err().contains("--software is the old spelling of --mode software"), both.err());
    }

    private static Map<String, Object> mlpSummary(Path folder, String... more) throws Exception {
        List<String> args =
                List.of("train", "--software", "--model", "mlp", "--test-samples", "100", "--out", folder.toString());
        CliRun r = run(with(args, more));
        assertEquals(0, r.code(), r.err());
        return JSON.std.mapFrom(Files.readString(folder.resolve("summary.json")));
    }

    @Test
    void aSecondRunNeverMixesWithTheFirstAndAFailedRunLeavesNoSummary(@TempDir Path dir) throws Exception {
        String folder = dir.resolve("run").toString();
        List<String> small = List.of(
                "train",
                "--software",
                "--model",
                "mlp",
                "--train-samples",
                "200",
                "--test-samples",
                "100",
                "--epochs",
                "1",
                "--threads",
                "1",
                "--out",
                folder);
        CliRun first = run(small.toArray(String[]::new));
        assertEquals(0, first.code(), first.err());
        Path summary = Path.of(folder, "summary.json");
        byte[] finished = Files.readAllBytes(summary);

        CliRun refused = run(with(small, "--seed", "2"));
        assertEquals(1, refused.code(), refused.err());
        assertTrue(refused.err().contains("is not empty") && refused.err().contains("--force"), refused.err());
        assertArrayEquals(finished, Files.readAllBytes(summary));

        CliRun resumed = run("train", "--resume", folder, "--threads", "1");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("nothing to resume"), resumed.out());
        assertArrayEquals(finished, Files.readAllBytes(summary), "resuming a finished run rewrote its summary");

        Files.delete(Path.of(folder, "accuracy.png"));
        Files.createDirectories(Path.of(folder, "accuracy.png", "in-the-way"));
        CliRun failed = run(with(small, "--seed", "2", "--force"));
        assertEquals(1, failed.code(), failed.err());
        assertTrue(failed.err().startsWith("xbar: ") && failed.err().contains("accuracy.png"), failed.err());
        assertFalse(Files.exists(summary), "a failed run left a summary (the first run's, or its own)");
    }

    private static String[] with(List<String> args, String... more) {
        return java.util.stream.Stream.concat(args.stream(), java.util.Arrays.stream(more))
                .toArray(String[]::new);
    }

    @Test
    void aMeasuredStepTableTrainsAPiecewiseDevice(@TempDir Path dir) throws Exception {
        Path table = dir.resolve("table.csv");
        Files.writeString(table, "up,down\n1.0,0.2\n0.6,0.6\n0.2,1.0\n");
        Path folder = dir.resolve("run");
        CliRun r = run(
                "train",
                "--device-table",
                table.toString(),
                "--train-samples",
                "200",
                "--test-samples",
                "100",
                "--epochs",
                "1",
                "--threads",
                "1",
                "--out",
                folder.toString());
        assertEquals(0, r.code(), r.err());
        String summary = Files.readString(folder.resolve("summary.json"));
        assertTrue(summary.contains("piecewise-step"), summary);
        assertTrue(summary.replace(" ", "").contains("\"up\":[1.0,0.6"), summary);

        CliRun conflict = run("train", "--device", "gate", "--device-table", table.toString());
        assertEquals(2, conflict.code(), conflict.err());
        assertTrue(conflict.err().contains("cannot be used with --device gate"), conflict.err());
        CliRun noTable = run("train", "--device", "piecewise-step");
        assertEquals(2, noTable.code(), noTable.err());
        assertTrue(noTable.err().contains("--device-table FILE.csv"), noTable.err());
        Files.writeString(table, "up,down\n1.0;0.2\n0.6,0.6\n");
        CliRun bad = run(
                "train",
                "--device-table",
                table.toString(),
                "--out",
                dir.resolve("bad").toString());
        assertEquals(1, bad.code(), bad.err());
        assertTrue(bad.err().contains(table + " line 2"), bad.err());
    }

    @Test
    void theStochasticUpdateTrainsStepDevicesAndIsRecorded(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("run");
        CliRun r = run(
                "train",
                "--device",
                "soft-bounds",
                "--update",
                "stochastic",
                "--pulse-bl",
                "20",
                "--bl-management",
                "off",
                "--train-samples",
                "200",
                "--test-samples",
                "100",
                "--epochs",
                "1",
                "--threads",
                "1",
                "--out",
                folder.toString());
        assertEquals(0, r.code(), r.err());
        String summary = Files.readString(folder.resolve("summary.json")).replaceAll("\\s", "");
        assertTrue(
                summary.contains("\"update_scheme\":{\"name\":\"stochastic\",\"desired_bl\":20,"
                        + "\"update_management\":true,\"bl_management\":false}"),
                summary);
        assertTrue(summary.contains("\"optimizer\":{\"name\":\"sgd\""), summary);
        assertUsage(run("train", "--resume", folder.toString(), "--pulse-bl", "8"), "drop --pulse-bl");
    }

    @Test
    void badUpdateOptionsAreNamed() {
        assertUsage(run("train", "--update", "stochastic"), "--update is for step devices");
        assertUsage(run("train", "--update", "rounded"), "--update is for step devices");
        assertUsage(run("train", "--device", "soft-bounds", "--update", "pulses"), "--update 'pulses' (expected");
        assertUsage(run("train", "--device", "soft-bounds", "--pulse-bl", "10"), "need --update stochastic");
        assertUsage(
                run("train", "--device", "soft-bounds", "--update", "stochastic", "--pulse-bl", "65"),
                "--pulse-bl = 65 must be in [1, 64]");
        assertUsage(
                run("train", "--device", "soft-bounds", "--update", "stochastic", "--update-management", "yes"),
                "--update-management 'yes' (expected on or off)");
        assertUsage(
                run("train", "--device", "soft-bounds", "--update", "stochastic", "--mode", "software"),
                "it is for --mode insitu");
    }

    @Test
    void theSumTaskHasTenClassesAndReportsEveryFrame(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("run");
        CliRun r = run(
                "train",
                "--model",
                "convlstm",
                "--sequence-task",
                "sum",
                "--sequence-frames",
                "4",
                "--loss-steps",
                "all",
                "--train-samples",
                "300",
                "--test-samples",
                "60",
                "--epochs",
                "1",
                "--out",
                folder.toString());
        assertEquals(0, r.code(), r.err());
        Map<String, Object> summary = JSON.std.mapFrom(Files.readString(folder.resolve("summary.json")));
        assertEquals(580 + 45 * 10, summary.get("weights"), "one dense output per class");
        Map<?, ?> task = (Map<?, ?>) summary.get("sequence_task");
        assertEquals("sum", task.get("task"));
        assertEquals(10, task.get("classes"));
        assertEquals(true, task.get("repeats"));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), task.get("digits"));
        assertEquals(4, ((List<?>) summary.get("test_accuracy_per_step")).size());
        CliRun again = run("train", "--resume", folder.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("nothing to resume"), again.out());
    }

    /**
     * The summary's energy: per operation, training plus every test pass ({@code testSamples} inferences) is the run's
     * count times the cost in the summary's own chip spec.
     */
    private static void assertEnergyIsCountsTimesCosts(Map<String, Object> summary, int testSamples) {
        Map<?, ?> counts = (Map<?, ?>) summary.get("programming");
        Map<?, ?> costs = (Map<?, ?>) ((Map<?, ?>) summary.get("chip_spec")).get("energy");
        Map<?, ?> energy = (Map<?, ?>) summary.get("energy");
        Map<?, ?> training = (Map<?, ?>) ((Map<?, ?>) energy.get("training")).get("by_operation");
        Map<?, ?> inference = (Map<?, ?>) ((Map<?, ?>) energy.get("inference")).get("by_operation");
        double readAndConvert = number(costs, "readJoulesPerDevice") + number(costs, "adcJoulesPerConversion");
        double readAndConvertTime = number(costs, "readPulseSeconds") + number(costs, "adcSecondsPerConversion");
        Map<String, double[]> expected = Map.of(
                "set",
                new double[] {
                    number(counts, "set") * number(costs, "setPulseJoules"),
                    number(counts, "set") * number(costs, "setPulseSeconds")
                },
                "reset",
                new double[] {
                    number(counts, "reset") * number(costs, "resetPulseJoules"),
                    number(counts, "reset") * number(costs, "resetPulseSeconds")
                },
                "step",
                new double[] {0, 0},
                "vmm_devices",
                new double[] {
                    number(counts, "vmm_devices") * number(costs, "readJoulesPerDevice"),
                    number(counts, "vmms") * number(costs, "readPulseSeconds")
                },
                "dac",
                new double[] {number(counts, "dac_conversions") * number(costs, "dacJoulesPerConversion"), 0},
                "adc",
                new double[] {
                    number(counts, "adc_conversions") * number(costs, "adcJoulesPerConversion"),
                    number(counts, "vmms") * number(costs, "adcSecondsPerConversion")
                },
                "readback",
                new double[] {number(counts, "reads") * readAndConvert, number(counts, "reads") * readAndConvertTime});
        assertEquals(expected.keySet(), training.keySet());
        assertTrue(number(counts, "set") > 0 && number(counts, "adc_conversions") > 0, counts.toString());
        for (Map.Entry<String, double[]> e : expected.entrySet()) {
            Map<?, ?> t = (Map<?, ?>) training.get(e.getKey());
            Map<?, ?> i = (Map<?, ?>) inference.get(e.getKey());
            double joules = number(t, "joules") + testSamples * number(i, "joules");
            double seconds = number(t, "seconds") + testSamples * number(i, "seconds");
            assertEquals(e.getValue()[0], joules, 1e-9 * e.getValue()[0] + 1e-30, e.getKey() + " joules");
            assertEquals(e.getValue()[1], seconds, 1e-9 * e.getValue()[1] + 1e-30, e.getKey() + " seconds");
        }
        assertEquals(0.0, number((Map<?, ?>) inference.get("set"), "joules"), "inference programs nothing");
    }

    private static double number(Map<?, ?> map, String key) {
        return ((Number) map.get(key)).doubleValue();
    }

    @Test
    void badDatasetOptionsAreNamed() {
        assertUsage(
                run("train", "--dataset", "cifar"),
                "--dataset 'cifar' is not a dataset (expected mnist, fashion-mnist)");
        assertUsage(
                run("train", "--model", "convlstm", "--dataset", "fashion-mnist"),
                "--dataset fashion-mnist is for --model cnn or mlp");
    }

    @Test
    void badSequenceTaskOptionsAreNamed() {
        assertUsage(run("train", "--model", "convlstm", "--sequence-task", "product"), "--sequence-task 'product'");
        assertUsage(run("train", "--model", "convlstm", "--sequence-digits", "3,x"), "--sequence-digits '3,x'");
        assertUsage(run("train", "--model", "convlstm", "--sequence-repeats", "maybe"), "--sequence-repeats");
        assertUsage(run("train", "--model", "convlstm", "--sequence-frames", "4"), "frames = 4 needs repeats");
        assertUsage(run("train", "--model", "convlstm", "--sequence-digits", "3,3"), "distinct digits");
        assertUsage(run("train", "--sequence-task", "sum"), "are for --model convlstm, not cnn");
    }

    private static void assertUsage(CliRun r, String expected) {
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void badOptionsAreNamed(@TempDir Path dir) {
        CliRun model =
                run("train", "--model", "resnet", "--out", dir.resolve("a").toString());
        assertEquals(2, model.code());
        assertTrue(model.err().contains("resnet"), model.err());
        CliRun device = run("train", "--device", "flash");
        assertEquals(2, device.code());
        assertTrue(device.err().contains("--device 'flash' is not a device family"), device.err());
        CliRun threads = run("train", "--threads", "0");
        assertEquals(2, threads.code());
        assertTrue(threads.err().contains("--threads = 0 must be in [1, 1024]"), threads.err());
        CliRun resume = run("train", "--resume", dir.resolve("nothing").toString());
        assertEquals(1, resume.code());
        assertTrue(resume.err().contains("nothing"), resume.err());
    }
}
