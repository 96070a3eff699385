package dev.xbar.models.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.CostedOperation;
import dev.xbar.core.chip.EnergyEstimate;
import dev.xbar.core.chip.EnergyModel;
import dev.xbar.core.chip.ProgrammingStats;
import dev.xbar.datasets.ImageDataset;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chip counts each trial keeps and the per-point energy the summary derives from them. */
class StudyEnergyTest {

    /** The count each operation's energy scales with, written out here so the test does not reuse the code. */
    private static final Map<CostedOperation, ToLongFunction<ProgrammingStats>> EVENTS = Map.of(
            CostedOperation.SET, ProgrammingStats::setPulses,
            CostedOperation.RESET, ProgrammingStats::resetPulses,
            CostedOperation.STEP, ProgrammingStats::stepPulses,
            CostedOperation.VMM_DEVICES, ProgrammingStats::vmmDevices,
            CostedOperation.DAC, ProgrammingStats::dacConversions,
            CostedOperation.ADC, ProgrammingStats::adcConversions,
            CostedOperation.READBACK, ProgrammingStats::reads);

    private static double joulesEach(final CostedOperation op, final EnergyModel m) {
        return switch (op) {
            case SET -> m.setPulseJoules();
            case RESET -> m.resetPulseJoules();
            case STEP -> m.stepPulseJoules();
            case VMM_DEVICES -> m.readJoulesPerDevice();
            case DAC -> m.dacJoulesPerConversion();
            case ADC -> m.adcJoulesPerConversion();
            case READBACK -> m.readJoulesPerDevice() + m.adcJoulesPerConversion();
        };
    }

    private static Study study(final TrialMode mode) {
        // the second point costs its ADC conversions ten times more: each point must use its own energy model
        return new Study(
                "cnn",
                mode,
                "nmi2019",
                ChipSpec.preset("nmi2019"),
                List.of(Sweep.parse("energy.adcJoulesPerConversion=2e-12,2e-11")),
                2,
                5,
                new Study.Training(1, 200, 100));
    }

    private static List<TrialResult> run(final Study study) {
        final List<TrialResult> results = new ArrayList<>();
        new LocalRunner(1)
                .run(
                        study,
                        new NetworkTrial(ImageDataset.MNIST, null, true),
                        StudyRun.pending(study, Shard.ALL, Map.of()),
                        results::add);
        return results;
    }

    private static void assertEnergyIsMeanCountsTimesCosts(final TrialMode mode) {
        final Study study = study(mode);
        final List<TrialResult> results = run(study);
        final StudySummary summary = StudySummary.of(study, results, 0.5);
        for (final PointSummary p : summary.points()) {
            final EnergyModel model = study.point(p.point()).spec().energy();
            final List<TrialResult> mine =
                    results.stream().filter(r -> r.point() == p.point()).toList();
            assertEquals(2, mine.size());
            for (final CostedOperation op : CostedOperation.values()) {
                double work = 0;
                double inference = 0;
                for (final TrialResult r : mine) {
                    work += EVENTS.get(op).applyAsLong(r.counts().work()) / 2.0;
                    inference += EVENTS.get(op).applyAsLong(r.counts().testPass())
                            / (2.0 * r.counts().testSamples());
                }
                final double expectedWork = work * joulesEach(op, model);
                final double expectedInference = inference * joulesEach(op, model);
                assertEquals(expectedWork, cost(p.energy().work(), op), 1e-12 * expectedWork, op.id());
                assertEquals(expectedInference, cost(p.energy().inference(), op), 1e-12 * expectedInference, op.id());
            }
            assertTrue(p.energy().inference().joules() > 0);
            assertTrue(p.energy().work().joules() > 0);
        }
        final double adc0 = cost(summary.points().get(0).energy().inference(), CostedOperation.ADC);
        final double adc1 = cost(summary.points().get(1).energy().inference(), CostedOperation.ADC);
        assertEquals(10, adc1 / adc0, 1e-9);
        final String json = summary.toJson();
        assertTrue(json.contains("\"" + mode.work() + "\""), json);
        assertTrue(json.contains("\"inference\""), json);
    }

