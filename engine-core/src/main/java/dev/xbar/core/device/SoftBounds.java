package dev.xbar.core.device;

import java.util.Objects;

/**
 * The step is proportional to the distance to the bound it moves towards (aihwkit {@code SoftBoundsDevice}): up =
 * dw (gMax - g) / (gMax - gMin), down = dw (g - gMin) / (gMax - gMin). Noiseless up pulses approach gMax
 * geometrically: gMax - g_n = (gMax - g_0) (1 - dw / (gMax - gMin))^n.
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
        return new LinearSlopes(1.0f, 1.0f);
    }

    @Override
    public float meanStep(final float g, final boolean up, final float dw, final float gMin, final float gMax) {
        return LinearStep.linear(g, up, dw, gMin, gMax, 1.0f, 1.0f);
    }
}
