package dev.xbar.models.study;

import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a set of trials somewhere (local threads, a cluster) and reports each result as it finishes. Because every
 * trial is a pure function of the study and its id ({@link TrialFunction}), a runner may run them in any order and
 * place; the results do not change.
 */
public interface TrialRunner {

    /**
     * Runs the trials and returns when all have been reported. The sink receives each given id exactly once, in no
     * particular order, and never from two threads at once. If a trial fails, the runner stops starting new ones
     * and throws; results already reported stay valid.
     *
     * @param study the study
     * @param function the trial function
     * @param ids the trials to run, distinct
     * @param sink receives the results
     */
    void run(Study study, TrialFunction function, List<TrialId> ids, Consumer<TrialResult> sink);
}
