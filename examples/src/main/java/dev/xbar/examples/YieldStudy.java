package dev.xbar.examples;

import dev.xbar.core.chip.ChipSpec;
import dev.xbar.models.study.LocalRunner;
import dev.xbar.models.study.PointSummary;
import dev.xbar.models.study.Study;
import dev.xbar.models.study.StudySummary;
import dev.xbar.models.study.Sweep;
import dev.xbar.models.study.TrialFunction;
import dev.xbar.models.study.TrialFunctions;
import dev.xbar.models.study.TrialId;
import dev.xbar.models.study.TrialMode;
import dev.xbar.models.study.TrialResult;
import java.util.ArrayList;
import java.util.List;

/**
 * A small Monte Carlo yield study, as {@code xbar yield} runs one: the CNN trained in situ on two chips at each of
 * two stuck-device fractions (on 1000 training and 500 test images, one epoch), then the accuracy and yield per point.
 * Every trial is a pure function of the study and its id, so any thread count gives the same results.
 */
public final class YieldStudy {
    private YieldStudy() {}

    /**
     * Runs the example.
     *
     * @param args none
     */
    public static void main(final String[] args) {
        final Study study = new Study(
                "cnn",
                TrialMode.INSITU,
                "nmi2019",
                ChipSpec.preset("nmi2019"),
                List.of(Sweep.parse("stuck=0,0.2")), // faults.stuckRandomFraction
                2, // chips per point
                42, // master seed
                new Study.Training(1, 1000, 500));
        final TrialFunction trial = TrialFunctions.of(study, null, true); // MNIST from the default cache
        final List<TrialId> ids = new ArrayList<>();
        for (int i = 0; i < study.trialCount(); i++) {
            ids.add(study.trialId(i));
        }
        final List<TrialResult> results = new ArrayList<>();
        new LocalRunner(2).run(study, trial, ids, results::add); // the sink is never called concurrently

        final StudySummary summary = StudySummary.of(study, results, 0.5); // a good chip: accuracy >= 50 %
        for (final PointSummary point : summary.points()) {
            System.out.printf(
                    "stuck = %.2f: mean accuracy %.1f %%, yield %.0f %% of %d chips%n",
                    point.values().get(0), 100 * point.mean(), 100 * point.yield(), point.trials());
        }
    }
}
