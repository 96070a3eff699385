package dev.xbar.core.chip;

import java.io.Serializable;

/**
 * Event counts of one chip, so energy and latency can be estimated from them ({@link EnergyEstimate}). Pulses count
 * as issued, also to stuck devices (the driver still spends them). A VMM counts its input vectors, and per vector the
 * devices of its window (each carries a read current), its driven inputs (one DAC conversion each) and its outputs
 * (one ADC conversion each). Serializable, so trial results that carry counts cross a cluster.
 *
 * @param setPulses SET pulses of the two-pulse scheme
 * @param resetPulses RESET pulses
 * @param stepPulses pulses applied to step devices
 * @param reads conductance read-backs, one per device read
 * @param vmms input vectors applied (forward or transposed), one per batch row
 * @param vmmDevices devices in the windows of those vectors, summed over vectors
 * @param dacConversions driven inputs of those vectors (rows forward, columns transposed), summed over vectors
 * @param adcConversions outputs of those vectors (columns forward, rows transposed), summed over vectors
 */
public record ProgrammingStats(
        long setPulses,
        long resetPulses,
        long stepPulses,
        long reads,
        long vmms,
        long vmmDevices,
        long dacConversions,
        long adcConversions)
        implements Serializable {
    /** No events. */
    public static final ProgrammingStats NONE = new ProgrammingStats(0, 0, 0, 0, 0, 0, 0, 0);

    /**
     * These events repeated.
     *
     * @param n how many times
     * @return each count times {@code n}
     */
    public ProgrammingStats times(final long n) {
        return new ProgrammingStats(
                setPulses * n,
                resetPulses * n,
                stepPulses * n,
                reads * n,
                vmms * n,
                vmmDevices * n,
                dacConversions * n,
                adcConversions * n);
    }

    /**
     * These events and another chip's, e.g. to average the counts of several trials.
     *
     * @param other the other events
     * @return this plus {@code other}, count by count
     */
    public ProgrammingStats plus(final ProgrammingStats other) {
        return new ProgrammingStats(
                setPulses + other.setPulses,
                resetPulses + other.resetPulses,
                stepPulses + other.stepPulses,
                reads + other.reads,
                vmms + other.vmms,
                vmmDevices + other.vmmDevices,
                dacConversions + other.dacConversions,
                adcConversions + other.adcConversions);
    }

    /**
     * The events between an earlier snapshot and this one.
     *
     * @param earlier a snapshot of the same chip taken before this one
     * @return this minus {@code earlier}, count by count
     */
    public ProgrammingStats minus(final ProgrammingStats earlier) {
        return new ProgrammingStats(
                setPulses - earlier.setPulses,
                resetPulses - earlier.resetPulses,
                stepPulses - earlier.stepPulses,
                reads - earlier.reads,
                vmms - earlier.vmms,
                vmmDevices - earlier.vmmDevices,
                dacConversions - earlier.dacConversions,
                adcConversions - earlier.adcConversions);
    }
}
