package dev.xbar.models.train;

import dev.xbar.core.chip.ProgrammingStats;
import java.util.List;

/**
 * What one epoch did.
 *
 * @param epoch the epoch, from 0
 * @param testAccuracy fraction of the test set classified correctly after the epoch (at the last time step)
 * @param meanTrainLoss training loss per sample over the epoch
 * @param trainAccuracy fraction of training samples classified correctly (each before its batch's update)
 * @param stats the chip's event counts so far (all zero in software)
 * @param testAccuracyPerStep the test accuracy read at each time step, i.e. after 1, 2, ... frames (one value, equal
 *     to testAccuracy, for feed-forward networks)
 */
public record EpochMetrics(
        int epoch,
        double testAccuracy,
        double meanTrainLoss,
        double trainAccuracy,
        ProgrammingStats stats,
        List<Double> testAccuracyPerStep) {
    /** Copies the list. */
    public EpochMetrics {
        testAccuracyPerStep = List.copyOf(testAccuracyPerStep);
    }
}
