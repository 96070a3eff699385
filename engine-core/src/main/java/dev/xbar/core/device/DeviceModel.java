package dev.xbar.core.device;

/**
 * How one device's conductance answers a programming event. Two families: the paper's gate-controlled 1T1R device
 * (RESET, then SET to a gate-voltage-defined level) and aihwkit-style pulse-step devices (each pulse moves the
 * conductance by a state-dependent step). Conductances are in microsiemens throughout.
 */
public sealed interface DeviceModel permits GateControlledDevice, StepDevice {
    /**
     * The device's mean lower conductance bound, before device-to-device spread.
     *
     * @return the lower bound in microsiemens
     */
    double gMinMicroSiemens();

    /**
     * The device's mean upper conductance bound, before device-to-device spread.
     *
     * @return the upper bound in microsiemens
     */
    double gMaxMicroSiemens();
}
