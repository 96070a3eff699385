package dev.xbar.cluster;

import dev.xbar.models.study.Study;
import dev.xbar.models.study.TrialId;
import dev.xbar.models.study.TrialResult;

/**
 * Checks a result that arrived from the cluster against the trial it claims to be, before it may reach {@code
 * trials.csv}: it must be stored under its own id, be a trial of the study, carry the seed the study gives that trial,
 * and hold an accuracy in [0, 1], a non-negative pulse count and finite, non-negative seconds.
 */
final class ResultCheck {
    private ResultCheck() {}

    /**
     * What is wrong with a result, if anything.
     *
     * @param study the study the coordinator runs
     * @param key the map key it was stored under
     * @param result the stored value
     * @return null when it is acceptable, else the reason
     */
    static String problem(final Study study, final TrialId key, final TrialResult result) {
        if (result == null) {
            return "no value";
        }
        if (!result.id().equals(key)) {
            return "stored under " + key + " but names " + result.id();
        }
        if (key.point() >= study.points().size() || key.trial() >= study.chips()) {
            return "the study has " + study.points().size() + " points of " + study.chips() + " trials";
        }
        final long seed = study.trialSeed(key);
        if (result.seed() != seed) {
            return "seed " + result.seed() + " is not the trial's seed " + seed;
        }
        if (!(result.accuracy() >= 0 && result.accuracy() <= 1)) {
            return "accuracy " + result.accuracy() + " is not in [0, 1]";
        }
        if (result.pulses() < 0) {
            return "pulses " + result.pulses() + " is negative";
        }
        if (!(result.seconds() >= 0 && Double.isFinite(result.seconds()))) {
            return "seconds " + result.seconds() + " is not a finite, non-negative number";
        }
        return null;
    }
}
