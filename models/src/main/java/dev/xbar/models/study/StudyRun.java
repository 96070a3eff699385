package dev.xbar.models.study;

import dev.xbar.core.io.MemoryBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs (or resumes) a study, or one shard of it, into its folder: the trials of the shard that {@code trials.csv}
 * does not hold yet go to the runner, each result is appended as it arrives, and {@code summary.json} is written at
 * the end over every trial in the folder. A run killed at any point is resumed by running it again.
 */
public final class StudyRun {

    /** Receives progress: trials of the shard finished so far (including earlier runs) and in all. */
    @FunctionalInterface
    public interface Progress {
        /**
         * Called once before the first trial and after every trial.
         *
         * @param done finished trials of the shard
         * @param total trials of the shard
         */
        void update(int done, int total);
    }

    /** Heap a trial takes while a run tracks it: its id in the pending list and its result in the file's map. */
    static final long BYTES_PER_TRIAL = 160;

    private StudyRun() {}

    /**
     * Refuses a shard whose bookkeeping would not fit in the heap, before anything is allocated or written.
     *
     * @param study the study
     * @param shard the shard
     * @throws IllegalStateException saying how much is needed
     */
    public static void checkMemory(final Study study, final Shard shard) {
        MemoryBudget.requireHeap(
                trials(study, shard) * BYTES_PER_TRIAL, "a study shard of " + trials(study, shard) + " trials");
    }

    private static long trials(final Study study, final Shard shard) {
        return (study.trialCount() - shard.index() + shard.count() - 1L) / shard.count();
    }

    /**
     * The trials of a shard that a set of finished trials lacks, in global-index order.
     *
     * @param study the study
     * @param shard the shard
     * @param finished finished trials
     * @return the pending trials
     */
    public static List<TrialId> pending(final Study study, final Shard shard, final Map<TrialId, ?> finished) {
        final List<TrialId> ids = new ArrayList<>();
        for (int g = shard.index(); g < study.trialCount(); g += shard.count()) {
            final TrialId id = study.trialId(g);
            if (!finished.containsKey(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    /**
     * Runs the shard's unfinished trials and writes the summary.
     *
     * @param folder the study folder
     * @param function the trial function
     * @param runner where the trials run
     * @param shard which trials
     * @param threshold the yield threshold for the summary
     * @param progress progress receiver
     * @return the summary over every trial in the folder
     */
    public static StudySummary run(
            final StudyFolder folder,
            final TrialFunction function,
            final TrialRunner runner,
            final Shard shard,
            final double threshold,
            final Progress progress) {
        final Study study = folder.study();
        checkMemory(study, shard);
        try (TrialsFile trials = folder.openTrials()) {
            final List<TrialId> pending = pending(study, shard, trials.results());
            final int total = (study.trialCount() - shard.index() + shard.count() - 1) / shard.count();
            final int[] done = {total - pending.size()};
            progress.update(done[0], total);
            runner.run(study, function, pending, r -> {
                trials.append(r);
                progress.update(++done[0], total);
            });
            final StudySummary summary = StudySummary.of(study, trials.results().values(), threshold);
            folder.writeSummary(summary);
            return summary;
        }
    }
}
