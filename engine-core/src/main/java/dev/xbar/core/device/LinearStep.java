package dev.xbar.core.device;

import dev.xbar.core.Check;
import java.util.Objects;

/**
 * The step shrinks linearly with the distance travelled towards the bound (aihwkit {@code LinearStepDevice}, with
 * the slope referred to the device's own range): up = dw (1 - gammaUp (g - gMin) / (gMax - gMin)), down = dw (1 -
 * gammaDown (gMax - g) / (gMax - gMin)), never negative.
 *
 * @param steps the shared pulse parameters
 * @param gammaUp relative decrease of the up step across the range (0: constant, 1: soft bound)
 * @param gammaDown relative decrease of the down step across the range
 */
public record LinearStep(StepParameters steps, double gammaUp, double gammaDown) implements StepDevice {
    /** Validates every field. */
    public LinearStep {
        Objects.requireNonNull(steps, "steps");
        Check.range("gammaUp", gammaUp, 0, 10);
        Check.range("gammaDown", gammaDown, 0, 10);
    }

    @Override
    public float meanStep(final float g, final boolean up, final float dw, final float gMin, final float gMax) {
        return linear(g, up, dw, gMin, gMax, (float) gammaUp, (float) gammaDown);
    }

    /**
     * The linear-step rule, shared with {@link SoftBounds} (gamma = 1).
     *
     * @param g the conductance
     * @param up the pulse direction
     * @param dw the step size
     * @param gMin the lower bound
     * @param gMax the upper bound
     * @param gammaUp up slope
     * @param gammaDown down slope
     * @return the step magnitude
     */
    static float linear(
            final float g,
            final boolean up,
            final float dw,
            final float gMin,
            final float gMax,
            final float gammaUp,
            final float gammaDown) {
        final float range = gMax - gMin;
        final float shape = up ? 1.0f - gammaUp * (g - gMin) / range : 1.0f - gammaDown * (gMax - g) / range;
        return dw * Math.max(shape, 0.0f);
    }
}
