package dev.xbar.core.device;

/**
 * A pulse-step device (aihwkit family): each pulse moves G up or down by {@link #meanStep} times {@code (1 +
 * dwMinStd * xi)}, then G is clipped to the device's bounds. Implementations give only the noiseless step shape.
 */
public sealed interface StepDevice extends DeviceModel
        permits ConstantStep, LinearStep, SoftBounds, ExpStep, PiecewiseStep {
    /**
     * The shared pulse parameters.
     *
     * @return the parameters
     */
    StepParameters steps();

    @Override
    default double gMinMicroSiemens() {
        return steps().gMinMicroSiemens();
    }

    @Override
    default double gMaxMicroSiemens() {
        return steps().gMaxMicroSiemens();
    }

    /**
     * The noiseless size (non-negative) of one pulse's step at conductance g, for one device.
     *
     * @param g the present conductance, in [gMin, gMax]
     * @param up true for a potentiating pulse, false for a depressing one
     * @param dw this device's step size in that direction (after device-to-device spread and asymmetry)
     * @param gMin this device's lower bound
     * @param gMax this device's upper bound (greater than gMin)
     * @return the step magnitude in microsiemens
     */
    float meanStep(float g, boolean up, float dw, float gMin, float gMax);
}
