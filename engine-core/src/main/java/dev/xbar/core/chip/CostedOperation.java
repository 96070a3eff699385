package dev.xbar.core.chip;

import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The chip operations an {@link EnergyEstimate} splits its totals by. Each knows which count its energy scales with
 * and what one of them costs, and which count its time scales with and how long one takes: a VMM's devices and
 * conversions cost energy per device and per line, but its time is one read pulse and one ADC conversion per vector.
 */
public enum CostedOperation {
    /** SET pulses of the two-pulse scheme. */
    SET(
            "set",
            ProgrammingStats::setPulses,
            EnergyModel::setPulseJoules,
            ProgrammingStats::setPulses,
            EnergyModel::setPulseSeconds),
    /** RESET pulses of the two-pulse scheme. */
    RESET(
            "reset",
            ProgrammingStats::resetPulses,
            EnergyModel::resetPulseJoules,
            ProgrammingStats::resetPulses,
            EnergyModel::resetPulseSeconds),
    /** Pulses to step devices. */
    STEP(
            "step",
            ProgrammingStats::stepPulses,
            EnergyModel::stepPulseJoules,
            ProgrammingStats::stepPulses,
            EnergyModel::stepPulseSeconds),
    /** The devices of every VMM vector during its read pulse; the time is one pulse per vector. */
    VMM_DEVICES(
            "vmm_devices",
            ProgrammingStats::vmmDevices,
            EnergyModel::readJoulesPerDevice,
            ProgrammingStats::vmms,
            EnergyModel::readPulseSeconds),
    /** The input DAC, one conversion per driven line and vector; it settles within the read pulse. */
    DAC("dac", ProgrammingStats::dacConversions, EnergyModel::dacJoulesPerConversion, s -> 0, m -> 0),
    /** The ADC, one conversion per output line and vector; the lines convert in parallel. */
    ADC(
            "adc",
            ProgrammingStats::adcConversions,
            EnergyModel::adcJoulesPerConversion,
            ProgrammingStats::vmms,
            EnergyModel::adcSecondsPerConversion),
    /** Conductance read-backs, one device after another: a read pulse and an ADC conversion each. */
    READBACK(
            "readback",
            ProgrammingStats::reads,
            m -> m.readJoulesPerDevice() + m.adcJoulesPerConversion(),
            ProgrammingStats::reads,
            m -> m.readPulseSeconds() + m.adcSecondsPerConversion());

    private final String id;
    private final ToLongFunction<ProgrammingStats> energyEvents;
    private final ToDoubleFunction<EnergyModel> joulesEach;
    private final ToLongFunction<ProgrammingStats> timeEvents;
    private final ToDoubleFunction<EnergyModel> secondsEach;

    CostedOperation(
            final String id,
            final ToLongFunction<ProgrammingStats> energyEvents,
            final ToDoubleFunction<EnergyModel> joulesEach,
            final ToLongFunction<ProgrammingStats> timeEvents,
            final ToDoubleFunction<EnergyModel> secondsEach) {
        this.id = id;
        this.energyEvents = energyEvents;
        this.joulesEach = joulesEach;
        this.timeEvents = timeEvents;
        this.secondsEach = secondsEach;
    }

    /**
     * The name in reports.
     *
     * @return e.g. {@code vmm_devices}
     */
    public String id() {
        return id;
    }

    /**
     * The energy of this operation's events.
     *
     * @param counts the events
     * @param model the costs
     * @return joules
     */
    public double joules(final ProgrammingStats counts, final EnergyModel model) {
        return energyEvents.applyAsLong(counts) * joulesEach.applyAsDouble(model);
    }

    /**
     * The time of this operation's events.
     *
     * @param counts the events
     * @param model the costs
     * @return seconds
     */
    public double seconds(final ProgrammingStats counts, final EnergyModel model) {
        return timeEvents.applyAsLong(counts) * secondsEach.applyAsDouble(model);
    }
}
