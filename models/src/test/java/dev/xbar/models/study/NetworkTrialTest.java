package dev.xbar.models.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xbar.core.chip.ChipSpec;
import dev.xbar.datasets.ImageDataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The network trials on a few real MNIST images (fetched into the default cache if missing). */
class NetworkTrialTest {

    private static Study study(final TrialMode mode) {
        return new Study(
                "cnn",
                mode,
                "nmi2019",
                ChipSpec.preset("nmi2019"),
                List.of(Sweep.parse("stuck=0,0.3")),
                2,
                3,
                new Study.Training(1, 300, 200));
    }

    private static List<TrialResult> run(final Study study, final int threads) {
        final List<TrialResult> results = new ArrayList<>();
        new LocalRunner(threads)
                .run(
                        study,
                        new NetworkTrial(ImageDataset.MNIST, null, true),
                        StudyRun.pending(study, Shard.ALL, Map.of()),
                        results::add);
        return results;
    }

    @Test
    void inSituTrialsProgramTheChipAndRepeatForAnyThreadCount() {
        final Study study = study(TrialMode.INSITU);
        final List<TrialResult> one = run(study, 1);
        assertTrue(Studies.sameOutcomes(one, run(study, 2)));
        for (final TrialResult r : one) {
            assertTrue(r.pulses() > 0, r.toString());
        }
    }

    @Test
    void exSituTrialsShareTheSoftwareWeightsAndRepeatForAnyThreadCount() {
        final Study study = study(TrialMode.EXSITU);
        final List<TrialResult> one = run(study, 1);
        assertTrue(Studies.sameOutcomes(one, run(study, 2)));
        final List<TrialResult> sorted = Studies.sorted(one);
        assertEquals(4, sorted.size());
        for (final TrialResult r : sorted) {
            assertTrue(r.pulses() > 0, r.toString());
        }
    }
}
