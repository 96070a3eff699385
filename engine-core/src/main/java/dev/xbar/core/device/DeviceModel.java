package dev.xbar.core.device;

import java.util.Map;

/**
 * How one device's conductance answers a programming event. Two families: the paper's gate-controlled 1T1R device
 * (RESET, then SET to a gate-voltage-defined level) and aihwkit-style pulse-step devices (each pulse moves the
 * conductance by a state-dependent step). Conductances are in microsiemens throughout.
 */
public sealed interface DeviceModel permits GateControlledDevice, StepDevice {
    /**
     * The device's family, as spec files ({@code "type"}) and {@code --device} name it ({@link DeviceFamily}).
     *
     * @return e.g. "gate" or "soft-bounds"
     */
    String family();

    /**
     * Writes the device's fields (all but {@code "type"}) as a spec file lists them; {@link DeviceFamily#read} reads
     * them back.
     *
     * @param out the device object's fields, in order
     */
    void writeFields(Map<String, Object> out);

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
