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

    @Override
    public float meanStep(final float g, final boolean up, final float dw, final float gMin, final float gMax) {
        return dw;
    }
}