    private static double cost(final EnergyEstimate e, final CostedOperation op) {
        return e.costs().stream()
                .filter(c -> c.operation() == op)
                .findFirst()
                .orElseThrow()
                .joules();
    }

    @Test
    void inSituEnergyIsTheMeanTrainingAndInferenceCountsTimesThePointsCosts() {
        assertEnergyIsMeanCountsTimesCosts(TrialMode.INSITU);
    }

    @Test
    void exSituEnergyIsTheMeanProgrammingAndInferenceCountsTimesThePointsCosts() {
        assertEnergyIsMeanCountsTimesCosts(TrialMode.EXSITU);
    }

    @Test
    void trialsWithoutANetworkHaveNoEnergy() {
        final Study study = Studies.devices(2, 1);
        final TrialResult r = new WorkingDevicesTrial().execute(study, new TrialId(0, 0));
        assertNull(r.counts());
        final StudySummary summary = StudySummary.of(study, List.of(r), 0.5);
        assertNull(summary.points().getFirst().energy());
        assertFalse(summary.toJson().contains("\"energy\""));
    }

    private static TrialCounts counts(final long k) {
        return new TrialCounts(
                new ProgrammingStats(k, 2 * k, 0, 3 * k, 4, 5, 6, 7),
                new ProgrammingStats(0, 0, 0, 0, 8, 9, 10, 11),
                3);
    }

    @Test
    void countsRoundTripThroughTrialsCsvAndAFileWithoutThemStillReads(@TempDir final Path dir) throws IOException {
        final Study study = Studies.devices(2, 1, "stuck=0,0.1");
        final Path csv = dir.resolve("trials.csv");
        final TrialResult a =
                new TrialResult(1, 0, study.trialSeed(new TrialId(1, 0)), 0.5, 9, 1).withCounts(counts(1));
        final TrialResult b = new TrialResult(0, 1, study.trialSeed(new TrialId(0, 1)), 0.25, 0, 1);
        try (TrialsFile file = TrialsFile.open(csv, study)) {
            file.append(a);
            file.append(b);
        }
        final List<String> lines = Files.readAllLines(csv);
        assertEquals(TrialResult.CSV_HEADER + ",stuck,counts,test_pass_counts,test_samples", lines.get(0));
        assertTrue(lines.get(1).endsWith(",0.1,1;2;0;3;4;5;6;7,0;0;0;0;8;9;10;11,3"), lines.get(1));
        assertTrue(lines.get(2).endsWith(",0.0,,,"), lines.get(2));
        final Map<TrialId, TrialResult> read = TrialsFile.read(csv, study);
        assertEquals(counts(1), read.get(a.id()).counts());
        assertNull(read.get(b.id()).counts());
        assertTrue(read.get(a.id()).sameOutcome(a));

        // the layout before the count columns: read without counts, rewritten with the empty columns on opening
        final String old = TrialResult.CSV_HEADER + ",stuck\n"
                + lines.get(1).substring(0, lines.get(1).indexOf(",0.1,") + 4) + "\n";
        Files.writeString(csv, old);
        assertNull(TrialsFile.read(csv, study).get(a.id()).counts());
        try (TrialsFile file = TrialsFile.open(csv, study)) {
            assertEquals(1, file.results().size());
        }
        assertTrue(Files.readAllLines(csv).get(1).endsWith(",0.1,,,"), Files.readString(csv));
    }

    @Test
    void aResultWithCountsCrossesJavaSerialisationAsACluster() throws Exception {
        final TrialResult r = new TrialResult(0, 1, 7, 0.5, 9, 1).withCounts(counts(2));
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(r);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(r, in.readObject());
        }
    }

    @Test
    void aDamagedCountIsRefusedByColumn() {
        final String bad = "1;2;3;4;5;6;7";
        final IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> TrialCounts.parseCsv(bad, bad + ";8", "3"));
        assertTrue(e.getMessage().contains("counts has 7 counts"), e.getMessage());
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> TrialCounts.parseCsv("1;2;3;4;5;6;7;8", "0;0;0;0;0;-1;0;0", "3"))
                .getMessage()
                .contains("test_pass_counts"));
    }
}
