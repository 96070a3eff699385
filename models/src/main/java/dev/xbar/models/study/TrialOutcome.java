package dev.xbar.models.study;

/**
 * What a trial function measures on one chip.
 *
 * @param accuracy test accuracy, a fraction in [0, 1]
 * @param pulses programming pulses applied to the chip (SET plus RESET)
 */
public record TrialOutcome(double accuracy, long pulses) {

    /** Checks the ranges. */
    public TrialOutcome {
        if (!(accuracy >= 0 && accuracy <= 1)) {
            throw new IllegalArgumentException("accuracy = " + accuracy + " is not a fraction in [0, 1]");
        }
        if (pulses < 0) {
            throw new IllegalArgumentException("pulses = " + pulses + " must not be negative");
        }
    }
}
