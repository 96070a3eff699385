package dev.xbar.core.chip;

/**
 * Event counts of one chip, so energy and latency can be estimated from pulse counts. Pulses count as issued, also
 * to stuck devices (the driver still spends them).
 *
 * @param setPulses SET pulses of the two-pulse scheme
 * @param resetPulses RESET pulses
 * @param stepPulses pulses applied to step devices
 * @param reads conductance read-backs, one per device read
 * @param vmms input vectors applied (forward or transposed), one per batch row
 */
public record ProgrammingStats(long setPulses, long resetPulses, long stepPulses, long reads, long vmms) {}
