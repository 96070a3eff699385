package dev.xbar.models.study;

import java.util.List;

/**
 * What a trial function measures on one chip.
 *
 * @param accuracy test accuracy, a fraction in [0, 1]
 * @param pulses programming pulses applied to the chip (SET plus RESET)
 * @param stepAccuracy for networks, the test accuracy after each time step (one value for feed-forward networks,
 *     one per frame for the ConvLSTM); empty for trials without a network
 * @param ageAccuracy the test accuracy at each of the study's ages ({@link Study#ages()}), in their order; empty
 *     without ages
 * @param counts the chip's events for the energy estimate, or null for trials without a network
 */
public record TrialOutcome(
        double accuracy, long pulses, List<Double> stepAccuracy, List<Double> ageAccuracy, TrialCounts counts) {
    /**
     * An outcome without counts.
     *
     * @param accuracy test accuracy
     * @param pulses programming pulses
     * @param stepAccuracy the accuracy after each time step
     * @param ageAccuracy the accuracy at each age
     */
    public TrialOutcome(
            final double accuracy, final long pulses, final List<Double> stepAccuracy, final List<Double> ageAccuracy) {
        this(accuracy, pulses, stepAccuracy, ageAccuracy, null);
    }

    /**
     * An outcome tested only when programming ended.
     *
     * @param accuracy test accuracy
     * @param pulses programming pulses
     * @param stepAccuracy the accuracy after each time step
     */
    public TrialOutcome(final double accuracy, final long pulses, final List<Double> stepAccuracy) {
        this(accuracy, pulses, stepAccuracy, List.of());
    }

    /**
     * An outcome without per-step accuracies.
     *
     * @param accuracy test accuracy
     * @param pulses programming pulses
     */
    public TrialOutcome(final double accuracy, final long pulses) {
        this(accuracy, pulses, List.of());
    }

    /** Checks the ranges and copies the steps. */
    public TrialOutcome {
        stepAccuracy = List.copyOf(stepAccuracy);
        ageAccuracy = List.copyOf(ageAccuracy);
        if (!(accuracy >= 0 && accuracy <= 1)) {
            throw new IllegalArgumentException("accuracy = " + accuracy + " is not a fraction in [0, 1]");
        }
        if (pulses < 0) {
            throw new IllegalArgumentException("pulses = " + pulses + " must not be negative");
        }
    }
}
