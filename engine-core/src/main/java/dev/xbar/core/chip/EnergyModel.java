package dev.xbar.core.chip;

import dev.xbar.core.Check;

/**
 * What each counted chip event costs in energy and time, for the estimate {@link EnergyEstimate} makes from a chip's
 * {@link ProgrammingStats}. The model is linear in the counts: a pulse or conversion costs the same whatever the
 * device's state, which is what a designer's first budget needs and what counts alone can give (the energy of a cell
 * is V^2 G t, taken at a typical conductance). Times are the serial sum, with the parallelism the array has: a VMM
 * vector drives all its rows at once and converts all its outputs at once (one ADC per line), while pulses and
 * read-backs go one device after another, which makes their times upper bounds.
 *
 * @param setPulseJoules energy of one SET pulse (cell and its transistor)
 * @param setPulseSeconds duration of one SET pulse
 * @param resetPulseJoules energy of one RESET pulse
 * @param resetPulseSeconds duration of one RESET pulse
 * @param stepPulseJoules energy of one pulse to a step device
 * @param stepPulseSeconds duration of one pulse to a step device
 * @param readJoulesPerDevice energy one device dissipates during one read pulse (a VMM vector or a read-back)
 * @param readPulseSeconds duration of one read pulse
 * @param dacJoulesPerConversion energy of one input DAC conversion (one driven line for one vector)
 * @param adcJoulesPerConversion energy of one ADC conversion (one output line for one vector, or one device read back)
 * @param adcSecondsPerConversion duration of one ADC conversion
 */
public record EnergyModel(
        double setPulseJoules,
        double setPulseSeconds,
        double resetPulseJoules,
        double resetPulseSeconds,
        double stepPulseJoules,
        double stepPulseSeconds,
        double readJoulesPerDevice,
        double readPulseSeconds,
        double dacJoulesPerConversion,
        double adcJoulesPerConversion,
        double adcSecondsPerConversion) {

    /** SET: 2.5 V on the column (paper-spec 1.2). */
    static final double SET_VOLTS = 2.5;
    /** SET: the 2017 driver's slow batch mode, about 5 ms (paper-spec 1.2 and open question 9). */
    static final double SET_SECONDS = 5e-3;
    /** RESET: 1.7 V on the row, gate at 5 V (paper-spec 1.2). */
    static final double RESET_VOLTS = 1.7;
    /** RESET: the driver's fast mode at setting 1000, about 4.3 us (paper-spec 1.2). */
    static final double RESET_SECONDS = 4.3e-6;
    /** Read: the 0.2 V read and input peak (paper-spec 1.1). */
    static final double READ_VOLTS = 0.2;
    /** Read: the VMM pulse at setting 1000, 4.28 us (paper-spec 1.1). */
    static final double READ_SECONDS = 4.28e-6;
    /** The conductance of one unit of weight, 100 uS (paper-spec 2), taken as the typical device. */
    static final double TYPICAL_SIEMENS = 100e-6;
    /** Assumed Walden figure of merit of the ADC, joules per conversion step. */
    static final double ADC_JOULES_PER_STEP = 100e-15;
    /** The authors' 16-bit ADC (paper-spec 1.1). */
    static final int ADC_BITS = 16;
    /** Assumed energy of one input DAC conversion. */
    static final double DAC_JOULES = 1e-12;
    /** The ADC convert delay setting 1010 on the scale where 1000 is 4.28 us (paper-spec 1.1). */
    static final double ADC_SECONDS = 4.28e-6 * 1010 / 1000;

    /** Validates every field: energies in [0, 1] J, durations in [0, 1] s. */
    public EnergyModel {
        Check.range("setPulseJoules", setPulseJoules, 0, 1);
        Check.range("setPulseSeconds", setPulseSeconds, 0, 1);
        Check.range("resetPulseJoules", resetPulseJoules, 0, 1);
        Check.range("resetPulseSeconds", resetPulseSeconds, 0, 1);
        Check.range("stepPulseJoules", stepPulseJoules, 0, 1);
        Check.range("stepPulseSeconds", stepPulseSeconds, 0, 1);
        Check.range("readJoulesPerDevice", readJoulesPerDevice, 0, 1);
        Check.range("readPulseSeconds", readPulseSeconds, 0, 1);
        Check.range("dacJoulesPerConversion", dacJoulesPerConversion, 0, 1);
        Check.range("adcJoulesPerConversion", adcJoulesPerConversion, 0, 1);
        Check.range("adcSecondsPerConversion", adcSecondsPerConversion, 0, 1);
    }

    /**
     * The authors' measurement system as paper-spec.md describes it: each pulse costs V^2 G t with the typical 100 uS
     * device, at the driver's voltages and pulse widths (SET 2.5 V for 5 ms, RESET 1.7 V for 4.3 us, read 0.2 V for
     * 4.28 us); a step pulse is taken to be a RESET-like fast pulse; DAC and ADC energies are assumptions (no figure
     * for the lab converters is published): 1 pJ per DAC conversion, 100 fJ per step of a 16-bit ADC. Each constant's
     * source: {@link PresetSources}.
     *
     * @return the model
     */
    public static EnergyModel dpe2018() {
        final double reset = cellJoules(RESET_VOLTS, RESET_SECONDS);
        return new EnergyModel(
                cellJoules(SET_VOLTS, SET_SECONDS),
                SET_SECONDS,
                reset,
                RESET_SECONDS,
                reset,
                RESET_SECONDS,
                cellJoules(READ_VOLTS, READ_SECONDS),
                READ_SECONDS,
                DAC_JOULES,
                ADC_JOULES_PER_STEP * (1 << ADC_BITS),
                ADC_SECONDS);
    }

    /** V I t = V^2 G t for the typical device. */
    private static double cellJoules(final double volts, final double seconds) {
        return volts * volts * TYPICAL_SIEMENS * seconds;
    }
}
