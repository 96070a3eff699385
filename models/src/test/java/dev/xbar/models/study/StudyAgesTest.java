package dev.xbar.models.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.kernel.Programming;
import dev.xbar.datasets.ImageDataset;
import dev.xbar.models.train.Ages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Yield studies that test their chips at several ages after programming ({@code xbar yield --age}). */
class StudyAgesTest {
    private static final Ages AGES = Ages.parse("--age", "0,1h,1d,1y");

    private static Study cnn(final TrialMode mode, final List<Sweep> sweeps, final Ages ages) {
        return new Study(
                        "cnn",
                        mode,
                        "nmi2019",
                        ChipSpec.preset("nmi2019"),
                        sweeps,
                        2,
                        7,
                        new Study.Training(1, 300, 200),
                        mode == TrialMode.EXSITU ? new Programming.WriteVerify(20, 5) : Programming.OPEN_LOOP)
                .withAges(ages);
    }

    @Test
    void agesArePartOfTheStudyAndAStudyWithoutThemKeepsItsHash() {
        final Study plain = cnn(TrialMode.EXSITU, List.of(), Ages.NONE);
        final Study old = new Study(
                "cnn",
                TrialMode.EXSITU,
                "nmi2019",
                ChipSpec.preset("nmi2019"),
                List.of(),
                2,
                7,
                new Study.Training(1, 300, 200),
                new Programming.WriteVerify(20, 5));
        assertEquals(old.hash(), plain.hash());
        assertFalse(plain.canonicalJson().contains("ages"));
        final Study aged = cnn(TrialMode.EXSITU, List.of(), AGES);
        assertNotEquals(plain.hash(), aged.hash());
        final Study back = Study.fromJson(aged.canonicalJson(), "test");
        assertEquals(aged.hash(), back.hash());
        assertEquals(AGES, back.ages());
        final IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Studies.devices(2, 1).withAges(AGES));
        assertTrue(e.getMessage().contains("no network"), e.getMessage());
        final IllegalArgumentException bad = assertThrows(
                IllegalArgumentException.class,
                () -> Study.fromJson(aged.canonicalJson().replace("\"1d\"", "\"1 day\""), "study.json"));
        assertTrue(bad.getMessage().startsWith("study.json: ages '1 day' is not an age"), bad.getMessage());
    }

    @Test
    void perAgeColumnsRoundTripThroughTheTrialsFileAndTheSummary(@TempDir final Path dir) throws Exception {
        final Study study = cnn(TrialMode.EXSITU, List.of(Sweep.parse("stuck=0,0.1")), AGES);
        final List<TrialResult> written = new ArrayList<>();
        final Path file = dir.resolve("trials.csv");
        try (TrialsFile trials = TrialsFile.open(file, study)) {
            for (int p = 0; p < 2; p++) {
                for (int t = 0; t < 2; t++) {
                    final double a = 0.9 - 0.1 * p - 0.05 * t;
                    final TrialResult r = new TrialResult(
                            p,
                            t,
                            study.trialSeed(new TrialId(p, t)),
                            a,
                            100,
                            1.5,
                            List.of(a),
                            List.of(a, a - 0.1, a - 0.2, a - 0.3));
                    trials.append(r);
                    written.add(r);
                }
            }
            final TrialResult wrong =
                    new TrialResult(0, 0, study.trialSeed(new TrialId(0, 0)), 0.5, 1, 1, List.of(0.5), List.of(0.5));
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trials.append(wrong));
            assertTrue(e.getMessage().contains("already holds"), e.getMessage());
        }
        final List<String> lines = Files.readAllLines(file);
        assertEquals(
                "point,trial,seed,accuracy,pulses,seconds,step_accuracy,"
                        + "accuracy_at_0,accuracy_at_1h,accuracy_at_1d,accuracy_at_1y,stuck,counts,test_pass_counts,test_samples",
                lines.getFirst());
        assertTrue(
                lines.get(1).endsWith(",0.9,0.9," + (0.9 - 0.1) + "," + (0.9 - 0.2) + "," + (0.9 - 0.3) + ",0.0,,,"),
                lines.get(1));
        final Map<TrialId, TrialResult> read = TrialsFile.read(file, study);
        assertTrue(Studies.sameOutcomes(written, read.values()));
        assertEquals(
                written.getLast().ageAccuracy(), read.get(new TrialId(1, 1)).ageAccuracy());

        final StudySummary summary = StudySummary.of(study, read.values(), 0.78);
        final PointSummary point = summary.points().get(1);
        assertEquals(4, point.ages().size());
        final PointSummary.AgeSummary hour = point.ages().get(1);
        assertEquals("1h", hour.age());
        assertEquals(3600, hour.seconds());
        assertEquals(((0.8 - 0.1) + (0.75 - 0.1)) / 2, hour.mean(), 1e-12);
        assertEquals(0.5, point.ages().get(0).yield(), "of 0.8 and 0.75 at age 0, one is >= 0.78");
        assertEquals(0.0, hour.yield());
        assertTrue(summary.toJson().contains("\"at_ages\""));

        final TrialResult fewer =
                new TrialResult(0, 1, study.trialSeed(new TrialId(0, 1)), 0.5, 1, 1, List.of(0.5), List.of(0.5, 0.5));
        Files.delete(file);
        try (TrialsFile trials = TrialsFile.open(file, study)) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trials.append(fewer));
            assertTrue(e.getMessage().contains("2 accuracies at ages, the study 4 ages"), e.getMessage());
        }
    }

    @Test
    void aStudyFolderRefusesChangedAgesNamingThem(@TempDir final Path dir) {
        StudyFolder.open(dir, cnn(TrialMode.EXSITU, List.of(), AGES));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> StudyFolder.open(dir, cnn(TrialMode.EXSITU, List.of(), Ages.parse("--age", "0,1h"))));
        assertTrue(
                e.getMessage().contains("holds a different study: ages ([0, 1h, 1d, 1y] vs [0, 1h])"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> StudyFolder.open(dir, cnn(TrialMode.EXSITU, List.of(), Ages.NONE)));
        assertTrue(e.getMessage().contains("ages ([0, 1h, 1d, 1y] vs null)"), e.getMessage());
    }

    /**
     * Ex situ trials (write-verify) on a tiny study swept through drift (nu x its device spread): without drift every
     * age gives the chip's accuracy at age 0 (the same read-noise draws, no change); with drift the mean falls with age;
     * the ages change nothing of the test at the end of programming.
     */
    @Test
    void agesTestEachChipFromTheSameStateAndADriftSweepChangesResults() {
        final List<Sweep> drift =
                List.of(Sweep.parse("variability.driftNu=0,0.05"), Sweep.parse("variability.driftNuSpread=0,0.02"));
        final Study study = cnn(TrialMode.EXSITU, drift, AGES);
        final List<TrialResult> results = new ArrayList<>();
        new LocalRunner(2)
                .run(
                        study,
                        new NetworkTrial(ImageDataset.MNIST, null, true),
                        StudyRun.pending(study, Shard.ALL, Map.of()),
                        results::add);
        final StudySummary summary = StudySummary.of(study, results, 0.5);
        for (final TrialResult r : results) {
            assertEquals(4, r.ageAccuracy().size(), r.toString());
            if (r.point() == 0) {
                assertEquals(
                        List.of(r.ageAccuracy().getFirst()),
                        r.ageAccuracy().stream().distinct().toList(),
                        "no drift: " + r);
            }
        }
        final List<PointSummary.AgeSummary> drifting = summary.points().get(3).ages();
        for (int a = 1; a < drifting.size(); a++) {
            assertTrue(drifting.get(a).mean() <= drifting.get(a - 1).mean(), "non-increasing: " + drifting);
        }
        final double still = summary.points().get(0).ages().getLast().mean();
        assertTrue(drifting.getLast().mean() < still - 0.15, "a year of drift: " + drifting.getLast() + " vs " + still);

        final Study plain = cnn(TrialMode.EXSITU, drift, Ages.NONE);
        final List<TrialResult> without = new ArrayList<>();
        new LocalRunner(1)
                .run(
                        plain,
                        new NetworkTrial(ImageDataset.MNIST, null, true),
                        StudyRun.pending(plain, Shard.ALL, Map.of()),
                        without::add);
        final List<TrialResult> a = Studies.sorted(results);
        final List<TrialResult> b = Studies.sorted(without);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(b.get(i).accuracy(), a.get(i).accuracy(), "the test when programming ends: " + a.get(i));
            assertEquals(b.get(i).pulses(), a.get(i).pulses());
        }
    }
}
