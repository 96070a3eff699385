package dev.xbar.core.random;

/**
 * What a random stream is used for. Each purpose keys its own stream, so adding draws for one purpose never shifts
 * the numbers of another (a chip's fabrication does not change when the read-noise model gains a term).
 */
public enum Purpose {
    /** Device-to-device spread of the gate device's slope f'(Vg). */
    FABRICATION_SLOPE,
    /** Device-to-device spread of the gate device's offset f(0). */
    FABRICATION_OFFSET,
    /** Device-to-device spread of the lower conductance bound. */
    FABRICATION_G_MIN,
    /** Device-to-device spread of the upper conductance bound. */
    FABRICATION_G_MAX,
    /** Device-to-device spread of a step device's step size. */
    FABRICATION_STEP,
    /** Device-to-device spread of a step device's up/down asymmetry. */
    FABRICATION_UP_DOWN,
    /** Device-to-device spread of the drift exponent. */
    FABRICATION_DRIFT,
    /** Which devices are faulty. */
    FAULTS,
    /** What kind of fault a faulty device has, and its stuck conductance. */
    FAULT_KIND,
    /** Cycle-to-cycle noise of RESET and SET. */
    WRITE_NOISE,
    /** Per-read conductance noise (VMM and read-back). */
    READ_NOISE,
    /** Additive noise at the TIA/ADC output. */
    OUTPUT_NOISE,
    /** Cycle-to-cycle noise of each step of a pulse-step device. */
    STEP_NOISE,
    /** Row (input) pulse trains of the stochastic update. */
    PULSE_TRAIN_ROWS,
    /** Column (error) pulse trains of the stochastic update. */
    PULSE_TRAIN_COLUMNS
}
