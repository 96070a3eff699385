package dev.xbar.models.train;

/** Receives progress from a {@link Trainer} on the training thread; both methods default to doing nothing. */
public interface TrainingListener {
    /** A listener that ignores everything. */
    TrainingListener NONE = new TrainingListener() {};

    /**
     * After each mini-batch's update.
     *
     * @param metrics the batch
     */
    default void onBatch(BatchMetrics metrics) {}

    /**
     * After each epoch's test pass (and checkpoint, when one is written).
     *
     * @param metrics the epoch
     */
    default void onEpoch(EpochMetrics metrics) {}
}
