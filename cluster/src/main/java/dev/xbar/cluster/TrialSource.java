package dev.xbar.cluster;

import dev.xbar.models.study.Study;
import dev.xbar.models.study.TrialFunction;

/**
 * How a member turns a study into the code that runs its trials: chosen by the member's own process (its model table,
 * its data folder), never by the task that arrives over the wire.
 */
@FunctionalInterface
public interface TrialSource {
    /** The key of a member's source in its Hazelcast user context. */
    String KEY = "xbar.trial-source";

    /**
     * The trial function of a study.
     *
     * @param study the study a task names
     * @return its trial function
     * @throws IllegalArgumentException when this member cannot run the study's model
     */
    TrialFunction forStudy(Study study);
}
