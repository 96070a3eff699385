package dev.xbar.core.device;

import java.util.Objects;

/**
 * Every pulse moves G by the same step, until a hard bound (aihwkit {@code ConstantStepDevice}).
 *
 * @param steps the shared pulse parameters
 */
public record ConstantStep(StepParameters steps) implements StepDevice {
    /** Checks the parameters are present. */
    public ConstantStep {
        Objects.requireNonNull(steps, "steps");
    }

    /**
     * The family's default: aihwkit's pulse parameters ({@link StepParameters#defaults()}).
     *
     * @return the device
     */
    public static ConstantStep defaults() {
        return new ConstantStep(StepParameters.defaults());
    }

    /**
     * Reads the device from a spec file ({@link DeviceFamily}).
     *
     * @param f the device object's fields
     * @return the device
     */
    public static ConstantStep read(final DeviceFields f) {
        final StepParameters steps = StepDevice.readSteps(f);
        return f.build(() -> new ConstantStep(steps));
    }

    @Override
    public String family() {
        return "constant-step";
    }

    @Override
    public LinearSlopes linearSlopes() {
        return new LinearSlopes(
                0.0f,
                0.0f,
                (float) steps.centerMicroSiemens(),
                (float) steps.gMinMicroSiemens(),
                (float) steps.gMaxMicroSiemens(),
                false);
    }

    @Override
    public float meanStep(final float g, final boolean up, final float dw, final float gMin, final float gMax) {
        return dw;
    }
}
