package dev.xbar.models;

import dev.xbar.core.chip.ProgrammingStats;

/**
 * What one epoch did.
 *
 * @param epoch the epoch, from 0
 * @param testAccuracy fraction of the test set classified correctly after the epoch
 * @param meanTrainLoss training loss per sample over the epoch
 * @param trainAccuracy fraction of training samples classified correctly (each before its batch's update)
 * @param stats the chip's event counts so far (all zero in software)
 */
public record EpochMetrics(
        int epoch, double testAccuracy, double meanTrainLoss, double trainAccuracy, ProgrammingStats stats) {}
