package dev.xbar.models.train;

import dev.xbar.core.chip.ProgrammingStats;
import java.util.List;

/**
 * The metrics of a whole run (including epochs done before a resume).
 *
 * @param epochs per epoch, in order
 * @param batches per batch, in order
 * @param stats the chip's final event counts (all zero in software)
 * @param testPass the chip's events during the last test pass this process ran (all zero in software or when none
 *     ran): every pass over the test set takes the same events, so it divided by the test samples is one inference
 */
public record TrainingResult(
        List<EpochMetrics> epochs, List<BatchMetrics> batches, ProgrammingStats stats, ProgrammingStats testPass) {
    /** Copies the lists. */
    public TrainingResult {
        epochs = List.copyOf(epochs);
        batches = List.copyOf(batches);
    }

    /**
     * The events of training alone: the run's counts less its test passes (one per epoch, each taking the same
     * events).
     *
     * @return the counts
     */
    public ProgrammingStats trainingStats() {
        return stats.minus(testPass.times(epochs.size()));
    }

    /**
     * The test accuracy after the last epoch.
     *
     * @return a fraction
     */
    public double finalTestAccuracy() {
        return epochs.getLast().testAccuracy();
    }

    /**
     * The test accuracy at each time step after the last epoch.
     *
     * @return fractions, after 1, 2, ... frames (one value for feed-forward networks)
     */
    public List<Double> finalTestAccuracyPerStep() {
        return epochs.getLast().testAccuracyPerStep();
    }
}
