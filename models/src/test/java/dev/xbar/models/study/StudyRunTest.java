package dev.xbar.models.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyRunTest {
    private static final StudyRun.Progress QUIET = (done, total) -> {};

    private static Collection<TrialResult> runAll(final Study study, final int threads) {
        final List<TrialResult> results = new ArrayList<>();
        new LocalRunner(threads)
                .run(
                        study,
                        new WorkingDevicesTrial(),
                        StudyRun.pending(study, Shard.ALL, java.util.Map.of()),
                        results::add);
        return results;
    }

    @Test
    void oneAndTwoThreadsGiveTheSameTrials() {
        final Study study = Studies.small();
        final Collection<TrialResult> one = runAll(study, 1);
        final Collection<TrialResult> two = runAll(study, 2);
        assertEquals(study.trialCount(), one.size());
        assertTrue(Studies.sameOutcomes(one, two));
        assertTrue(Studies.sameOutcomes(one, runAll(study, 3)));
    }

    @Test
    void theDeviceYieldMatchesItsClosedForm() {
        final Study study = Studies.devices(12, 7, "stuck=0,0.1,0.3");
        final StudySummary summary = StudySummary.of(study, runAll(study, 2), 0.5);
        for (final PointSummary p : summary.points()) {
            final double stuck = p.values().getFirst();
            final double expected = (1 - stuck) * 59.0 / 64.0;
            final double sdOfMean = Math.sqrt(stuck * (1 - stuck) / (128 * 59)) * 59.0 / 64.0 / Math.sqrt(12);
            assertEquals(expected, p.mean(), 4 * sdOfMean + 1e-12, "stuck " + stuck);
            assertTrue(p.p5() <= p.p50() && p.p50() <= p.p95());
        }
        assertEquals(0, summary.points().getFirst().sd(), "no stuck devices: every chip has the same dead columns");
    }

    @Test
    void theSummaryUsesType7PercentilesSampleSdAndAnInclusiveThreshold() {
        final Study study = Studies.devices(10, 1);
        final List<TrialResult> results = new ArrayList<>();
        for (int t = 0; t < 10; t++) {
            results.add(new TrialResult(0, t, study.trialSeed(new TrialId(0, t)), (t + 1) / 10.0, 2 * t, 1));
        }
        final PointSummary p = StudySummary.of(study, results, 0.9).points().getFirst();
        assertEquals(10, p.trials());
        assertEquals(0.55, p.mean(), 1e-12);
        assertEquals(Math.sqrt(0.825 / 9), p.sd(), 1e-12, "squared deviations sum to 2 (0.05^2 + ... + 0.45^2)");
        assertEquals(0.145, p.p5(), 1e-12);
        assertEquals(0.55, p.p50(), 1e-12);
        assertEquals(0.955, p.p95(), 1e-12);
        assertEquals(0.2, p.yield(), 1e-12);
        assertEquals(9, p.meanPulses(), 1e-12);
    }

    @Test
    void aStudyKilledPartWayResumesToExactlyTheUninterruptedTrials(@TempDir final Path dir) throws Exception {
        final Study study = Studies.small();
        final StudySummary reference = StudyRun.run(
                StudyFolder.open(dir.resolve("reference"), study),
                new WorkingDevicesTrial(),
                new LocalRunner(2),
                Shard.ALL,
                0.9,
                QUIET);
        final Path folder = dir.resolve("killed");
        final AtomicInteger budget = new AtomicInteger(7);
        final TrialFunction dies = trial -> {
            if (budget.getAndDecrement() <= 0) {
                throw new IllegalStateException("killed");
            }
            return new WorkingDevicesTrial().run(trial);
        };
        assertThrows(
                TrialFailedException.class,
                () -> StudyRun.run(StudyFolder.open(folder, study), dies, new LocalRunner(2), Shard.ALL, 0.9, QUIET));
        final Path csv = folder.resolve(StudyFolder.TRIALS_FILE);
        final int finished = Files.readAllLines(csv).size() - 1;
        assertTrue(finished > 0 && finished <= 7, finished + " trials finished");
        Files.writeString(csv, "3,4,12", StandardCharsets.US_ASCII, StandardOpenOption.APPEND);

        final List<String> seen = new ArrayList<>();
        final StudySummary resumed = StudyRun.run(
                StudyFolder.open(folder, study),
                new WorkingDevicesTrial(),
                new LocalRunner(2),
                Shard.ALL,
                0.9,
                (done, total) -> seen.add(done + "/" + total));
        assertEquals(finished + "/20", seen.getFirst());
        assertEquals("20/20", seen.getLast());
        assertEquals(reference.points(), withoutTimes(resumed.points(), reference.points()));
        final List<String> lines = Files.readAllLines(csv);
        assertEquals(21, lines.size());
        assertTrue(Files.readString(csv).endsWith("\n"));
        assertTrue(Studies.sameOutcomes(
                StudyFolder.open(folder, study).readTrials().values(),
                StudyFolder.open(dir.resolve("reference"), study).readTrials().values()));
    }

    /** The resumed summary with the reference's timings, so that only the trial outcomes are compared. */
    private static List<PointSummary> withoutTimes(final List<PointSummary> points, final List<PointSummary> timed) {
        final List<PointSummary> list = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            final PointSummary p = points.get(i);
            list.add(new PointSummary(
                    p.point(),
                    p.values(),
                    p.trials(),
                    p.mean(),
                    p.sd(),
                    p.p5(),
                    p.p50(),
                    p.p95(),
                    p.yield(),
                    p.meanPulses(),
                    timed.get(i).meanSeconds()));
        }
        return list;
    }

    @Test
    void stepAccuraciesRoundTripAndFilesWithoutTheStepColumnStillRead(@TempDir final Path dir) throws Exception {
        final TrialResult steps = new TrialResult(0, 1, 7, 0.875, 12, 1.5, List.of(0.25, 0.5, 0.875));
        final String line = steps.toCsvLine();
        assertTrue(line.endsWith(",0.25;0.5;0.875\n"), line);
        assertEquals(steps, TrialResult.parseCsv(line.strip()));
        final TrialResult none = TrialResult.parseCsv("0,1,7,0.875,12,1.5");
        assertEquals(List.of(), none.stepAccuracy());
        assertEquals(
                "step_accuracy = 1.5 is out of range [0, 1]",
                assertThrows(IllegalArgumentException.class, () -> TrialResult.parseCsv("0,1,7,0.875,12,1.5,0.5;1.5"))
                        .getMessage());

        final Study study = Studies.small();
        final Path csv = dir.resolve("trials.csv");
        final TrialResult a = new WorkingDevicesTrial().execute(study, new TrialId(0, 0));
        final String old = a.toCsvLine().substring(0, a.toCsvLine().lastIndexOf(',')) + "\n";
        Files.writeString(csv, TrialResult.CSV_HEADER_WITHOUT_STEPS + "\n" + old);
        try (TrialsFile file = TrialsFile.open(csv, study)) {
            assertTrue(file.results().get(a.id()).sameOutcome(a));
        }
    }

    @Test
    void aTornLastLineIsCutOffAndABadLineInTheMiddleIsAnError(@TempDir final Path dir) throws Exception {
        final Study study = Studies.small();
        final Path csv = dir.resolve("trials.csv");
        final TrialResult a = new WorkingDevicesTrial().execute(study, new TrialId(0, 0));
        final TrialResult b = new WorkingDevicesTrial().execute(study, new TrialId(1, 2));
        Files.writeString(csv, header(study) + line(study, a) + "1,2,");
        try (TrialsFile file = TrialsFile.open(csv, study)) {
            assertEquals(List.of(a.id()), List.copyOf(file.results().keySet()));
            file.append(b);
        }
        assertEquals(header(study) + line(study, a) + line(study, b), Files.readString(csv));

        Files.writeString(csv, header(study) + "1,2\n" + line(study, a));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrialsFile.open(csv, study));
        assertTrue(e.getMessage().startsWith(csv + " line 2: '1,2' has 2 fields, expected 12"), e.getMessage());

        Files.writeString(csv, header(study) + line(study, a).replace("," + a.seed() + ",", ",5,"));
        e = assertThrows(IllegalArgumentException.class, () -> TrialsFile.open(csv, study));
        assertTrue(e.getMessage().contains("line 2: seed 5"), e.getMessage());

        Files.writeString(csv, "poi");
        try (TrialsFile file = TrialsFile.open(csv, study)) {
            assertTrue(file.results().isEmpty());
        }
        assertEquals(header(study), Files.readString(csv));
    }

    @Test
    void oneWriterAtATimeAndEveryValueChecked(@TempDir final Path dir) throws Exception {
        final Study study = Studies.small();
        final Path csv = dir.resolve("trials.csv");
        final TrialResult a = new WorkingDevicesTrial().execute(study, new TrialId(0, 0));
        try (TrialsFile first = TrialsFile.open(csv, study)) {
            first.append(a);
            final IllegalStateException busy =
                    assertThrows(IllegalStateException.class, () -> TrialsFile.open(csv, study));
            assertTrue(busy.getMessage().contains("in use by another xbar command"), busy.getMessage());
        }
        try (TrialsFile again = TrialsFile.open(csv, study)) {
            assertEquals(List.of(a.id()), List.copyOf(again.results().keySet()));
        }

        final String header = header(study);
        Files.writeString(csv, header + line(study, a) + line(study, a));
        assertEquals(1, TrialsFile.read(csv, study).size(), "an identical repeat is read once");
        final String other = line(study, a).replace("," + a.accuracy() + ",", ",0.125,");
        Files.writeString(csv, header + other + line(study, a));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrialsFile.read(csv, study));
        assertTrue(e.getMessage().contains("line 3: ") && e.getMessage().contains("already on line 2"), e.getMessage());
        for (final String bad : List.of("NaN", "7.5", "-0.5")) {
            Files.writeString(csv, header + line(study, a).replace("," + a.accuracy() + ",", "," + bad + ","));
            e = assertThrows(IllegalArgumentException.class, () -> TrialsFile.read(csv, study));
            assertTrue(e.getMessage().contains("accuracy = "), e.getMessage());
        }
    }

    @Test
    void theTrialsFileNamesEverySweptValueAndAnOlderFileIsReadAndUpgraded(@TempDir final Path dir) throws Exception {
        final Study study = Studies.small();
        assertEquals(
                "point,trial,seed,accuracy,pulses,seconds,step_accuracy,stuck,write_noise,counts,test_pass_counts,test_samples",
                TrialsFile.header(study));
        final Path csv = dir.resolve("trials.csv");
        final TrialResult a = new WorkingDevicesTrial().execute(study, new TrialId(3, 1));
        try (TrialsFile file = TrialsFile.open(csv, study)) {
            file.append(a);
        }
        final String written = Files.readAllLines(csv).get(1);
        assertTrue(written.endsWith(",0.1,8.0,,,"), "point 3 is stuck=0.1, write_noise=8: " + written);

        Files.writeString(csv, TrialResult.CSV_HEADER + "\n" + a.toCsvLine());
        assertEquals(List.of(a.id()), List.copyOf(TrialsFile.read(csv, study).keySet()), "the old format reads");
        try (TrialsFile file = TrialsFile.open(csv, study)) {
            assertEquals(1, file.results().size());
        }
        assertEquals(header(study) + line(study, a), Files.readString(csv), "opening for appending upgrades it");

        final String withoutSteps = a.toCsvLine().substring(0, a.toCsvLine().lastIndexOf(','));
        Files.writeString(csv, TrialResult.CSV_HEADER_WITHOUT_STEPS + "\n" + withoutSteps + "\n");
        assertEquals(
                List.of(a.id()),
                List.copyOf(TrialsFile.read(csv, study).keySet()),
                "the oldest format (no step accuracies, no swept values) reads");

        Files.writeString(csv, header(study) + line(study, a).replace(",0.1,8.0", ",0.1,4.0"));
        final IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> TrialsFile.read(csv, study));
        assertTrue(e.getMessage().contains("write_noise = 4.0 is not point 3's value 8.0"), e.getMessage());
    }

    private static String header(final Study study) {
        return TrialsFile.header(study) + "\n";
    }

    /**
     * A result's line in a study's trials file: its CSV fields, then its point's swept values, then its counts (empty:
     * these tests write results without counts).
     */
    private static String line(final Study study, final TrialResult r) {
        final StringBuilder b = new StringBuilder(r.toCsvLine().strip());
        for (final double v : study.point(r.point()).values()) {
            b.append(',').append(v);
        }
        return b.append(",,,\n").toString();
    }

    @Test
    void aChangedStudyInTheSameFolderIsRefusedNamingWhatChanged(@TempDir final Path dir) {
        StudyFolder.open(dir, Studies.small());
        final IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> StudyFolder.open(dir, Studies.devices(6, 42, "stuck=0,0.1", "write_noise=4,8")));
        assertTrue(
                e.getMessage().contains("holds a different study: chips (5 vs 6) (study.json vs now)"), e.getMessage());
        assertTrue(e.getMessage().contains("use another --out folder"), e.getMessage());
        StudyFolder.open(dir, Studies.small());
    }

    @Test
    void shardsMergeIntoTheWholeStudyAndMixedStudiesAreRefused(@TempDir final Path dir) {
        final Study study = Studies.small();
        final List<Path> shards = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            final Path shard = dir.resolve("shard" + i);
            final StudySummary s = StudyRun.run(
                    StudyFolder.open(shard, study),
                    new WorkingDevicesTrial(),
                    new LocalRunner(1),
                    new Shard(i, 3),
                    0.9,
                    QUIET);
            assertFalse(s.complete());
            shards.add(shard);
        }
        final StudyFolder merged = StudyFolder.merge(shards, dir.resolve("merged"));
        assertTrue(Studies.sameOutcomes(merged.readTrials().values(), runAll(study, 2)));
        StudyFolder.merge(shards, dir.resolve("merged"));
        assertEquals(study.trialCount(), merged.readTrials().size());

        final Path other = dir.resolve("other");
        StudyFolder.open(other, Studies.devices(5, 43, "stuck=0,0.1", "write_noise=4,8"));
        final IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> StudyFolder.merge(List.of(shards.get(0), other), dir.resolve("mixed")));
        assertTrue(e.getMessage().startsWith("cannot merge different studies: " + other), e.getMessage());
        assertTrue(e.getMessage().contains("seed (42 vs 43)"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("mixed")));
        final IllegalArgumentException none =
                assertThrows(IllegalArgumentException.class, () -> StudyFolder.merge(List.of(dir), dir.resolve("x")));
        assertTrue(none.getMessage().contains("is not a yield study folder"), none.getMessage());
    }

    @Test
    void aFailingTrialIsNamedAndStopsTheRun() {
        final Study study = Studies.small();
        final List<TrialResult> got = new ArrayList<>();
        final TrialFunction broken = trial -> {
            if (trial.id().equals(new TrialId(1, 1))) {
                throw new ArithmeticException("boom");
            }
            return new TrialOutcome(0.5, 1);
        };
        final TrialFailedException e = assertThrows(
                TrialFailedException.class,
                () -> new LocalRunner(1)
                        .run(study, broken, StudyRun.pending(study, Shard.ALL, java.util.Map.of()), got::add));
        assertTrue(e.getMessage().startsWith("trial 1 of point 1 failed: java.lang.ArithmeticException: boom"));
        assertEquals(6, got.size(), "one thread stops at the failing trial, the 7th");
    }
}
