package dev.xbar.models.study;

import java.io.Serializable;

/**
 * Runs one trial: a pure function of its {@link Trial} (the study, the point's chip spec, the trial id and seed).
 * Implementations must be thread-safe (runners call one instance from many threads) and {@link Serializable}
 * (cluster runners ship them to other members); heavy state such as datasets or software-trained weights belongs in
 * transient or static caches that are rebuilt on first use.
 */
@FunctionalInterface
public interface TrialFunction extends Serializable {

    /**
     * Runs the trial.
     *
     * @param trial the trial
     * @return what it measured
     */
    TrialOutcome run(Trial trial);

    /**
     * Loads what the trials of a study share (a dataset, software-trained weights) before the first trial, so that
     * user errors such as a missing dataset surface once, unwrapped. Runners call it once per run (cluster members:
     * once per task), so implementations cache. The default does nothing.
     *
     * @param study the study about to run
     */
    default void prepare(final Study study) {}

    /**
     * Identifies the data the trials read, so that a cluster member whose data differ from the coordinator's refuses
     * to run trials instead of reporting results of other data. Called after {@link #prepare}.
     *
     * @return the SHA-256 (hex) of the data's identity, or the empty string for trials that read no data
     */
    default String dataSha256() {
        return "";
    }

    /**
     * The training and test set sizes each trial uses, for the summary's provenance.
     *
     * @param study the study
     * @return {training, test} samples, or null for trials that read no data
     */
    default int[] setSizes(final Study study) {
        return null;
    }

    /**
     * Checks that every trial of a study can run (its chips hold the network, its data has the images asked for),
     * so that a study that cannot succeed is refused before any trial runs or any file is written. The default
     * accepts every study.
     *
     * @param study the study
     * @throws IllegalArgumentException naming the grid point or setting that cannot run
     */
    default void check(final Study study) {}

    /**
     * Runs one trial of a study and times it: the one path from a trial id to its result that every runner uses.
     *
     * @param study the study
     * @param id the trial
     * @return the result
     */
    default TrialResult execute(final Study study, final TrialId id) {
        final long seed = study.trialSeed(id);
        final long start = System.nanoTime();
        final TrialOutcome outcome = run(new Trial(study, study.point(id.point()), id, seed));
        final double seconds = (System.nanoTime() - start) * 1e-9;
        return new TrialResult(
                id.point(),
                id.trial(),
                seed,
                outcome.accuracy(),
                outcome.pulses(),
                seconds,
                outcome.stepAccuracy(),
                outcome.ageAccuracy(),
                outcome.counts());
    }
}
