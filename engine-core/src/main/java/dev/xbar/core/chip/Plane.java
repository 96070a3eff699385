package dev.xbar.core.chip;

/**
 * The per-device state planes of a chip, each {@code rows * rowStride} floats (see {@link ChipLayout}). Planes that a
 * device family does not use stay zero.
 */
public enum Plane {
    /** Present conductance, microsiemens. */
    CONDUCTANCE,
    /** Last gate voltage of the two-pulse scheme (unquantised, as the authors' software keeps it), volts. */
    GATE_VOLTAGE,
    /** Fault code, see {@link FaultCode}. */
    FAULT,
    /** Gate device: slope of f(Vg), microsiemens per volt. */
    SLOPE,
    /** Gate device: offset f(0), microsiemens. */
    OFFSET,
    /** Lower conductance bound, microsiemens. */
    G_MIN,
    /** Upper conductance bound, microsiemens. */
    G_MAX,
    /** Step device: up step size, microsiemens. */
    STEP_UP,
    /** Step device: down step size, microsiemens. */
    STEP_DOWN,
    /** Drift exponent nu. */
    DRIFT_NU;

    private static final Plane[] VALUES = values();

    /**
     * All planes, in file and memory order (no copy: do not modify).
     *
     * @return the planes
     */
    static Plane[] all() {
        return VALUES;
    }
}
