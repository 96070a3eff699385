package dev.xbar.core.device;

import java.util.Objects;

/**
 * The step is proportional to the distance to the device's own bound it moves towards and is dw at w = 0 (aihwkit
 * {@code SoftBoundsDevice}, a linear step with gamma 1 referred to each device's bounds): with center the conductance of
 * w = 0 ({@link StepParameters#centerMicroSiemens()}), up = dwUp (gMax - g) / (gMax - center) and down = dwDown (g -
 * gMin) / (center - gMin). Noiseless up pulses approach gMax geometrically: gMax - g_n = (gMax - g_0) (1 - dwUp / (gMax
 * - center))^n.
 *
 * @param steps the shared pulse parameters
 */
public record SoftBounds(StepParameters steps) implements StepDevice {
    /** Checks the parameters are present. */
    public SoftBounds {
        Objects.requireNonNull(steps, "steps");
    }

    /**
     * The family's default: aihwkit's pulse parameters ({@link StepParameters#defaults()}).
     *
     * @return the device
     */
    public static SoftBounds defaults() {
        return new SoftBounds(StepParameters.defaults());
    }

    /**
     * Reads the device from a spec file ({@link DeviceFamily}).
     *
     * @param f the device object's fields
     * @return the device
     */
    public static SoftBounds read(final DeviceFields f) {
        final StepParameters steps = StepDevice.readSteps(f);
        return f.build(() -> new SoftBounds(steps));
    }

    @Override
    public String family() {
        return "soft-bounds";
    }

    @Override
    public LinearSlopes linearSlopes() {
        return new LinearSlopes(
                1.0f,
                1.0f,
                (float) steps.centerMicroSiemens(),
                (float) steps.gMinMicroSiemens(),
                (float) steps.gMaxMicroSiemens(),
                true);
    }

    @Override
    public float meanStep(final float g, final boolean up, final float dw, final float gMin, final float gMax) {
        return LinearStep.linear(g, up, dw, 1.0f, (float) steps.centerMicroSiemens(), up ? gMax : gMin);
    }
}
